/**
 * The backend API, once, for every transport: the Electron preload bridge (ipcRenderer.invoke on
 * `virtlab:<method>`) and the web host's WebSocket carry the same methods with the same schemas. The main
 * process validates every payload with these schemas before a service sees it; the renderer validates what
 * comes back. Later issues add machines, runs and inspectors here.
 */
import { z } from 'zod';
import type { WalkView } from '../mmu-view/types';
import { COST_PRESETS, DEFAULT_COST_PRESET } from '../cost/presets';
import { UiTextSchema, type UiText } from './ui-text';

export const CHANNEL_PREFIX = 'virtlab:';

/** Largest source text the editor may send (a student's file, not a corpus). */
const MAX_SOURCE_CHARS = 2_000_000;

export const DiagnosticSchema = z.object({
  file: z.string(),
  line: z.number().int(),
  col: z.number().int(),
  endCol: z.number().int().optional(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  /** The message as an id with parameters the UI translates (core/asm/diagnostic-text.ts). */
  ui: UiTextSchema.optional(),
});
export type Diagnostic = z.infer<typeof DiagnosticSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** Where the backend runs: 'electron' (preload bridge) or 'web' (local web host). */
  host: z.enum(['electron', 'web', 'test']),
  runtime: z.object({ node: z.string(), electron: z.string().optional(), platform: z.string(), arch: z.string() }),
  hostCpus: z.number().int(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const AssembleInputSchema = z.object({
  fileName: z.string().min(1).max(260),
  source: z.string().max(MAX_SOURCE_CHARS),
});
export type AssembleInput = z.infer<typeof AssembleInputSchema>;

export const AssembleOutputSchema = z.object({
  ok: z.boolean(),
  /** The flat binary as an array of byte values (JSON-friendly for every transport). */
  bytes: z.array(z.number().int().min(0).max(255)),
  origin: z.number().int(),
  diagnostics: z.array(DiagnosticSchema),
  listing: z.string(),
});
export type AssembleOutput = z.infer<typeof AssembleOutputSchema>;

export const VM_MODES = ['native', 'trap', 'bt', 'pv', 'vtx'] as const;
export const TOPOLOGY_PRESET_NAMES = ['smp4', 'rh65', 'numa4'] as const;

export const COST_PRESET_NAMES = Object.keys(COST_PRESETS) as [string, ...string[]];
/** Largest topology JSON the panel may send (a few nodes, not a data set). */
export const MAX_TOPOLOGY_JSON_CHARS = 100_000;
const NodeIdSchema = z.number().int().min(0).max(63);

/** Where guest pages go (Linux mempolicy(7), as numactl sets it): core/numa/mem-policy.ts. */
export const MemoryPolicySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }),
  z.object({ kind: z.literal('bind'), nodes: z.array(NodeIdSchema).min(1).max(64) }),
  z.object({ kind: z.literal('interleave'), nodes: z.array(NodeIdSchema).min(1).max(64) }),
  z.object({ kind: z.literal('preferred'), node: NodeIdSchema }),
]);
export type MemoryPolicy = z.infer<typeof MemoryPolicySchema>;

/**
 * The machine's shape beyond the program (the lab's Machine panel; the CLI's guest options, machine.md §10).
 * The service checks what the schema cannot (CPUs and nodes against the topology) and names the field.
 */
export const MachineOptionsShape = {
  vcpus: z.number().int().min(1).max(16).default(1),
  mode: z.enum(VM_MODES).default('native'),
  /** A built-in host topology (ignored when `topologyJson` is given). */
  topology: z.enum(TOPOLOGY_PRESET_NAMES).default('smp4'),
  /** A custom host topology: the JSON of a topology file (core/numa/topology-schema.ts). */
  topologyJson: z.string().max(MAX_TOPOLOGY_JSON_CHARS).optional(),
  /** The host CPU each vCPU runs on, by vCPU id; null (or past the end): placed by the spread rule. */
  vcpuPin: z.array(z.number().int().min(0).max(4095).nullable()).max(16).default([]),
  memoryPolicy: MemoryPolicySchema.default({ kind: 'local' }),
  cost: z.enum(COST_PRESET_NAMES).default(DEFAULT_COST_PRESET),
  /** Every vCPU on one thread, round-robin: the same output and counters every run. */
  deterministic: z.boolean().default(false),
  /** AutoNUMA: hot pages migrate toward the node of the vCPU that uses them. */
  numaBalancing: z.boolean().default(false),
  /** VT-x only: EPT (true) or shadow paging (false); default EPT. */
  ept: z.boolean().optional(),
  /** VT-x only: VPID-tagged TLB; default on. */
  vpid: z.boolean().optional(),
  /** VT-x with EPT only: 2 MiB EPT pages for guest RAM (default 4 KiB). */
  eptLargePages: z.boolean().optional(),
};

