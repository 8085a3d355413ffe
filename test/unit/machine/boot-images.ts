/** NASM sources for loader tests: a.out-kludge kernels, hand-made ELF32 executables, a flat binary. */

/** An ELF32 executable with one PT_LOAD segment (plus bss) and a multiboot header without the kludge. */
export function elfKernel(opts: { vaddr: number; paddr: number; bss?: number; body: string; mbFlags?: number }): string {
  const mbFlags = opts.mbFlags ?? 0;
  return `bits 32
org 0x${opts.vaddr.toString(16)}
ehdr:
  db 0x7f, "ELF", 1, 1, 1, 0
  times 8 db 0
  dw 2, 3
  dd 1, _start, phdr - ehdr, 0, 0
  dw 52, 32, 1, 0, 0, 0
phdr:
  dd 1, 0, ehdr, 0x${opts.paddr.toString(16)}, file_end - ehdr, file_end - ehdr + ${opts.bss ?? 0}, 5, 0x1000
align 4
  dd 0x1BADB002, ${mbFlags}, -(0x1BADB002 + ${mbFlags})
_start:
${opts.body}
file_end:
`;
}

/**
 * A guest that reports, on COM1, its entry registers and segment state, the multiboot memory map and info
 * structure, the module list area, each module's bytes, and the boot GDT, then exits through 0xF4.
 * Used to compare virtlab's loader against QEMU's byte for byte.
 */
export const DUMP_BODY = `
  mov [r_eax], eax
  mov [r_ebx], ebx
  mov [r_ecx], ecx
  mov [r_edx], edx
  mov [r_esp], esp
  mov [r_esi], esi
  mov [r_edi], edi
  mov [r_ebp], ebp
  pushfd
  pop dword [r_efl]
  mov esp, stack_top
  mov eax, cr0
  mov [r_cr0], eax
  sgdt [gdtr]
  sidt [idtr]
  mov esi, r_eax
  mov ecx, 10
.regs: lodsd
  call hex32
  loop .regs
  mov ax, cs
  call hex16
  mov ax, ds
  call hex16
  mov ax, es
  call hex16
  mov ax, ss
  call hex16
  mov ax, fs
  call hex16
  mov ax, gs
  call hex16
  mov eax, [gdtr+2]
  call hex32
  movzx eax, word [gdtr]
  call hex32
  mov eax, [idtr+2]
  call hex32
  movzx eax, word [idtr]
  call hex32
  call nl
  mov esi, 0x9000
  mov ecx, 0x90
  call bytes
  mov esi, 0x9500
  mov ecx, 88
  call bytes
  mov ebx, [r_ebx]
  mov esi, [ebx+24]
  mov ecx, 0x100
  call bytes
  mov edi, [ebx+24]
  mov edx, [ebx+20]
.mod: test edx, edx
  jz .mods_done
  mov esi, [edi]
  mov ecx, [edi+4]
  sub ecx, esi
  call bytes
  add edi, 16
  dec edx
  jmp .mod
.mods_done:
  mov esi, [gdtr+2]
  movzx ecx, word [gdtr]
  inc ecx
  call bytes
  mov al, 0x10
  out 0xF4, al
  cli
  hlt
bytes: jecxz .end
.b: lodsb
  call hex8
  loop .b
.end: jmp nl
nl: mov al, 10
putc: push edx
  mov dx, 0x3F8
  out dx, al
  pop edx
  ret
hex32: push ecx
  mov ecx, 8
  jmp hexn
hex16: push ecx
  shl eax, 16
  mov ecx, 4
  jmp hexn
hex8: push ecx
  shl eax, 24
  mov ecx, 2
hexn: push edx
  mov edx, eax
.l: rol edx, 4
  mov al, dl
  and al, 15
  add al, '0'
  cmp al, '9'
  jbe .p
  add al, 7
.p: call putc
  loop .l
  mov al, ' '
  call putc
  pop edx
  pop ecx
  ret
`;

/** Uninitialised data for DUMP_BODY; `end` names the label marking the end of bss. */
export const DUMP_BSS = `
align 16
r_eax: dd 0
r_ebx: dd 0
r_ecx: dd 0
r_edx: dd 0
r_esp: dd 0
r_esi: dd 0
r_edi: dd 0
r_ebp: dd 0
r_efl: dd 0
r_cr0: dd 0
gdtr: dq 0
idtr: dq 0
times 2048 db 0
stack_top:
`;
