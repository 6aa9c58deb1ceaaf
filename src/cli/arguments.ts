import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CliError, EXIT } from './exit-codes.js';

export const GLOBAL_OPTIONS = {
  lang: { type: 'string' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  kind: { type: 'boolean' },
  context: { type: 'string' },
  kubeconfig: { type: 'string' },
  namespace: { type: 'string' },
  yes: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

/**
 * `node:util` parseArgs, with its errors (which carry a stack trace and Node's wording)
 * turned into a usage error the CLI prints as one line and exits 2 with.
 */
export function parseArguments<O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
  describe: (detail: string) => string,
) {
  try {
    return parseArgs({
      args,
      options: { ...GLOBAL_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const detail =
      (error as Error).message
        .split('\n')[0]
        ?.replace(/\. To specify a positional argument.*$/, '') ?? 'invalid arguments';
    throw new CliError(describe(detail), EXIT.usage);
  }
}
