/**
 * A stand-in for the runner, run inside tmux by the tests: `node --import tsx
 * shell-driver.test-support.ts <options.json> <result.json>`. It writes its pid, holds the
 * terminal in raw mode and reads a key the way the runner's key loop would (when asked), opens
 * the shell, and writes what came back: the exit code, and the next key it could read.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { UserShellOptions } from './user-shell.js';
import { openUserShell } from './user-shell.js';

interface DriverInput {
  options: UserShellOptions;
  /** Read one key in raw mode before the shell and one after, as the runner's key loop does. */
  keyLoop?: boolean;
}

const [inputFile, resultFile] = process.argv.slice(2);
if (inputFile === undefined || resultFile === undefined) {
  throw new Error('usage: shell-driver <options.json> <result.json>');
}
const input = JSON.parse(readFileSync(inputFile, 'utf8')) as DriverInput;
writeFileSync(`${resultFile}.pid`, String(process.pid));

function readKey(): Promise<string> {
  return new Promise((resolve) => {
    process.stdin.setRawMode(true);
    process.stdin.resume();
    process.stdin.once('data', (data) => resolve(data.toString('utf8')));
  });
}

let before: string | undefined;
if (input.keyLoop) {
  process.stdout.write('DRIVER waiting for a key\n');
  before = await readKey();
}
const code = await openUserShell(input.options);
let after: string | undefined;
if (input.keyLoop) {
  process.stdout.write(`DRIVER back with ${code}, waiting for a key\n`);
  after = await readKey();
  process.stdin.setRawMode(false);
  process.stdin.pause();
}
// Renamed into place, so the test never reads a half-written file.
writeFileSync(`${resultFile}.tmp`, JSON.stringify({ code, before, after }));
renameSync(`${resultFile}.tmp`, resultFile);
process.stdout.write(`DRIVER done ${code}\n`);
