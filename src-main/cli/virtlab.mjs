#!/usr/bin/env node
// The `virtlab` command. TypeScript sources run through tsx, so `npx virtlab` works straight from a clone.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
