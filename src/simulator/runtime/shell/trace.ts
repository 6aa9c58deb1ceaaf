import { RESERVED_WORDS } from './ast.js';
import type { Shell } from './interpreter.js';

/** busybox quotes what would not read back as the same word; dash 0.5.12 prints words bare. */
function quote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_/.,:@%^+-]+$/.test(word) && !RESERVED_WORDS.has(word))
    return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The `set -x` line for a simple command: PS4, assignments, then the words. */
export function traceLine(shell: Shell, assignments: [string, string][], argv: string[]): string {
  const q = shell.flavour.quoteTrace ? quote : (w: string) => w;
  const words = [...assignments.map(([name, value]) => `${name}=${q(value)}`), ...argv.map(q)];
  return `${shell.state.get('PS4') ?? '+ '}${words.join(' ')}\n`;
}