export const MachineStartInputSchema = z.object({
  fileName: z.string().min(1).max(260),
  source: z.string().max(MAX_SOURCE_CHARS),
  ...MachineOptionsShape,
  /** Source lines of `fileName` (1-based) to break at; each maps to the first address assembled from it. */
  breakpointLines: z.array(z.number().int().min(1)).max(256).default([]),
  /** Conditions of some of those lines (`eax == 3`): the breakpoint stops only when its condition holds. */
  breakpointConditions: z.array(z.object({ line: z.number().int().min(1), condition: z.string().max(200) })).max(256).default([]),
  /** Stop every vCPU before its first instruction (a `machine.stopped` event with reason 'entry'). */
  pauseAtEntry: z.boolean().default(false),
  /** Watchpoints armed before the first instruction (as `debug.setWatchpoints` sets them later). */
  watchpoints: z.array(z.lazy(() => WatchpointSpecSchema)).max(32).default([]),
  /** 'all': every vCPU starts at the entry point; 'sipi': the APs wait for INIT-SIPI-SIPI (VmConfig.apStart). */
  apStart: z.enum(['all', 'sipi']).default('all'),
  /**
   * The id the caller gives the run, so it knows the run's events (which may come before this call answers) from
   * the first one. Run ids are the caller's own: another window's runs never collide. Default: the backend picks.
   */
  runId: z.number().int().min(1).max(0x7fffffff).optional(),
});
export type MachineStartInput = z.input<typeof MachineStartInputSchema>;

export const MachineStartOutputSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    runId: z.number().int(),
    warnings: z.array(z.string()),
    /** The warnings for the UI to translate, one per warning (null: only the English). */
    warningsUi: z.array(UiTextSchema.nullable()).optional(),
  }),
  z.object({ ok: z.literal(false), diagnostics: z.array(DiagnosticSchema), message: z.string(), ui: UiTextSchema.optional() }),
]);

const RunIdSchema = z.object({ runId: z.number().int().nonnegative() });

/** Why a mode cannot run the machine asked about: a code the UI translates, and the same in English words. */
export const ModeReasonSchema = z.object({
  code: z.enum(['not-built', 'sipi-software-vmm', 'sipi-vtx', 'no-ept', 'no-vpid', 'ept-pages-need-ept', 'no-ept-2m']),
  text: z.string(),
});
export const MachineCapabilitiesSchema = z.object({
  /** Every mode, in order; `unavailable` null when it can run the machine described by the input. */
  modes: z.array(z.object({ mode: z.enum(VM_MODES), unavailable: ModeReasonSchema.nullable() })),
  costPresets: z.array(z.object({ name: z.string(), description: z.string() })),
  topologies: z.array(z.enum(TOPOLOGY_PRESET_NAMES)),
  /** What the emulated VMX offers (IA32_VMX_PROCBASED_CTLS2, IA32_VMX_EPT_VPID_CAP). */
  vtx: z.object({ ept: z.boolean(), vpid: z.boolean(), ept2m: z.boolean() }),
});
export type MachineCapabilities = z.infer<typeof MachineCapabilitiesSchema>;

/**
 * `machine.compare`: the program under every technique, deterministically, one column per mode (engine/compare-modes.ts,
 * what `virtlab compare` prints). The machine's options apply to every column (its mode is ignored).
 */
export const MachineCompareInputSchema = z.object({
  fileName: z.string().min(1).max(260),
  source: z.string().max(MAX_SOURCE_CHARS),
  ...MachineOptionsShape,
  apStart: z.enum(['all', 'sipi']).default('all'),
  /** The program's paravirtualized port for the pv column; without it that column says why it is empty. */
  pv: z.object({ fileName: z.string().min(1).max(260), source: z.string().max(MAX_SOURCE_CHARS) }).optional(),
  /** Each column stops after this many instructions per vCPU (a guest that never ends still gets figures). */
  maxInsns: z.number().int().min(1000).max(1_000_000_000).default(20_000_000),
});
const CompareColumnName = { column: z.string(), mode: z.enum(VM_MODES), guest: z.string().nullable() };
export const ModeColumnSchema = z.discriminatedUnion('available', [
  z.object({
    ...CompareColumnName,
    available: z.literal(true),
    outcome: z.enum(['debug-exit', 'halted', 'triple-fault', 'timeout', 'instruction-limit', 'crashed', 'stopped']),
    exitValue: z.number().int().nullable(),
    reports: z.array(z.string()),
    instructions: z.number(),
    trapsToVmm: z.number(),
    exitsByReason: z.record(z.string(), z.number()),
    vmExits: z.number(),
    hypercalls: z.number(),
    translatedBlocks: z.number(),
    translations: z.number(),
    callouts: z.number(),
    holes: z.number(),
    /** Cycles by the cost model's event kind (core/cost EVENT_KIND_NAMES); kinds with none left out. */
    cyclesByKind: z.record(z.string(), z.number()),
    totalCycles: z.number(),
    /** totalCycles / native's (null without a native column). */
    overhead: z.number().nullable(),
    cyclesWithoutMemory: z.number(),
    overheadWithoutMemory: z.number().nullable(),
  }),
  z.object({ ...CompareColumnName, available: z.literal(false), reason: z.string(), /** The reason as a message the UI translates. */ reasonUi: UiTextSchema.optional() }),
]);
export type ModeColumnView = z.infer<typeof ModeColumnSchema>;
export const MachineCompareOutputSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    guest: z.string(),
    pvGuest: z.string().nullable(),
    cost: z.object({ preset: z.string(), clockGHz: z.number() }),
    modes: z.array(ModeColumnSchema),
  }),
  z.object({ ok: z.literal(false), diagnostics: z.array(DiagnosticSchema), message: z.string() }),
]);
export type MachineCompareOutput = z.infer<typeof MachineCompareOutputSchema>;

