#!/usr/bin/env node
// The `virtlab` command. TypeScript sources run through tsx, so `npx virtlab` works straight from a clone.
import { register } from 'tsx/esm/api';

register();
// `virtlab disasm x.bin | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
