#!/usr/bin/env node
import module from 'node:module';

// Node 22.1+ keeps compiled code between runs (a quicker start, for the simulator's process
// too); Node 20 has no such API. It must run before the rest loads, hence the import below.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const { main } = await import('./program.js');
process.exitCode = await main(process.argv.slice(2));
