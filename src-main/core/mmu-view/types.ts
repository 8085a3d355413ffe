/**
 * What the MMU inspector says about a translation: plain JSON-serialisable data (the debugger prints it, the
 * UI draws it as trees). One WalkView per paging structure walked; each step is one entry read.
 */

/** Which tree a step belongs to: the CPU's own tables, the guest's (under a VMM), a VMM's shadow, or EPT. */
export type WalkStructure = 'native' | 'guest' | 'shadow' | 'ept';

/** Entry kinds, as the SDM names them (32-bit paging: PDE, PTE; EPT: PML4E, PDPTE, PDE, PTE). */
export type WalkLevel = 'PDE' | 'PTE' | 'EPT-PML4E' | 'EPT-PDPTE' | 'EPT-PDE' | 'EPT-PTE';

/**
 * What a step led to:
 * - `table`: the entry points to the next table (`next` is its address);
 * - `frame`: a leaf (`next` is the page frame, `pageSize` its size);
 * - `not-present`: P = 0 (32-bit paging) or R = W = X = 0 (EPT): a #PF / an EPT violation;
 * - `reserved`: a reserved bit is set (32-bit paging: #PF with RSVD; SDM 4.7);
 * - `misconfig`: an EPT misconfiguration (W without R, reserved bits, bad memory type; SDM 29.3.3.1);
 * - `no-memory`: nothing backs the entry's address (the walk cannot read it);
 * - `ept-violation` / `ept-misconfig`: the guest-physical address of this entry has no EPT translation
 *   (the nested `ept` walk says why), so the guest walk stops before reading it.
 */
export type StepOutcome = 'table' | 'frame' | 'not-present' | 'reserved' | 'misconfig' | 'no-memory' | 'ept-violation' | 'ept-misconfig';

export interface WalkStep {
  readonly structure: WalkStructure;
  readonly level: WalkLevel;
  /** Address of the table the entry is in, as the walk names it (guest-physical for a guest walk under EPT). */
  readonly table: number;
  readonly index: number;
  /** Address of the entry (same space as `table`). */
  readonly entryAddress: number;
  /** Under EPT: the host-physical address the entry was read from (the nested `ept` walk's result), else null. */
  readonly entryHostAddress: number | null;
  /** The entry: low 32 bits (unsigned); EPT entries are 64-bit, their high half is in `valueHigh`. */
  readonly value: number;
  readonly valueHigh: number;
  /** The whole entry in hex, 8 digits (32-bit paging) or 16 (EPT). */
  readonly hex: string;
  /** The flags set, by their SDM names: P RW US PWT PCD A D PS G PAT / R W X MT=WB IPAT A D LEAF. */
  readonly flags: string[];
  readonly outcome: StepOutcome;
  /** Next table or page frame (table and frame outcomes), else null. */
  readonly next: number | null;
  /** Leaf page size in bytes (frame outcome), else null. */
  readonly pageSize: number | null;
  /** Why the walk stopped here, for people (reserved bits, misconfiguration rule), else null. */
  readonly reason: string | null;
  /** Under EPT: the EPT walk that translated `entryAddress` (guest-physical) to `entryHostAddress`. */
  readonly ept: WalkView | null;
}

export interface WalkView {
  readonly structure: WalkStructure;
  /** The root: CR3 (32-bit paging) or the EPT PML4 address (EPTP & ~0xfff). */
  readonly root: number;
  /** The address translated: linear (32-bit paging) or guest-physical (EPT). */
  readonly input: number;
  readonly steps: WalkStep[];
  /** The translated address, or null when the walk stopped (not present, reserved, misconfiguration…). */
  readonly output: number | null;
  readonly pageSize: number | null;
  /** How the walk ended: the last step's outcome. */
  readonly outcome: StepOutcome;
  /**
   * Access rights of the leaf combined over every level: 32-bit paging `write` (R/W of all levels) and
   * `user` (U/S of all levels); EPT `read`, `write`, `execute`. Null when the walk did not reach a leaf.
   */
  readonly rights: AccessRights | null;
  /** Paging-structure entries read, nested EPT walks included (what a TLB miss costs in table references). */
  readonly refs: number;
}

export interface AccessRights {
  readonly read: boolean;
  readonly write: boolean;
  readonly user: boolean;
  readonly execute: boolean;
}

/** How the vCPU translates linear addresses right now. */
export type TranslationSituation =
  /** CR0.PG = 0, no VMM: linear = physical. */
  | 'paging-off'
  /** The CPU walks its own 32-bit tables (native mode, or a bare-metal guest's own kernel). */
  | 'native'
  /** A software VMM (trap, bt, pv, vtx without EPT): the guest's tables and the tables the CPU really walks. */
  | 'shadow'
  /** VMX non-root with EPT: the guest's tables, every table address and the final address through EPT. */
  | 'ept';

export interface TranslationView {
  readonly linear: number;
  readonly situation: TranslationSituation;
  /** One line for people: what translates this address and how. */
  readonly summary: string;
  /** The guest's walk (situations shadow, ept; null while the guest's own paging is off), or the native one. */
  readonly guest: WalkView | null;
  /** The tree the CPU walks instead of the guest's: the shadow (or direct) tables from the real CR3. */
  readonly shadow: WalkView | null;
  /** EPT: the walk of the final guest-physical address (the per-table EPT walks are nested in `guest`'s steps). */
  readonly ept: WalkView | null;
  /** Guest-physical address (under a VMM), or null. */
  readonly guestPhysical: number | null;
  /** Where the access lands in host-physical memory, or null when the translation fails. */
  readonly physical: number | null;
  /** Paging-structure entries a TLB miss on this address reads (the two-dimensional count under EPT). */
  readonly refs: number;
  /** What the vCPU's TLB holds for the page now (null: nothing). */
  readonly tlb: TlbEntryView | null;
  /** The address is in a software VMM's window (mapped by the walker before any table is read). */
  readonly vmmWindow: boolean;
}

export interface TlbEntryView {
  /** Linear page (address of its first byte). */
  readonly page: number;
  /** Physical frame the TLB maps it to. */
  readonly frame: number;
  /** Rights the entry grants: supervisor read always; supervisor write, user read, user write; global. */
  readonly supervisorWrite: boolean;
  readonly userRead: boolean;
  readonly userWrite: boolean;
  readonly global: boolean;
}

/** `info tlb`: the counters and what the TLB holds. */
export interface TlbView {
  /** Linear pages with a cached translation. */
  readonly filled: number;
  readonly hits: number;
  /** TLB misses = page walks (the cost model's page-walk events). */
  readonly misses: number;
  readonly walkRefs: number;
  readonly eptWalkRefs: number;
  /** walkRefs / misses (0 before any walk). */
  readonly refsPerWalk: number;
  readonly flushes: number;
  /** The first `limit` entries by linear address. */
  readonly entries: TlbEntryView[];
}
