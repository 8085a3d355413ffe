import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { parseTopology, TOPOLOGY_PRESETS, TopologyError, topologyPreset, type HostTopology } from '../core/numa';
import { InputError } from './command';
import { readJsonFile } from './input-file';

/** `--topology PRESET|FILE`: a preset name (rh65, smp4, numa4) or a JSON file, validated with clear errors. */
export function loadTopology(arg: string | undefined, fallback = 'smp4'): HostTopology {
  const name = arg ?? fallback;
  const preset = topologyPreset(name);
  if (preset) return preset;
  if (!existsSync(name)) {
    throw new InputError(`--topology: "${name}" is neither a preset (${Object.keys(TOPOLOGY_PRESETS).join(', ')}) nor a file`);
  }
  const json = readJsonFile(name, name);
  try {
    return parseTopology(json, basename(name).replace(/\.json$/i, ''));
  } catch (err) {
    if (err instanceof TopologyError) throw new InputError(err.issues.map((i) => `${name}: ${i.path || '(top level)'}: ${i.message}`).join('\n'));
    throw err;
  }
}
