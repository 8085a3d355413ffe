/**
 * Exit qualifications of the instruction exits whose qualification is a bit field (SDM Vol. 3C 28.2.1):
 * control-register accesses (table 28-3), MOV DR (table 28-4) and I/O instructions (table 28-5).
 */

/** CR access types, bits 5:4 of the CR-access qualification. */
export const CR_MOV_TO = 0, CR_MOV_FROM = 1, CR_CLTS = 2, CR_LMSW = 3;

/**
 * Control-register access: CR number (3:0; 0 for CLTS and LMSW), access type (5:4), LMSW operand type
 * (6: 1 = memory), the general-purpose register of MOV CR (11:8), the LMSW source data (31:16).
 */
export function crQualification(cr: number, access: number, gpr: number, lmswMemory: boolean, lmswSource: number): number {
  return (cr & 0xf) | (access << 4) | (lmswMemory ? 1 << 6 : 0) | ((gpr & 0xf) << 8) | ((lmswSource & 0xffff) << 16);
}

/** MOV DR: debug register (2:0), direction (4: 0 = MOV to DR, 1 = MOV from DR), general-purpose register (11:8). */
export function drQualification(dr: number, fromDr: boolean, gpr: number): number {
  return (dr & 7) | (fromDr ? 1 << 4 : 0) | ((gpr & 0xf) << 8);
}

/**
 * I/O instruction: size of access minus one (2:0: 0, 1 or 3), direction (3: 1 = IN), string (4), REP (5),
 * operand encoding (6: 1 = immediate port), port number (31:16).
 */
export function ioQualification(bytes: number, input: boolean, string: boolean, rep: boolean, immediate: boolean, port: number): number {
  return (bytes - 1) | (input ? 1 << 3 : 0) | (string ? 1 << 4 : 0) | (rep ? 1 << 5 : 0) | (immediate ? 1 << 6 : 0) |
    ((port & 0xffff) << 16);
}