/** A vCPU's VT-x figures: current VMCS, VM entries and exits (by SDM reason name), the last exit and failed entry. */
export const VmxInfoSchema = z.object({
  /** Physical address of the current VMCS, or null. */
  vmcs: z.number().int().nullable(),
  entries: z.number(),
  exits: z.number(),
  /** Non-zero counts only, by the SDM's basic exit reason name (CPUID, IO_INSTRUCTION, …). */
  exitsByReason: z.record(z.string(), z.number()),
  lastExit: z.object({ reason: z.number().int(), name: z.string(), qualification: z.number().int() }).nullable(),
  /** The last VM entry that failed its checks: the field, the rule and the SDM section, and one line for people. */
  lastEntryFailure: z.object({ text: z.string(), field: z.string(), rule: z.string(), sdm: z.string() }).nullable(),
});
export type VmxInfo = z.infer<typeof VmxInfoSchema>;

/** A vCPU's MMU counters (engine/mmu-sample.ts): TLB hits and misses (= page walks), table references, flushes. */
export const MmuInfoSchema = z.object({
  tlbHits: z.number(),
  tlbMisses: z.number(),
  walkRefs: z.number(),
  /** walkRefs / tlbMisses: 2 for 4 KiB pages, 1 for 4 MiB pages, up to 14 for a 2-level guest over 4-level EPT. */
  refsPerWalk: z.number(),
  eptWalkRefs: z.number(),
  tlbFlushes: z.number(),
});
export type MmuInfo = z.infer<typeof MmuInfoSchema>;

export const VcpuSnapshotSchema = z.object({
  id: z.number().int(),
  ring: z.number().int().min(0).max(3),
  vmx: z.enum(['off', 'root', 'non-root']),
  state: z.enum(['created', 'running', 'paused', 'halted', 'finished', 'wait-for-sipi']),
  hostCpu: z.number().int(),
  node: z.number().int(),
  eip: z.number().int(),
  instructions: z.number(),
  cycles: z.number(),
  /** Exits to the VMM so far, by reason as the stats JSON names them (io_in, io_out, mmio_read, hlt, …). */
  exits: z.record(z.string(), z.number()),
  /** VT-x figures (absent from backends older than VT-x). */
  vmxInfo: VmxInfoSchema.optional(),
  /** MMU figures (absent from older backends). */
  mmu: MmuInfoSchema.optional(),
  /** Cycles by CPU cost kind so far (core/cpu/costs.ts COST_NAMES: instruction, page-walk, vm-exit, trap-to-vmm, …). */
  cyclesByKind: z.record(z.string(), z.number()).optional(),
  /**
   * The built-in VMM's non-zero counters by their stats-JSON names (core/vmm/soft/vmm-stats.ts: traps, emulations,
   * reflections, io_forwarded, pt_writes, gdt_write_traps, hypercalls, hypercall_errors, bt_callouts, …);
   * absent natively.
   */
  vmm: z.record(z.string(), z.number()).optional(),
  /** Traps to the software VMM by reason ('#GP', '#PF', 'INT n', 'interrupt', 'NMI'), non-zero only; trap, bt and pv. */
  trapsByReason: z.record(z.string(), z.number()).optional(),
  /** Hypercalls by name ('mmu_update', 'console_io', …; 'hypercall N' for a number without one), non-zero only. */
  hypercallsByName: z.record(z.string(), z.number()).optional(),
  /** Guest RAM accesses this vCPU made, by the node the page is on (numastat's per-task view). */
  accessesByNode: z.array(z.number()).optional(),
});
export type VcpuSnapshot = z.infer<typeof VcpuSnapshotSchema>;

export const NodeSnapshotSchema = z.object({
  id: z.number().int(),
  pagesUsed: z.number(),
  pagesTotal: z.number(),
  localAccesses: z.number(),
  remoteAccesses: z.number(),
});
export type NodeSnapshot = z.infer<typeof NodeSnapshotSchema>;

export const MachineSnapshotSchema = z.object({
  runId: z.number().int(),
  vcpus: z.array(VcpuSnapshotSchema),
  nodes: z.array(NodeSnapshotSchema),
  /**
   * nodeAccesses[from][to]: guest RAM accesses by the vCPUs whose home is node `from` to pages on node `to`
   * (the diagonal is local). Absent from older backends.
   */
  nodeAccesses: z.array(z.array(z.number())).optional(),
});
export type MachineSnapshot = z.infer<typeof MachineSnapshotSchema>;

/** One line of the VM's lifecycle in KVM's terms (KVM_CREATE_VM, KVM_SET_USER_MEMORY_REGION, KVM_RUN, exits…). */
export const LifecycleEntrySchema = z.object({
  /** Milliseconds since the VM was created. */
  t: z.number(),
  /** -1 for VM-wide events. */
  vcpu: z.number().int(),
  event: z.string(),
  detail: z.string(),
  /** The detail in a form the UI translates (the English `detail` is its fallback). */
  ui: UiTextSchema.optional(),
});
export type LifecycleEntry = z.infer<typeof LifecycleEntrySchema>;

export const MachineExitSchema = z.object({
  runId: z.number().int(),
  outcome: z.enum(['debug-exit', 'halted', 'triple-fault', 'timeout', 'instruction-limit', 'crashed', 'stopped']),
  exitValue: z.number().int().nullable(),
  reports: z.array(z.string()),
  /** Each report's lines as messages the UI translates (null: English only), in the order of `reports`. */
  reportsUi: z.array(z.array(UiTextSchema).nullable()).optional(),
});
export type MachineExit = z.infer<typeof MachineExitSchema>;

// ---- Debugger (issue 4 §4): the same interface the CLI's `virtlab debug` drives. Valid while the run is paused
// (after machine.pause, a step, a breakpoint or pauseAtEntry); otherwise the answer is { ok: false, message }.

const VcpuRefSchema = RunIdSchema.extend({ vcpu: z.number().int().min(0).max(15).default(0) });
const u32 = z.number().int().min(0).max(0xffffffff);

