import { assemble } from '../../src-main/core/asm';
import { VirtualMachine } from '../../src-main/engine/virtual-machine';
const src = process.argv[2] ?? `bits 32
org 0x100000
  mov eax, 1
  cpuid
  mov dx, 0x3f8
  mov al, 'A'
  out dx, al
  mov al, 0
  out 0xf4, al
  cli
  hlt
`;
const r = assemble({ mainFile: 'x.asm', readFile: () => src });
const vm = await VirtualMachine.create({ image: r.bytes, imageName: 'x', mode: 'vtx', loadAddress: 0x100000 });
vm.onSerial((b) => process.stdout.write(Buffer.from(b)));
vm.start();
const res = await vm.wait();
console.log('\n', res.outcome, res.exitValue, res.reports.map((x) => x.text));
console.log(vm.lifecycleLog().map((e) => `${e.vcpu} ${e.event} ${e.detail}`).join('\n'));
