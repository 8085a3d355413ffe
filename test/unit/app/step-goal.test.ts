/**
 * The debugger's compound steps: the pure decisions (step-goal.ts) and the machine service following them
 * through the Backend on a real run: step over a CALL (and a recursive one), step out, run to a line.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { EVENTS, type BackendEvent } from '../../../src-main/core/api/contract';
import { Backend } from '../../../src-main/services/backend';
import { assembleBuffer } from '../../../src-main/core/asm';
import { decideAtStop, isCall, isReturn, planRunTo, planStepOver, StepOutTracker } from '../../../src-main/services/step-goal';
import { waitFor } from '../../support/wait';

describe('step decisions', () => {
  it('knows calls and returns by their disassembly', () => {
    expect(isCall('call 0x00100020')).toBe(true);
    expect(isCall('CALL dword [eax]')).toBe(true);
    expect(isCall('callf')).toBe(false);
    expect(['ret', 'ret 0x8', 'retf', 'retn'].every(isReturn)).toBe(true);
    expect(isReturn('iret')).toBe(false);
  });

  it('plans a step over only for a CALL: a breakpoint on the return address with the caller stack', () => {
    expect(planStepOver(0, { address: 0x1000, length: 2, text: 'mov eax, ebx' }, 0x9000, [])).toBeNull();
    expect(planStepOver(1, { address: 0x1000, length: 5, text: 'call 0x00002000' }, 0x9000, [0x3000])).toEqual({
      vcpu: 1, address: 0x1005, minEsp: 0x9000, userBreakpoints: [0x3000],
    });
  });

  it('reaches the goal only on its vCPU at its frame; runs on past a deeper recursion and other vCPUs', () => {
    const goal = planStepOver(0, { address: 0x1000, length: 5, text: 'call 0x2000' }, 0x9000, [])!;
    expect(decideAtStop(goal, { reason: 'breakpoint', vcpu: 0 }, 0x1005, 0x9000)).toBe('reached');
    expect(decideAtStop(goal, { reason: 'breakpoint', vcpu: 0 }, 0x1005, 0x8ff0)).toBe('continue'); // recursion
    expect(decideAtStop(goal, { reason: 'breakpoint', vcpu: 1 }, 0x1005, 0x9000)).toBe('continue');
    expect(decideAtStop(goal, { reason: 'breakpoint', vcpu: 0 }, 0x2000, 0x8ffc)).toBe('interrupted'); // the student's breakpoint
    expect(decideAtStop(goal, { reason: 'pause', vcpu: 0 }, 0x2004, 0x8ffc)).toBe('interrupted');
    // A breakpoint of the student's on the same address stops every vCPU that reaches it.
    expect(decideAtStop({ ...goal, userBreakpoints: [0x1005] }, { reason: 'breakpoint', vcpu: 1 }, 0x1005, 0x9000)).toBe('interrupted');
    expect(decideAtStop(planRunTo(0x1005, []), { reason: 'breakpoint', vcpu: 3 }, 0x1005, 0)).toBe('reached');
    // Another vCPU reported the breakpoint, but the goal's vCPU stands there too (in its frame): reached.
    expect(decideAtStop(goal, { reason: 'breakpoint', vcpu: 1 }, 0x1005, 0x7000, { linear: 0x1005, esp: 0x9000 })).toBe('reached');
    expect(decideAtStop(goal, { reason: 'breakpoint', vcpu: 1 }, 0x1005, 0x7000, { linear: 0x1005, esp: 0x8ff0 })).toBe('continue');
    expect(decideAtStop(goal, { reason: 'breakpoint', vcpu: 1 }, 0x1005, 0x7000, { linear: 0x2000, esp: 0x9000 })).toBe('continue');
  });

  it('step out stops after the RET of the starting function, not those of the functions it calls', () => {
    const t = new StepOutTracker();
    expect(['mov eax, 1', 'call 0x10', 'push ebp', 'ret', 'add eax, 1'].map((x) => t.isLastStep(x))).toEqual([false, false, false, false, false]);
    expect(t.isLastStep('ret')).toBe(true);
  });
});

const PROGRAM = `bits 32
org 0x100000
start:
    mov esp, 0x80000
    mov eax, 3
    call square
    mov ebx, eax
    mov ecx, 3
    call fact
    mov edx, eax
    mov al, 0
    out 0xf4, al
    cli
    hlt
square:
    imul eax, eax
    ret
fact:
    cmp ecx, 1
    jbe .one
    push ecx
    dec ecx
    call fact
    pop ecx
    imul eax, ecx
    ret
.one:
    mov eax, 1
    ret
`;
const asm = assembleBuffer('steps.asm', PROGRAM);
const lineOf = (text: string): number => PROGRAM.split('\n').findIndex((l) => l.trim() === text) + 1;
const addressOf = (line: number): number => asm.sourceMap.find((e) => e.line === line)!.address;

const backend = new Backend({ host: 'test' });
const events: BackendEvent[] = [];
backend.onEvent((e) => events.push(e));
afterAll(() => backend.dispose());

async function call(method: string, payload: unknown): Promise<Record<string, unknown>> {
  const r = await backend.handle(method, payload);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as Record<string, unknown>;
}

/** Does `action`, then returns the stop it caused (validated against the contract). */
async function stopAfter(action: () => Promise<unknown>): Promise<{ reason: string; eip: number; source: { line: number } | null }> {
  const seen = events.length;
  await action();
  await waitFor(() => events.slice(seen).some((e) => e.topic === 'machine.stopped'), 'machine.stopped');
  return EVENTS['machine.stopped'].parse(events.slice(seen).find((e) => e.topic === 'machine.stopped')!.payload);
}

