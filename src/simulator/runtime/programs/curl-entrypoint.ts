import { execInPlace } from './exec-in-place.js';
import type { Tool } from './tool.js';

/**
 * curlimages/curl's `/entrypoint.sh`:
 * `if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ]; then set -- curl "$@"; fi; exec "$@"`
 * so `kubectl run c --image=curlimages/curl -- -s http://web` runs curl, and `-- sleep 3600`
 * or `-- sh` runs that command instead.
 */
export const curlEntrypoint: Tool = async (context) => {
  const self = context.argv[0] ?? '/entrypoint.sh';
  let command = context.argv.slice(1);
  const first = command[0] ?? '';
  const path = context.env.PATH ?? '';
  if (first.startsWith('-') || first === '' || context.lookPath(first, path) === undefined) {
    command = ['curl', ...command];
  }
  const name = command[0] as string;
  const executable = context.lookPath(name, path);
  if (executable === undefined) {
    // busybox ash's words for a failed `exec` on the script's line 15.
    await context.stderr.write(`${self}: exec: line 15: ${name}: not found\n`);
    return 127;
  }
  return execInPlace(context, command, executable);
};
