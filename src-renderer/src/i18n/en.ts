export const en = {
  app: { title: 'virtlab', subtitle: 'x86 virtualization lab' },
  toolbar: { assemble: 'Assemble', run: 'Run', stop: 'Stop', language: 'Language', mode: 'Mode' },
  modes: { native: 'Native', trap: 'Trap & emulate', bt: 'Binary translation', pv: 'Paravirtualization', vtx: 'VT-x (KVM)' },
  editor: { title: 'Guest program', untitled: 'untitled.asm' },
  console: { title: 'Guest console', welcome: 'virtlab guest console — serial COM1 output appears here.' },
  dashboard: {
    title: 'Hardware',
    cpu: 'vCPUs',
    noMachine: 'No machine is running. Assemble and run a program to see each vCPU here.',
    ring: 'Ring {n}',
    vmxRoot: 'VMX root',
    vmxNonRoot: 'VMX non-root',
    noVmx: 'VMX off',
    memory: 'Memory by NUMA node',
    node: 'Node {n}',
    noNodes: 'Memory placement appears when a machine runs.',
  },
  status: {
    connected: 'Backend: {host}',
    connecting: 'Connecting…',
    disconnected: 'Backend unreachable',
    diagnostics: '{errors} errors, {warnings} warnings',
    position: 'Ln {line}, Col {col}',
    assembled: 'Assembled {bytes} bytes at {origin}',
    assemblyFailed: 'Assembly failed: {errors} errors',
  },
};
export type Messages = typeof en;
