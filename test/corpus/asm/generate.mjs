#!/usr/bin/env node
/**
 * Writes the systematic variants of the assembler corpus (gen-*.asm) next to this script. The hand-written
 * program-style files in this directory are not touched. Deterministic: run it again and nothing changes.
 *     node test/corpus/asm/generate.mjs
 */
import { readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
for (const f of readdirSync(dir)) if (f.startsWith('gen-') && f.endsWith('.asm')) unlinkSync(join(dir, f));
const write = (name, lines) => writeFileSync(join(dir, `gen-${name}.asm`), lines.join('\n') + '\n');

// Small deterministic PRNG (mulberry32).
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (r, a) => a[Math.floor(r() * a.length)];

// 1. Jumps over gaps of every interesting size, forward and backward (short/near selection, multi-pass).
for (const gap of [0, 1, 50, 120, 123, 124, 125, 126, 127, 128, 129, 130, 131, 200, 1000]) {
  write(`jump-gap-${gap}`, [
    `; jumps across a ${gap}-byte gap: NASM picks short or near forms and iterates until sizes settle`,
    'bits 32',
    'org 0x100000',
    'start:',
    '    jmp forward',
    '    jz forward',
    '    jnz near_target',
    '    call forward',
    `    times ${gap} nop`,
    'forward:',
    '    xor eax, eax',
    'near_target:',
    `    times ${gap} db 0x90`,
    '    jmp start',
    '    jc forward',
    '    jmp near_target',
    '    jmp short $+2',
    '    ret',
  ]);
}

// 2. Chains of forward jumps whose sizes depend on each other (the classic convergence case).
for (const n of [4, 16, 40]) {
  const lines = ['; a chain of forward jumps whose sizes depend on each other', 'bits 32'];
  for (let i = 0; i < n; i++) lines.push(`l${i}: jmp l${Math.min(n, i + 3)}`, `    times ${(i * 7) % 40} nop`);
  lines.push(`l${n}: ret`);
  write(`jump-chain-${n}`, lines);
}

// 3. Random constant expressions (all NASM operators and precedences), evaluated by both assemblers.
const binops = ['+', '-', '*', '/', '//', '%', '%%', '<<', '>>', '>>>', '&', '|', '^', '==', '!=', '<', '<=', '>', '>=', '&&', '||', '^^'];
function expr(r, depth) {
  if (depth <= 0 || r() < 0.25) {
    const n = Math.floor(r() * 1000) - 200;
    const fmt = pick(r, ['dec', 'hex', 'h', 'bin', 'oct', 'char']);
    if (n < 0) return `(${n})`;
    switch (fmt) {
      case 'hex': return `0x${n.toString(16)}`;
      case 'h': return `0${n.toString(16)}h`;
      case 'bin': return `${n.toString(2)}b`;
      case 'oct': return `${n.toString(8)}q`;
      case 'char': return n < 26 ? `'${String.fromCharCode(65 + n)}'` : String(n);
      default: return String(n);
    }
  }
  const u = r();
  if (u < 0.12) return `${pick(r, ['-', '~', '!', '+'])}${expr(r, depth - 1)}`;
  if (u < 0.18) return `(${expr(r, depth - 1)} ? ${expr(r, depth - 1)} : ${expr(r, depth - 1)})`;
  const op = pick(r, binops);
  let right = expr(r, depth - 1);
  if (['/', '//', '%', '%%'].includes(op)) right = `((${right}) | 1)`;
  if (['<<', '>>', '>>>'].includes(op)) right = `((${right}) & 31)`;
  const e = `${expr(r, depth - 1)} ${op} ${right}`;
  return r() < 0.5 ? `(${e})` : e;
}
for (let f = 0; f < 12; f++) {
  const r = rng(1000 + f);
  const lines = [`; random constant expressions, seed ${1000 + f}`, 'bits 32'];
  for (let i = 0; i < 40; i++) lines.push(`    dd ${expr(r, 4)}`);
  for (let i = 0; i < 10; i++) lines.push(`    dq ${expr(r, 5)}`);
  write(`expr-random-${f}`, lines);
}

// 4. Data directives of every unit with boundary values.
const values = ['0', '1', '-1', '127', '-128', '255', '0x7fff', '-32768', '0xffff', '0x7fffffff', '-0x80000000', '0xffffffff'];
for (const unit of ['db', 'dw', 'dd', 'dq']) {
  const small = unit === 'db' ? values.slice(0, 6) : unit === 'dw' ? values.slice(0, 9) : values;
  write(`data-${unit}`, [`; ${unit} with boundary values, lists and strings`, 'bits 32', `    ${unit} ${small.join(', ')}`,
    `    ${unit} 'a', 'ab', 'abc', "abcd", \`e\\x46\``, `lbl: ${unit} lbl - $$, $ - lbl`, `    times 3 ${unit} 0x11`, `    ${unit} ${small.map((v) => `(${v}) + 0`).join(', ')}`]);
  write(`res-${unit.replace('d', 'res')}`, ['bits 32', 'section .bss', `buf1: ${unit.replace('d', 'res')} 4`, `buf2: ${unit.replace('d', 'res')} 1`, 'section .text', '    dd buf1, buf2, buf2 - buf1']);
}

// 5. Alignment from every starting offset.
for (const a of [2, 4, 8, 16, 32]) {
  const lines = [`; align ${a} (NOP padding) and alignb ${a} from every offset`, 'bits 32'];
  for (let off = 0; off < a + 2; off++) lines.push(`    times ${off} db 0xAA`, `    align ${a}`, `    db ${off}`);
  lines.push('section .data', '    db 1', `    align ${a}, db 0`, '    db 2', 'section .bss', '    resb 3', `    alignb ${a}`, 'b: resb 1', 'section .text', '    dd b');
  write(`align-${a}`, lines);
}

// 6. Section layouts.
const layouts = [
  ['section .data', 'section .text'],
  ['section .data align=16', 'section .text'],
  ['section .data align=1', 'section .text'],
  ['section .data vstart=0x8000', 'section .text'],
  ['section .data follows=.text', 'section .text'],
  ['section .data start=0x400', 'section .text'],
  ['section .rodata align=8', 'section .data'],
  ['section .extra progbits align=32', 'section .text'],
  ['section .mybss nobits align=16', 'section .text'],
  ['section .data valign=16', 'section .text'],
];
layouts.forEach(([decl, back], n) => {
  write(`sections-${n}`, [`; section layout: ${decl}`, 'bits 32', 'org 0x1000', 'start: dd start, d1, b1, $$', '    db 1, 2, 3',
    decl, decl.includes('nobits') ? 'd1: resd 3' : 'd1: dd d1, $, $$', decl.includes('nobits') ? '' : '    db 7',
    'section .bss', 'b1: resb 5', 'b2: resd 1', back, 'tail: dd tail, b2']);
});

// 7. Macro parameter handling.
const macroCases = [
  ['1', 'db %1', ['5', "'x'", '1+2']],
  ['2', 'db %1, %2', ['1, 2', "'a', 'b'", '(1,2)']],
  ['1-3 10, 20', 'db %0, %1, %2, %3', ['1', '1, 2', '1, 2, 3']],
  ['1+', 'db %1', ['1, 2, 3', "'a', 0"]],
  ['2+', 'db %1\n db %2', ['1, 2, 3', '4, 5']],
  ['0-*', 'db %0\n%rep %0\n db %1\n%rotate 1\n%endrep', ['', '1', '1, 2, 3, 4']],
  ['1-*', '%rep %0\n db %1\n%rotate -1\n%endrep', ['1, 2, 3']],
  ['1', '%%l: dd %%l\n jmp %%l', ['1', '2']],
  ['1', '%if %1 > 2\n db 0xFF\n%else\n db %1\n%endif', ['1', '5']],
  ['2', 'db %{1}, %{2}, %2%1', ['1, 2', '3, 4']],
];
macroCases.forEach(([spec, body, calls], i) => {
  write(`macro-${i}`, [`; %macro m ${spec}`, 'bits 32', `%macro m ${spec}`, body, '%endmacro', ...calls.map((c) => `    m ${c}`)]);
});

// 8. Memory operand forms, in any order.
const mems = ['[eax]', '[ebx+4]', '[ecx-4]', '[edx+0x80]', '[esi+127]', '[edi+128]', '[ebp]', '[esp]', '[esp+8]',
  '[eax*2]', '[eax*4+8]', '[ebx+ecx*4]', '[ecx*4+ebx]', '[4+ebx+ecx*8]', '[ebx+ecx+12]', '[eax*3]', '[eax*5+1]',
  '[data]', '[data+ebx]', '[ebx+data]', '[data+ebx*4]', '[fs:eax]', '[gs:ebx+8]', '[es:data]', '[byte eax+1]', '[dword eax+1]',
  '[0x1000]', '[eax+ebx*2+0x12345678]', '[ebp-8]', '[ebx+(3*4)]', '[ebx+data-data]'];
for (let g = 0; g < 4; g++) {
  const lines = ['; effective addresses in every written order', 'bits 32', 'org 0x400000'];
  for (const m of mems.slice(g * 8, g * 8 + 8)) lines.push(`    mov eax, ${m}`, `    mov ${m}, ecx`, `    lea edx, ${m}`, `    add dword ${m}, 1`, `    mov byte ${m}, 0x55`);
  lines.push('data: dd 0');
  write(`mem-forms-${g}`, lines);
}

// 9. ALU instructions with immediates of every size (imm8 sign-extended vs imm32, forward constants).
const alu = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'];
const imms = ['0', '1', '-1', '127', '128', '-128', '-129', '0x7fffffff', '0xffffffff', 'K', 'label', 'label - $$'];
for (const op of alu) {
  const lines = [`; ${op} with immediates of every size`, 'bits 32', 'org 0x8000', 'label:'];
  for (const v of imms) lines.push(`    ${op} eax, ${v}`, `    ${op} ebx, ${v}`, `    ${op} dword [ebx], ${v}`);
  lines.push(`    ${op} al, 5`, `    ${op} cl, -1`, `    ${op} byte [esi], 0x7f`, `    ${op} ax, 300`, `    ${op} word [edi], -2`, `    ${op} eax, ebx`, `    ${op} [ecx], edx`, `    ${op} edx, [ecx+4]`);
  lines.push('K equ 100');
  write(`alu-${op}`, lines);
}

// 10. push/mov/imul with constants and labels (NASM never shrinks an address to imm8).
write('push-forms', ['; push and mov with constants and addresses', 'bits 32', 'org 0x100000', 'here:', '    push 1', '    push -1', '    push 200',
  '    push here', '    push dword 1', '    push word 1', '    push eax', '    push dword [eax]', '    push K', '    push here - $$',
  '    mov eax, here', '    mov eax, K', '    mov byte [eax], K', '    imul eax, ebx, 3', '    imul eax, ebx, 300', '    imul eax, 9', '    pop ecx', '    pop dword [ecx]', 'K equ 42']);

// 11. Numeric formats.
const nums = ['0', '42', '0042', '0d42', '42d', '0t42', '0x2a', '0X2A', '0h2a', '2ah', '02Ah', '$2a', '$0ff', '0o52', '0q52', '52o', '52q', '0b101010', '0y101010', '101010b', '101010y', '1_000', '0x_ff_ff', '0b1010_1010', '0bh', '0b1h', '1bh', '0x1b'];
for (let g = 0; g < 2; g++) write(`numbers-${g}`, ['; numeric constant formats', 'bits 32', ...nums.slice(g * 14, g * 14 + 14).map((n) => `    dd ${n}`)]);

// 12. %rep / %assign tables (generated lookup tables, string tables, jump tables).
write('table-squares', ['; a lookup table built with %rep', 'bits 32', 'squares:', '%assign i 0', '%rep 64', '    dw i * i', '%assign i i + 1', '%endrep', 'squares_end:', '    dd (squares_end - squares) / 2']);
write('table-strings', ['; a string table with offsets', 'bits 32', 'org 0x2000', 'strtab:', '    dd s0, s1, s2, s3', 's0: db "zero", 0', 's1: db "one", 0', 's2: db `two\\n`, 0', "s3: db 'three', 0", '    align 4', 'lens: db s1 - s0, s2 - s1, s3 - s2, lens - s3']);
write('table-jumps', ['; a jump table dispatch', 'bits 32', 'org 0x100000', 'dispatch:', '    cmp eax, 4', '    jae .bad', '    jmp [.table + eax*4]', '.table: dd .c0, .c1, .c2, .c3',
  '.c0: mov ebx, 0', '    ret', '.c1: mov ebx, 1', '    ret', '.c2: mov ebx, 2', '    ret', '.c3: mov ebx, 3', '    ret', '.bad: xor ebx, ebx', '    dec ebx', '    ret']);

// 13. Conditional assembly over a -D style define (set in the file).
for (const mode of [0, 1, 2, 3]) {
  write(`cond-mode-${mode}`, [`; conditional assembly, MODE=${mode}`, 'bits 32', `%define MODE ${mode}`, '%if MODE == 0', '    db 0', '%elif MODE == 1', '    db 1', '%elifidn MODE, 2', '    db 2', '%else', '    db 3', '%endif',
    '%ifn MODE', '    db 0x10', '%endif', '%if MODE & 1', '    db 0x11', '%endif']);
}

// 14. struc variants.
for (const base of [0, 4, 16]) {
  write(`struc-${base}`, [`; struc with base ${base}`, 'bits 32', `struc rec, ${base}`, '    .a: resb 1', '    .b: resw 1', '    .c: resd 1', '    .d: resq 1', 'endstruc', '    dd rec_size, rec.a, rec.b, rec.c, rec.d',
    'r1: istruc rec', '    at rec.a, db 1', '    at rec.c, dd 3', 'iend', 'r2: istruc rec', 'iend', '    dd r2 - r1']);
}

// 15. Loops with backward jumps of all sizes (loop/jecxz are short-only: keep them in range).
for (const body of [1, 60, 120, 300]) {
  write(`loop-${body}`, [`; counted loops with a ${body}-byte body`, 'bits 32', '    mov ecx, 10', '.top:', `    times ${Math.min(body, 100)} nop`, body <= 100 ? '    loop .top' : '    dec ecx', body <= 100 ? '    jecxz .out' : '    jnz .top',
    `    times ${body} db 0x90`, '    jmp .top', '.out:', '    ret']);
}

console.log('corpus generated');
