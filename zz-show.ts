import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { runFile } from './test/unit/cpu/harness';
const lib = readFileSync('test/guests/cpu/lib.inc', 'utf8');
writeFileSync('/tmp/show.asm', readFileSync('test/guests/cpu/' + process.argv[2], 'utf8').replace('%include "lib.inc"', lib));
execFileSync('nasm', ['-f', 'bin', '-o', '/tmp/show.bin', '/tmp/show.asm']);
const r = runFile('/tmp/show.bin');
console.log(r.serial.toString().slice(0, 3000)); console.log('exit', r.exit, r.exitCode, r.instructions);
