import type { ProcessContext } from '../process/contracts.js';

/**
 * `exec COMMAND` from a script or a wrapper (`env`, an image's entrypoint): the process becomes
 * the found executable with the same streams and directory; `changes` sets what the wrapper
 * alters (env's variables, gosu's user).
 */
export function execInPlace(
  context: ProcessContext,
  argv: string[],
  executable: string,
  changes: { env?: Record<string, string>; user?: string | undefined } = {},
): Promise<number> {
  return context.exec({
    argv,
    env: changes.env ?? context.env,
    cwd: context.cwd,
    stdin: context.stdin,
    stdout: context.stdout,
    stderr: context.stderr,
    executable,
    ...(changes.user === undefined ? {} : { user: changes.user }),
  });
}