const gpr = async (runId: number): Promise<Record<string, number>> => ((await call('debug.registers', { runId }))['registers'] as { gpr: Record<string, number> }).gpr;

describe('step over, step out and run to a line in the machine service', () => {
  it('steps over a plain instruction and over calls, with the work of the callee done', async () => {
    expect(asm.ok).toBe(true);
    let runId = 0;
    const entry = await stopAfter(async () => {
      runId = (await call('machine.start', { fileName: 'steps.asm', source: PROGRAM, pauseAtEntry: true }))['runId'] as number;
    });
    expect(entry.reason).toBe('entry');
    await stopAfter(() => call('machine.stepOver', { runId, vcpu: 0 })); // mov esp: a plain step
    await stopAfter(() => call('machine.stepOver', { runId, vcpu: 0 })); // mov eax, 3
    // F10 on `call square`: the next line, with square's work done.
    const over = await stopAfter(() => call('machine.stepOver', { runId, vcpu: 0 }));
    expect(over).toMatchObject({ reason: 'step', eip: addressOf(lineOf('mov ebx, eax')), source: { line: lineOf('mov ebx, eax') } });
    expect((await gpr(runId))['eax']).toBe(9);
    expect((await gpr(runId))['esp']).toBe(0x80000);

    // Over a recursive call: the temporary breakpoint is passed by the inner returns (deeper stack) and ends
    // at the outer one.
    await stopAfter(() => call('machine.stepOver', { runId, vcpu: 0 }));
    await stopAfter(() => call('machine.stepOver', { runId, vcpu: 0 }));
    const fact = await stopAfter(() => call('machine.stepOver', { runId, vcpu: 0 }));
    expect(fact).toMatchObject({ reason: 'step', source: { line: lineOf('mov edx, eax') } });
    expect((await gpr(runId))['eax']).toBe(6);
    expect((await gpr(runId))['esp']).toBe(0x80000);
    await call('machine.stop', { runId });
  });

  it('steps over a recursive call inside the recursion: deeper returns to the same address run on', async () => {
    const innerCall = PROGRAM.split('\n').findIndex((l, i) => i > lineOf('fact:') && l.trim() === 'call fact') + 1;
    let runId = 0;
    await stopAfter(async () => {
      runId = (await call('machine.start', { fileName: 'steps.asm', source: PROGRAM, pauseAtEntry: true, breakpointLines: [innerCall] }))['runId'] as number;
    });
    const first = await stopAfter(() => call('machine.resume', { runId }));
    expect(first).toMatchObject({ reason: 'breakpoint', source: { line: innerCall } });
    const before = await gpr(runId);
    expect(before['ecx']).toBe(2);
    // The student's breakpoint on the inner call stays: the deeper call (ecx = 1) would stop there, so clear it.
    await call('debug.setBreakpoints', { runId, lines: [] });
    const over = await stopAfter(() => call('machine.stepOver', { runId, vcpu: 0 }));
    expect(over).toMatchObject({ reason: 'step', source: { line: lineOf('pop ecx') } });
    const after = await gpr(runId);
    expect(after['esp']).toBe(before['esp']); // the frame of the call, not a deeper one
    expect(after['eax']).toBe(2); // fact(2)
    // The temporary breakpoint is gone again.
    expect((await call('debug.setBreakpoints', { runId, lines: [] }))['breakpoints']).toEqual([]);
    await call('machine.stop', { runId });
  });

  it('steps over a call on vCPU 1 while vCPU 0 runs on', async () => {
    // vCPU 0 (APIC ID 0) spins at once; vCPU 1 runs the program.
    const second = PROGRAM.replace('start:\n', 'start:\n    mov eax, 1\n    cpuid\n    shr ebx, 24\n    jz spin\n').replace('    cli\n    hlt\n', '    cli\n    hlt\nspin:\n    jmp spin\n');
    expect(second).toContain('jz spin');
    const secondLine = (text: string): number => second.split('\n').findIndex((l) => l.trim() === text) + 1;
    let runId = 0;
    await stopAfter(async () => {
      runId = (await call('machine.start', { fileName: 'steps.asm', source: second, pauseAtEntry: true, vcpus: 2, breakpointLines: [secondLine('mov eax, 3')] }))['runId'] as number;
    });
    const there = await stopAfter(() => call('machine.resume', { runId }));
    expect(there).toMatchObject({ reason: 'breakpoint', vcpu: 1, source: { line: secondLine('mov eax, 3') } });
    await call('debug.setBreakpoints', { runId, lines: [] });
    await stopAfter(() => call('machine.stepOver', { runId, vcpu: 1 })); // mov eax, 3 (every vCPU steps)
    const over = await stopAfter(() => call('machine.stepOver', { runId, vcpu: 1 }));
    expect(over).toMatchObject({ reason: 'step', vcpu: 1, source: { line: secondLine('mov ebx, eax') } });
    const regs = (await call('debug.registers', { runId, vcpu: 1 }))['registers'] as { gpr: Record<string, number> };
    expect(regs.gpr['eax']).toBe(9);
    await call('machine.stop', { runId });
  });

  it('runs to a line and steps out of the function', async () => {
    let runId = 0;
    await stopAfter(async () => {
      runId = (await call('machine.start', { fileName: 'steps.asm', source: PROGRAM, pauseAtEntry: true }))['runId'] as number;
    });
    expect((await call('machine.runTo', { runId, line: 1 }))['ok']).toBe(false); // no code there
    const there = await stopAfter(() => call('machine.runTo', { runId, line: lineOf('imul eax, eax') }));
    expect(there).toMatchObject({ reason: 'step', source: { line: lineOf('imul eax, eax') } });
    const out = await stopAfter(() => call('machine.stepOut', { runId, vcpu: 0 }));
    expect(out).toMatchObject({ reason: 'step', source: { line: lineOf('mov ebx, eax') } });
    expect((await gpr(runId))['eax']).toBe(9);
    // Out of the innermost fact: back in the fact that called it, after its call.
    await call('debug.setBreakpoints', { runId, lines: [lineOf('mov eax, 1')] });
    const inner = await stopAfter(() => call('machine.resume', { runId }));
    expect(inner).toMatchObject({ reason: 'breakpoint', source: { line: lineOf('mov eax, 1') } });
    const back = await stopAfter(() => call('machine.stepOut', { runId, vcpu: 0 }));
    expect(back).toMatchObject({ reason: 'step', source: { line: lineOf('pop ecx') } });
    await call('machine.stop', { runId });
  });
});