export const SegmentViewSchema = z.object({
  selector: z.number().int(),
  base: u32,
  limit: u32,
  /** Access rights in the VMCS layout (type, S, DPL, P, AVL, D/B, G, bit 16 unusable). */
  accessRights: z.number().int(),
  dpl: z.number().int().min(0).max(3),
  present: z.boolean(),
  unusable: z.boolean(),
});
export const SEGMENT_NAMES = ['es', 'cs', 'ss', 'ds', 'fs', 'gs', 'ldtr', 'tr'] as const;
export const GPR_NAMES = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'] as const;
/** Registers `debug.setRegister` accepts (segments go through setSegment). */
export const WRITABLE_REGISTERS = [...GPR_NAMES, 'eip', 'eflags', 'cr0', 'cr2', 'cr3', 'cr4', 'dr0', 'dr1', 'dr2', 'dr3', 'dr6', 'dr7'] as const;

export const SourceLocationSchema = z.object({ file: z.string(), line: z.number().int() });
export type SourceLocation = z.infer<typeof SourceLocationSchema>;

export const RegistersSchema = z.object({
  vcpu: z.number().int(),
  state: z.enum(['created', 'running', 'paused', 'halted', 'finished', 'wait-for-sipi']),
  gpr: z.object(Object.fromEntries(GPR_NAMES.map((n) => [n, u32])) as Record<(typeof GPR_NAMES)[number], typeof u32>),
  eip: u32,
  eflags: u32,
  cpl: z.number().int().min(0).max(3),
  segments: z.object(Object.fromEntries(SEGMENT_NAMES.map((n) => [n, SegmentViewSchema])) as Record<(typeof SEGMENT_NAMES)[number], typeof SegmentViewSchema>),
  cr0: u32, cr2: u32, cr3: u32, cr4: u32,
  dr: z.array(u32).length(8),
  gdtr: z.object({ base: u32, limit: z.number().int() }),
  idtr: z.object({ base: u32, limit: z.number().int() }),
  halted: z.boolean(),
  instructions: z.number(),
  cycles: z.number(),
  /** The source line EIP was assembled from (current program only), else null. */
  source: SourceLocationSchema.nullable(),
});
export type Registers = z.infer<typeof RegistersSchema>;

export const DisasmLineSchema = z.object({
  address: u32,
  /** Instruction bytes as hex ("cd80"). */
  bytes: z.string(),
  /** NASM syntax, as `virtlab disasm` prints it. */
  text: z.string(),
  current: z.boolean(),
  breakpoint: z.boolean(),
  source: SourceLocationSchema.nullable(),
});
export type DisasmLine = z.infer<typeof DisasmLineSchema>;

export const TraceEventSchema = z.object({
  kind: z.enum(['exception', 'interrupt', 'software-interrupt', 'privilege-change', 'double-fault', 'triple-fault', 'iret', 'sysenter', 'sysexit', 'task-switch',
    'vmxon', 'vmxoff', 'vmlaunch', 'vmresume', 'vm-entry', 'vm-exit', 'vm-entry-failure', 'vmx-abort',
    'vmm-trap', 'vmm-emulate', 'vmm-reflect', 'vmm-hole']),
  /** Instruction count when it happened. */
  at: z.number(),
  eip: u32,
  /** Vector for interrupts/exceptions, null otherwise. */
  vector: z.number().int().nullable(),
  errorCode: z.number().int().nullable(),
  /** Ring left and ring entered, for privilege changes (and IRET/SYSEXIT/SYSENTER when they change ring). */
  fromRing: z.number().int().nullable(),
  toRing: z.number().int().nullable(),
  /** One line for people: "#GP(0x0010) at 0x00100234", "ring 3 → ring 0". */
  text: z.string(),
});
export type TraceEvent = z.infer<typeof TraceEventSchema>;

/** A vCPU's VMX state for the debugger, the current VMCS decoded by field group (core/vmx/vmx-view.ts). */
export const VmxViewSchema = z.object({
  mode: z.enum(['off', 'root', 'non-root']),
  vmxon: z.number().int().nullable(),
  current: z.object({
    address: z.number().int(),
    launched: z.boolean(),
    groups: z.array(z.object({
      group: z.string(),
      title: z.string(),
      fields: z.array(z.object({ name: z.string(), encoding: z.number().int(), bits: z.number().int(), value: z.number(), hex: z.string(), meaning: z.string().optional() })),
    })),
  }).nullable(),
  held: z.array(z.number().int()),
  entries: z.number(),
  exits: z.number(),
  lastExit: z.object({ reason: z.number().int(), name: z.string(), qualification: z.number().int() }).nullable(),
  lastEntryFailure: z.object({ text: z.string(), result: z.string(), field: z.string(), rule: z.string(), sdm: z.string() }).nullable(),
});
export type VmxView = z.infer<typeof VmxViewSchema>;

