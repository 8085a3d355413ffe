import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatNumactlHardware, parseTopology, placeVcpus } from '../../../src-main/core/numa';

const dir = new URL('../../../resources/topologies/', import.meta.url);

describe('example topology files', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('exist', () => expect(files.length).toBeGreaterThanOrEqual(3));

  it.each(files)('%s validates, prints and places vCPUs', (file) => {
    const t = parseTopology(readFileSync(new URL(file, dir), 'utf8'), file);
    expect(t.name).toBe(file.replace(/\.json$/, ''));
    expect(formatNumactlHardware(t)).toMatch(/^available: \d+ nodes \(0(-\d+)?\)\n/);
    const p = placeVcpus(t, 4);
    expect(p.nodeOf.every((n) => t.nodes[n]!.cpus.length > 0)).toBe(true);
  });
});
