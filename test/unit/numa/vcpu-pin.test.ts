import { describe, expect, it } from 'vitest';
import { describeVcpuPlacement, formatCpuList, NUMA4, parseCpuList, parseVcpuPin, placeVcpus, RH65, SMP4, VcpuPinError } from '../../../src-main/core/numa';

describe('cpu lists', () => {
  it('parses and formats Linux cpu lists', () => {
    expect(parseCpuList('0-5,12-17')).toEqual({ ok: true, values: [0, 1, 2, 3, 4, 5, 12, 13, 14, 15, 16, 17] });
    expect(parseCpuList(' 3, 1,1 ')).toEqual({ ok: true, values: [1, 3] });
    expect(parseCpuList('')).toEqual({ ok: false, error: 'empty list' });
    expect(parseCpuList('a')).toEqual({ ok: false, error: '"a" is not a number or A-B range' });
    expect(parseCpuList('1-')).toMatchObject({ ok: false });
    expect(parseCpuList('0-99999')).toEqual({ ok: false, error: '99999 is out of range (at most 4095)' });
    expect(formatCpuList([0, 1, 2, 3, 4, 5, 12, 13, 14, 15, 16, 17])).toBe('0-5,12-17');
    expect(formatCpuList([7, 3, 4])).toBe('3-4,7');
    expect(formatCpuList([])).toBe('');
  });
});

describe('parseVcpuPin', () => {
  it('parses V:CPU pairs and libvirt cpusets', () => {
    expect([...parseVcpuPin('0:0,1:6', 2, RH65)]).toEqual([
      [0, [0]],
      [1, [6]],
    ]);
    expect([...parseVcpuPin('0:0-5,12-17,1:6', 2, RH65)]).toEqual([
      [0, [0, 1, 2, 3, 4, 5, 12, 13, 14, 15, 16, 17]],
      [1, [6]],
    ]);
    expect([...parseVcpuPin('1:2;0:3', 2, SMP4)]).toEqual([
      [1, [2]],
      [0, [3]],
    ]);
  });

  it('explains each kind of mistake', () => {
    const err = (text: string, vcpus = 2): string => {
      try {
        parseVcpuPin(text, vcpus, RH65);
      } catch (e) {
        expect(e).toBeInstanceOf(VcpuPinError);
        return (e as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(err('0:24')).toBe('--vcpupin "0:24": host CPU 24 does not exist (topology rh65 has CPUs 0-23)');
    expect(err('2:0')).toBe('--vcpupin "2:0": vCPU 2 does not exist (the VM has 2 vCPUs: 0-1)');
    expect(err('1:0', 1)).toBe('--vcpupin "1:0": vCPU 1 does not exist (the VM has 1 vCPU: 0)');
    expect(err('0:0,0:1')).toBe('--vcpupin "0:1": vCPU 0 is pinned twice');
    expect(err('x:1')).toBe('--vcpupin "x:1": "x" is not a vCPU number');
    expect(err('0:a')).toBe('--vcpupin "0:a": "a" is not a number or A-B range');
    expect(err('5')).toBe('--vcpupin "5": expected V:CPU (vCPU number, colon, host CPUs)');
    expect(err('0:1,,1:2')).toBe('--vcpupin "0:1,,1:2": empty entry');
    expect(err('0:')).toBe('--vcpupin "0:": empty list');
  });
});

describe('placeVcpus', () => {
  it('spreads unpinned vCPUs across nodes, lowest free CPU first', () => {
    const p = placeVcpus(RH65, 4);
    expect(p.cpuOf).toEqual([0, 6, 1, 7]);
    expect(p.nodeOf).toEqual([0, 1, 0, 1]);
    expect(p.pinned).toEqual([false, false, false, false]);
    expect(p.allowed[0]).toHaveLength(24);
    expect(placeVcpus(NUMA4, 5).nodeOf).toEqual([0, 1, 2, 3, 0]);
  });

  it('shares CPUs when there are more vCPUs than CPUs', () => {
    expect(placeVcpus(SMP4, 6).cpuOf).toEqual([0, 1, 2, 3, 0, 1]);
  });

  it('honours pins and keeps the spread off pinned CPUs', () => {
    const pins = parseVcpuPin('0:6,1:0-5', 3, RH65);
    const p = placeVcpus(RH65, 3, pins);
    expect(p.cpuOf).toEqual([6, 0, 1]);
    expect(p.nodeOf).toEqual([1, 0, 0]);
    expect(p.pinned).toEqual([true, true, false]);
    expect(p.allowed[1]).toEqual([0, 1, 2, 3, 4, 5]);
    // Two vCPUs pinned to the same set take different CPUs of it.
    expect(placeVcpus(RH65, 2, parseVcpuPin('0:6-7,1:6-7', 2, RH65)).cpuOf).toEqual([6, 7]);
    expect(describeVcpuPlacement(p)).toEqual([
      'vCPU 0: host CPU 6 (node 1), Cpus_allowed_list 6 (pinned)',
      'vCPU 1: host CPU 0 (node 0), Cpus_allowed_list 0-5 (pinned)',
      'vCPU 2: host CPU 1 (node 0), Cpus_allowed_list 0-23 (spread)',
    ]);
  });
});