/** `debug.descriptors`: the GDT, IDT and LDT entry by entry and the current TSS (core/cpu/descriptor-view.ts). */
export const DescriptorViewSchema = z.object({
  index: z.number().int(),
  selector: z.number().int(),
  address: z.number(),
  lo: z.number(),
  hi: z.number(),
  raw: z.string(),
  kind: z.enum(['empty', 'code', 'data', 'system', 'gate', 'reserved', 'unreadable']),
  type: z.number().int(),
  typeName: z.string(),
  dpl: z.number().int(),
  present: z.boolean(),
  base: z.number().nullable(),
  limit: z.number().nullable(),
  db: z.boolean().nullable(),
  g: z.boolean().nullable(),
  avl: z.boolean().nullable(),
  gate: z.object({ selector: z.number().int(), offset: z.number().nullable(), paramCount: z.number().int().nullable() }).nullable(),
  loadedIn: z.array(z.string()).readonly(),
  note: z.string().nullable(),
  /** The note as a message the UI translates. */
  noteUi: UiTextSchema.nullable(),
});
export type DescriptorView = z.infer<typeof DescriptorViewSchema>;
export const DescriptorTableViewSchema = z.object({
  table: z.enum(['gdt', 'idt', 'ldt']),
  base: z.number(),
  limit: z.number().int(),
  selector: z.number().int().nullable(),
  entries: z.array(DescriptorViewSchema).readonly(),
  truncated: z.boolean(),
  problem: z.string().nullable(),
});
export type DescriptorTableView = z.infer<typeof DescriptorTableViewSchema>;
const TssFieldSchema = z.object({ name: z.string(), value: z.number() });
export const TssViewSchema = z.object({
  selector: z.number().int(),
  base: z.number(),
  limit: z.number(),
  typeName: z.string(),
  bits: z.union([z.literal(16), z.literal(32)]),
  busy: z.boolean(),
  link: z.number().int(),
  stacks: z.array(z.object({ ring: z.number().int(), ss: z.number().int(), esp: z.number() })).readonly(),
  cr3: z.number().nullable(),
  registers: z.array(TssFieldSchema).readonly(),
  segments: z.array(TssFieldSchema).readonly(),
  ldt: z.number().int(),
  trap: z.boolean().nullable(),
  ioMapBase: z.number().int().nullable(),
  unreadable: z.boolean(),
});
export type TssView = z.infer<typeof TssViewSchema>;
export const DescriptorsViewSchema = z.object({
  gdt: DescriptorTableViewSchema,
  idt: DescriptorTableViewSchema,
  ldt: DescriptorTableViewSchema,
  tss: TssViewSchema.nullable(),
  tssProblem: z.string().nullable(),
});
export type DescriptorsView = z.infer<typeof DescriptorsViewSchema>;

/** `debug.bt`: a vCPU's translation cache under `--mode bt` (core/vmm/bt/bt-view.ts). */
const BtDisasmSchema = z.object({ address: z.number(), hex: z.string(), length: z.number().int(), text: z.string() });
export const BtViewSchema = z.object({
  cacheBytes: z.number().int(),
  blocks: z.array(z.object({
    guestEip: z.number(), tcAddress: z.number(), tcBytes: z.number().int(), guestInsns: z.number().int(),
    exits: z.number().int(), chainedExits: z.number().int(), live: z.boolean(),
  })).readonly(),
  listing: z.string().nullable(),
  lines: z.array(z.object({
    guest: BtDisasmSchema.nullable(), tc: BtDisasmSchema, how: z.string(), note: z.string(),
    /** `how` and the note as messages the UI translates (null when empty). */
    howUi: UiTextSchema.nullable(), noteUi: UiTextSchema.nullable(),
  })).readonly().nullable(),
  listedEip: z.number().nullable(),
});
export type BtView = z.infer<typeof BtViewSchema>;

/** The MMU inspector's views (core/mmu-view/types.ts): one walk, step by step; nested EPT walks under EPT. */
const WALK_STRUCTURES = ['native', 'guest', 'shadow', 'ept'] as const;
const STEP_OUTCOMES = ['table', 'frame', 'not-present', 'reserved', 'misconfig', 'no-memory', 'ept-violation', 'ept-misconfig'] as const;
export const WalkViewSchema: z.ZodType<WalkView> = z.lazy(() => z.object({
  structure: z.enum(WALK_STRUCTURES),
  root: z.number(),
  input: z.number(),
  steps: z.array(z.object({
    structure: z.enum(WALK_STRUCTURES),
    level: z.enum(['PDE', 'PTE', 'EPT-PML4E', 'EPT-PDPTE', 'EPT-PDE', 'EPT-PTE']),
    table: z.number(),
    index: z.number().int(),
    entryAddress: z.number(),
    entryHostAddress: z.number().nullable(),
    value: z.number(),
    valueHigh: z.number(),
    hex: z.string(),
    flags: z.array(z.string()),
    outcome: z.enum(STEP_OUTCOMES),
    next: z.number().nullable(),
    pageSize: z.number().nullable(),
    reason: z.string().nullable(),
    ept: WalkViewSchema.nullable(),
  })),
  output: z.number().nullable(),
  pageSize: z.number().nullable(),
  outcome: z.enum(STEP_OUTCOMES),
  rights: z.object({ read: z.boolean(), write: z.boolean(), user: z.boolean(), execute: z.boolean() }).nullable(),
  refs: z.number().int(),
}));
export const TlbEntrySchema = z.object({
  page: z.number(), frame: z.number(), supervisorWrite: z.boolean(), userRead: z.boolean(), userWrite: z.boolean(), global: z.boolean(),
});
/** `debug.page`: every tree that translates a linear address on a vCPU (core/mmu-view/describe-translation.ts). */
export const TranslationViewSchema = z.object({
  linear: z.number(),
  situation: z.enum(['paging-off', 'native', 'shadow', 'ept']),
  summary: z.string(),
  guest: WalkViewSchema.nullable(),
  shadow: WalkViewSchema.nullable(),
  ept: WalkViewSchema.nullable(),
  guestPhysical: z.number().nullable(),
  physical: z.number().nullable(),
  refs: z.number().int(),
  tlb: TlbEntrySchema.nullable(),
  vmmWindow: z.boolean(),
});
export type TranslationView = z.infer<typeof TranslationViewSchema>;
/** `debug.tlb`: the TLB's counters and entries. */
export const TlbViewSchema = z.object({
  filled: z.number().int(),
  hits: z.number(),
  misses: z.number(),
  walkRefs: z.number(),
  eptWalkRefs: z.number(),
  refsPerWalk: z.number(),
  flushes: z.number(),
  entries: z.array(TlbEntrySchema),
});
export type TlbView = z.infer<typeof TlbViewSchema>;

