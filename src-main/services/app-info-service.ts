import os from 'node:os';
import { PRODUCT_NAME, VIRTLAB_VERSION } from '../core/version';
import type { AppInfo } from '../core/api/contract';
import type { ServiceContext } from './service-context';

export function getAppInfo(ctx: ServiceContext): AppInfo {
  return {
    name: PRODUCT_NAME,
    version: VIRTLAB_VERSION,
    host: ctx.host,
    runtime: {
      node: process.versions.node,
      electron: process.versions.electron,
      platform: process.platform,
      arch: process.arch,
    },
    hostCpus: os.availableParallelism(),
  };
}
