import type { IpcKind } from '../process/contracts.js';
import {
  BUSYBOX_USAGE,
  Exit,
  KIND_OF,
  LEGACY,
  legacyForm,
  parseKey,
  type Run,
  refusal,
} from './ipcrm-run.js';

/**
 * busybox 1.36's `ipcrm`: getopt "q:m:s:Q:M:S:" (no -a, no -v, no long options), any other
 * option or a stray operand shows the usage; ids and keys it cannot read end it at once
 * (`invalid number`); the exit status is the number of failures.
 */
export function busyboxIpcrm(run: Run): number {
  const args = run.context.argv.slice(1);
  if (args.length === 0) return 0;
  const legacy = LEGACY[args[0] as string];
  if (legacy) return legacyForm(run, legacy, args.slice(1), 'busybox');
  const usage = (message?: string): never => {
    run.err += `${message ? `ipcrm: ${message}\n` : ''}${BUSYBOX_USAGE}`;
    throw new Exit(1);
  };
  let errors = 0;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    const letter = arg[1] as string;
    if (!'qmsQMS'.includes(letter)) usage(`invalid option -- '${letter}'`);
    const value = arg.length > 2 ? arg.slice(2) : args[++i];
    if (value === undefined) usage(`option requires an argument -- '${letter}'`);
    const text = value as string;
    const kind = KIND_OF[letter.toLowerCase()] as IpcKind;
    const byKey = letter !== letter.toLowerCase();
    let id: number;
    if (byKey) {
      const key = parseKey(text) ?? run.fatal(`invalid number '${text}'`);
      if (key === 0) {
        run.err += `ipcrm: illegal key (${text})\n`;
        errors++;
        continue;
      }
      const found = run.ipc?.idOfKey(kind, key);
      if (found === undefined) {
        run.err += `ipcrm: invalid key (${text})\n`;
        errors++;
        continue;
      }
      id = found;
    } else {
      if (!/^\d+$/.test(text)) run.fatal(`invalid number '${text}'`);
      id = Number(text);
    }
    const problem = run.remove(kind, id);
    if (problem) {
      run.err += `ipcrm: ${refusal(problem, byKey ? 'key' : 'id')} (${text})\n`;
      errors++;
    }
  }
  if (operands.length > 0) usage();
  return errors;
}