/** A debugger watchpoint: stop when the guest reads, writes or accesses (either) the bytes at a linear address. */
export const WATCH_KINDS = ['write', 'read', 'access'] as const;
export const WatchpointSpecSchema = z.object({
  address: z.number().int().min(0).max(0xffffffff),
  length: z.union([z.literal(1), z.literal(2), z.literal(4)]),
  kind: z.enum(WATCH_KINDS),
});
export type WatchpointSpec = z.infer<typeof WatchpointSpecSchema>;
export const WatchpointSchema = WatchpointSpecSchema.extend({ id: z.number().int() });

/** The descriptor or gate a selector error code names, and the check it failed (engine/explain-stop.ts). */
const DescriptorFactsSchema = z.object({
  table: z.enum(['gdt', 'ldt', 'idt']),
  index: z.number().int(),
  tableLimit: z.number().int(),
  address: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  present: z.boolean(),
  dpl: z.number().int(),
  codeOrData: z.boolean(),
  type: z.number().int(),
  base: z.number(),
  limit: z.number(),
  gateSelector: z.number().int().nullable(),
  gateOffset: z.number().nullable(),
  check: z.enum(['null', 'beyond-limit', 'no-ldt', 'not-present', 'system', 'dpl', 'gate-type', 'none']),
});
/** `debug.explain`: why a vCPU stopped, as codes and fields; the renderer words it in the UI language. */
export const StopExplanationSchema = z.object({
  kind: z.enum(['fault', 'entry-failure', 'watchpoint', 'none']),
  eip: u32,
  cpl: z.number().int(),
  /** The source line of `eip` (the faulting instruction, VMLAUNCH/VMRESUME, or the one that touched the watch). */
  source: SourceLocationSchema.nullable(),
  faults: z.array(z.object({
    vector: z.number().int(),
    errorCode: z.number().int(),
    eip: u32,
    selector: z.object({ selector: z.number().int(), ext: z.boolean(), idt: z.boolean(), ldt: z.boolean(), index: z.number().int(), descriptor: DescriptorFactsSchema.nullable() }).nullable(),
    pageFault: z.object({ present: z.boolean(), write: z.boolean(), user: z.boolean(), reserved: z.boolean(), fetch: z.boolean(), cr2: u32 }).nullable(),
  })),
  tripleFault: z.boolean(),
  shutdown: z.string().nullable(),
  page: TranslationViewSchema.nullable(),
  entryFailure: z.object({ area: z.string(), field: z.string(), rule: z.string(), sdm: z.string(), text: z.string(), result: z.string() }).nullable(),
  watch: z.object({
    address: u32, length: z.number().int(), kinds: z.number().int(), access: u32, size: z.number().int(), write: z.boolean(),
    before: z.array(z.number().int().nullable()), after: z.array(z.number().int().nullable()),
  }).nullable(),
});
export type StopExplanation = z.infer<typeof StopExplanationSchema>;

const DebugFailure = z.object({ ok: z.literal(false), message: z.string(), ui: UiTextSchema.optional() });
const debugResult = <T extends z.ZodRawShape>(shape: T) => z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), ...shape }), DebugFailure]);

/** fault: a fatal fault held post-mortem (a debug session's run); entry-failure: a failed VM entry; watchpoint: a watched access. */
export const DEBUG_STOP_REASONS = ['entry', 'breakpoint', 'step', 'pause', 'fault', 'entry-failure', 'watchpoint'] as const;

// ---- Workspace: the student's folder of files (src-main/services/workspace-service.ts confines every path to it).

/** A path relative to the workspace folder, '/'-separated ('labs/ring3.asm'); the service checks it further. */
const WorkspacePathSchema = z.string().min(1).max(260);
export const WorkspaceFileSchema = z.object({ path: z.string(), size: z.number(), mtimeMs: z.number() });
export type WorkspaceFile = z.infer<typeof WorkspaceFileSchema>;
export const WorkspaceInfoSchema = z.object({
  /** The folder, as the host names it (shown to the student; also the key of the renderer's unsaved buffers). */
  root: z.string(),
  files: z.array(WorkspaceFileSchema),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfoSchema>;
export const FileTextSchema = z.object({ path: z.string(), text: z.string(), version: z.string() });
export type FileText = z.infer<typeof FileTextSchema>;
export const WorkspaceWriteOutputSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), version: z.string() }),
  /** The file changed on disk since `baseVersion`: nothing was written; `version` is the disk's. */
  z.object({ ok: z.literal(false), conflict: z.literal(true), version: z.string() }),
]);
export type WorkspaceWriteOutput = z.infer<typeof WorkspaceWriteOutputSchema>;
export const ExampleEntrySchema = z.object({
  name: z.string(),
  title: z.string().nullable(),
  mode: z.enum(VM_MODES).nullable(),
  vcpus: z.array(z.number().int()),
  /** Why the header did not parse (the gallery then shows the file name only), else null. */
  problem: z.string().nullable(),
});
export type ExampleEntry = z.infer<typeof ExampleEntrySchema>;

