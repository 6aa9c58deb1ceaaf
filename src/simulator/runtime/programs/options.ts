import type { ProcessContext } from '../process/contracts.js';
import { BUSYBOX_BANNER, type Flavour } from './tool.js';

/**
 * getopt(3) as busybox and coreutils use it: clustered short flags (`-la`), values glued or
 * separate (`-n5`, `-n 5`), `--` ends options, and (GNU, and busybox on glibc) options may
 * follow operands. Long options are mapped to short ones by the caller's table.
 */
export interface OptionSpec {
  /** Flags without a value: `'laR1'`. */
  flags: string;
  /** Flags taking a value: `'n'`. */
  values?: string;
  /** `--long` → short letter, `--long=value` allowed for value options. */
  long?: Record<string, string>;
  /** Stop at the first operand (env, nohup-like tools that take a command). */
  stopAtOperand?: boolean;
}

export interface ParsedOptions {
  flags: Set<string>;
  values: Map<string, string>;
  operands: string[];
}

export class UsageError extends Error {}

export function parseOptions(args: readonly string[], spec: OptionSpec): ParsedOptions {
  const parsed: ParsedOptions = { flags: new Set(), values: new Map(), operands: [] };
  const valueLetters = spec.values ?? '';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      parsed.operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--') && spec.long) {
      const [name = '', inline] = splitLong(arg.slice(2));
      const letter = spec.long[name];
      if (letter === undefined) throw new UsageError(`unrecognized option '${arg}'`);
      if (valueLetters.includes(letter)) {
        const value = inline ?? args[++i];
        if (value === undefined) throw new UsageError(`option '--${name}' requires an argument`);
        parsed.values.set(letter, value);
      } else {
        parsed.flags.add(letter);
      }
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.operands.push(arg);
      if (spec.stopAtOperand) {
        parsed.operands.push(...args.slice(i + 1));
        break;
      }
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j] ?? '';
      if (valueLetters.includes(letter)) {
        const rest = arg.slice(j + 1);
        const value = rest !== '' ? rest : args[++i];
        if (value === undefined) throw new UsageError(`option requires an argument -- '${letter}'`);
        parsed.values.set(letter, value);
        break;
      }
      if (!spec.flags.includes(letter)) throw new UsageError(`invalid option -- '${letter}'`);
      parsed.flags.add(letter);
    }
  }
  return parsed;
}

function splitLong(text: string): [string, string | undefined] {
  const at = text.indexOf('=');
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/**
 * What a bad option prints: glibc getopt's line, then each flavour's pointer to help. busybox
 * prints its applet's usage text after the getopt line (`busyboxUsage`); for applets that do
 * not give theirs, the banner is the part learners recognise.
 */
export function usageMessage(
  name: string,
  error: UsageError,
  flavour: Flavour,
  busyboxUsageText: string = BUSYBOX_BANNER,
): string {
  if (flavour === 'gnu')
    return `${name}: ${error.message}\nTry '${name} --help' for more information.\n`;
  return `${name}: ${error.message}\n${busyboxUsageText}`;
}

/**
 * `parseOptions` for a tool: a bad option is explained the way the tool's flavour does it and
 * gives undefined, after which the tool exits (1, or 2 for grep, ls and sort).
 */
export async function toolOptions(
  context: ProcessContext,
  flavour: Flavour,
  name: string,
  spec: OptionSpec,
  args: readonly string[] = context.argv.slice(1),
  busyboxUsageText?: string,
): Promise<ParsedOptions | undefined> {
  try {
    return parseOptions(args, spec);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    await context.stderr.write(usageMessage(name, error, flavour, busyboxUsageText));
    return undefined;
  }
}
