/** Sources the backend tests start machines and assemblies with. */

/** A multiboot guest that never ends (a runaway a Stop, a timeout or a closed window must end). */
export const SPINNING_GUEST = `bits 32
org 0x100000
%include "multiboot.inc"
    MULTIBOOT_HEADER start
start:
    jmp start
`;

/** Seconds of preprocessing (over 2 s on a quiet 2-core EPYC) before the preprocessor's own bound ends it with an error. */
export const SLOW_ASSEMBLY = `%assign i 0\n%rep 1000000\n%assign i i+1\n%endrep\n%rep 1000000\n%assign i i+1\n%endrep\ndd i\n`;