/** Every method: its input and output schema. */
export const API = {
  'app.info': { input: z.object({}).strict(), output: AppInfoSchema },
  'asm.assemble': { input: AssembleInputSchema, output: AssembleOutputSchema },
  'machine.start': { input: MachineStartInputSchema, output: MachineStartOutputSchema },
  /** Which modes can run a machine of this shape (and why not), the cost presets and built-in topologies. */
  'machine.capabilities': {
    input: z.object({
      vcpus: MachineOptionsShape.vcpus,
      apStart: z.enum(['all', 'sipi']).default('all'),
      ept: MachineOptionsShape.ept,
      vpid: MachineOptionsShape.vpid,
      eptLargePages: MachineOptionsShape.eptLargePages,
    }),
    output: MachineCapabilitiesSchema,
  },
  /** Runs the program under every mode, one after the other, deterministically (can take seconds); the figures side by side. */
  'machine.compare': { input: MachineCompareInputSchema, output: MachineCompareOutputSchema },
  'machine.stop': { input: RunIdSchema, output: z.object({ stopped: z.boolean() }) },
  'machine.pause': { input: RunIdSchema, output: z.object({ ok: z.boolean() }) },
  'machine.resume': { input: RunIdSchema, output: z.object({ ok: z.boolean() }) },
  'machine.step': { input: RunIdSchema, output: z.object({ ok: z.boolean() }) },
  /** F10: a CALL runs until the instruction after it on that vCPU (the callee's work done), else one step. */
  'machine.stepOver': { input: RunIdSchema.extend({ vcpu: z.number().int().min(0).max(15).default(0) }), output: z.object({ ok: z.boolean() }) },
  /** Shift+F11: steps until the RET that leaves the vCPU's current function has run. */
  'machine.stepOut': { input: RunIdSchema.extend({ vcpu: z.number().int().min(0).max(15).default(0) }), output: z.object({ ok: z.boolean() }) },
  /** Run to cursor: until any vCPU reaches the first address of a source line; ok false when the line has no code. */
  'machine.runTo': { input: RunIdSchema.extend({ line: z.number().int().min(1) }), output: z.object({ ok: z.boolean() }) },
  'machine.input': { input: RunIdSchema.extend({ text: z.string().max(4096) }), output: z.object({ ok: z.boolean() }) },
  /** The caller's runs that have not ended (after a reconnect: which of them the backend still has). */
  'machine.runs': { input: z.object({}).strict(), output: z.object({ runs: z.array(z.object({ runId: z.number().int(), paused: z.boolean() })) }) },
  'debug.registers': { input: VcpuRefSchema, output: debugResult({ registers: RegistersSchema }) },
  'debug.setRegister': {
    input: VcpuRefSchema.extend({ name: z.enum(WRITABLE_REGISTERS), value: u32 }),
    output: debugResult({ registers: RegistersSchema }),
  },
  'debug.readMemory': {
    input: VcpuRefSchema.extend({ address: u32, length: z.number().int().min(1).max(4096), space: z.enum(['linear', 'physical']).default('linear') }),
    /** `mapped[i]` false: byte i has no translation (linear) or no backing (physical); its value is 0. */
    output: debugResult({ address: u32, bytes: z.array(z.number().int().min(0).max(255)), mapped: z.array(z.boolean()) }),
  },
  'debug.writeMemory': {
    input: VcpuRefSchema.extend({ address: u32, bytes: z.array(z.number().int().min(0).max(255)).min(1).max(4096), space: z.enum(['linear', 'physical']).default('linear') }),
    output: debugResult({}),
  },
  'debug.disassemble': {
    /** Around `address` (default: the vCPU's EIP): `before` instructions before it and `after` from it on. */
    input: VcpuRefSchema.extend({ address: u32.optional(), before: z.number().int().min(0).max(64).default(8), after: z.number().int().min(1).max(128).default(16) }),
    output: debugResult({ lines: z.array(DisasmLineSchema) }),
  },
  'debug.setBreakpoints': {
    /** Replaces every breakpoint (all vCPUs): linear addresses plus source lines of the running program. */
    input: RunIdSchema.extend({
      addresses: z.array(u32).max(256).default([]),
      lines: z.array(z.number().int().min(1)).max(256).default([]),
      /** Conditions of some of `lines` (`eax == 3`); a breakpoint whose condition is false is passed (its hit counted). */
      conditions: z.array(z.object({ line: z.number().int().min(1), condition: z.string().max(200) })).max(256).default([]),
    }),
    output: debugResult({ breakpoints: z.array(z.object({ address: u32, source: SourceLocationSchema.nullable() })), unresolvedLines: z.array(z.number().int()) }),
  },
  /** How often each source-line breakpoint was reached in this run (whether its condition held or not). */
  'debug.breakpointHits': {
    input: RunIdSchema,
    output: debugResult({ hits: z.array(z.object({ line: z.number().int(), address: u32, hits: z.number().int() })) }),
  },
  'debug.events': {
    input: VcpuRefSchema.extend({ limit: z.number().int().min(1).max(256).default(256) }),
    output: debugResult({ events: z.array(TraceEventSchema) }),
  },
  'debug.vmx': { input: VcpuRefSchema, output: debugResult({ vmx: VmxViewSchema }) },
  /** The vCPU's GDT, IDT and LDT decoded entry by entry, and its current TSS (as Bochs' info gdt/idt/ldt/tss). */
  'debug.descriptors': { input: VcpuRefSchema, output: debugResult({ descriptors: DescriptorsViewSchema }) },
  /** `--mode bt`: the translation cache's blocks, and the side-by-side listing of the block holding `address` (guest EIP or TC address). */
  'debug.bt': { input: VcpuRefSchema.extend({ address: u32.nullable().default(null) }), output: debugResult({ bt: BtViewSchema }) },
  /** How the vCPU translates a linear address: every tree (its own; the guest's and the shadow; EPT), entry by entry. */
  'debug.page': { input: VcpuRefSchema.extend({ address: u32 }), output: debugResult({ page: TranslationViewSchema }) },
  'debug.tlb': { input: VcpuRefSchema.extend({ limit: z.number().int().min(0).max(4096).default(64) }), output: debugResult({ tlb: TlbViewSchema }) },
  /** Replaces every watchpoint (all vCPUs). The stop (reason 'watchpoint') comes after the accessing instruction. */
  'debug.setWatchpoints': {
    input: RunIdSchema.extend({ watchpoints: z.array(WatchpointSpecSchema).max(32).default([]) }),
    output: debugResult({ watchpoints: z.array(WatchpointSchema) }),
  },
  /** Why the vCPU stopped (a fatal fault post-mortem, a failed VM entry, a watchpoint), decoded; kind 'none' otherwise. */
  'debug.explain': { input: VcpuRefSchema, output: debugResult({ explanation: StopExplanationSchema }) },
  'workspace.info': { input: z.object({}).strict(), output: WorkspaceInfoSchema },
  'workspace.read': { input: z.object({ path: WorkspacePathSchema }), output: FileTextSchema },
  /** The workspace's `*.json` files, as host topologies to choose from (text null: larger than a topology may be). */
  'workspace.topologies': {
    input: z.object({}).strict(),
    output: z.object({ files: z.array(z.object({ path: z.string(), text: z.string().max(MAX_TOPOLOGY_JSON_CHARS).nullable() })) }),
  },
  'workspace.write': {
    input: z.object({ path: WorkspacePathSchema, text: z.string().max(MAX_SOURCE_CHARS), baseVersion: z.string().max(64).optional() }),
    output: WorkspaceWriteOutputSchema,
  },
  'workspace.create': { input: z.object({ path: WorkspacePathSchema, text: z.string().max(MAX_SOURCE_CHARS).default('') }), output: FileTextSchema },
  'workspace.rename': { input: z.object({ from: WorkspacePathSchema, to: WorkspacePathSchema }), output: z.object({ path: z.string() }) },
  'workspace.delete': { input: z.object({ path: WorkspacePathSchema }), output: z.object({ deleted: z.boolean() }) },
  'examples.list': { input: z.object({}).strict(), output: z.object({ examples: z.array(ExampleEntrySchema) }) },
  /** Copies the example into the workspace (never over a file: `name-2.asm`… if taken); answers the new path. */
  'examples.copy': { input: z.object({ name: z.string().min(1).max(260) }), output: z.object({ path: z.string() }) },
} as const;

/** Events the backend pushes, by topic. */
export const EVENTS = {
  'machine.serial': z.object({ runId: z.number().int(), text: z.string() }),
  'machine.snapshot': MachineSnapshotSchema,
  'machine.exit': MachineExitSchema,
  /** Lifecycle entries added since the last such event (the first one starts with KVM_CREATE_VM). */
  'machine.lifecycle': z.object({ runId: z.number().int(), entries: z.array(LifecycleEntrySchema), dropped: z.number().int() }),
  /** Every vCPU is paused: why, and which vCPU (for a breakpoint) at which EIP. */
  'machine.stopped': z.object({ runId: z.number().int(), reason: z.enum(DEBUG_STOP_REASONS), vcpu: z.number().int(), eip: u32, source: SourceLocationSchema.nullable() }),
  /** Another folder was opened as the workspace (the desktop app's File ▸ Open Workspace…). */
  'workspace.changed': z.object({ root: z.string() }),
} as const;
export type EventTopic = keyof typeof EVENTS;
export type EventPayload<T extends EventTopic> = z.infer<(typeof EVENTS)[T]>;

export type ApiMethod = keyof typeof API;
/** What a caller passes (defaults may be left out). */
export type ApiInput<M extends ApiMethod> = z.input<(typeof API)[M]['input']>;
/** What a service receives (defaults filled in). */
export type ApiParsedInput<M extends ApiMethod> = z.infer<(typeof API)[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.infer<(typeof API)[M]['output']>;

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(API, name);
}

/** Events the backend pushes (machine snapshots, console output, …). */
export const EventSchema = z.object({ topic: z.string(), payload: z.unknown() });
export type BackendEvent = z.infer<typeof EventSchema>;

/** What a transport gives the renderer: the preload bridge and the WebSocket client both implement it. */
export interface BackendTransport {
  invoke(method: string, payload: unknown): Promise<unknown>;
  onEvent(listener: (event: BackendEvent) => void): () => void;
  /** Connection changes, for a transport that can lose its backend and reconnect (the web host's WebSocket). */
  onConnection?(listener: (state: ConnectionState) => void): () => void;
}

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

/** A failure the backend reports to the caller (bad payload, unknown method, service error). */
export interface ApiErrorBody {
  /** 'busy': the connection has too many requests in flight; try again once some have answered. */
  code: 'bad-request' | 'unknown-method' | 'internal' | 'busy';
  message: string;
  /** The message in a form the UI translates (the English `message` is its fallback). */
  ui?: UiText;
}
