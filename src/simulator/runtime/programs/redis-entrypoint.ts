import { gosuUser } from './credentials.js';
import { execInPlace } from './exec-in-place.js';
import type { Tool } from './tool.js';

/**
 * The redis image's docker-entrypoint.sh: a first argument that is an option or a `.conf` file
 * means redis-server; as root it chowns the working directory to redis and re-runs itself via
 * gosu as that user; then it execs the command.
 */
export const redisEntrypoint: Tool = async (context) => {
  let command = context.argv.slice(1);
  const first = command[0] ?? '';
  if (first.startsWith('-') || first.endsWith('.conf')) command = ['redis-server', ...command];
  const name = command[0];
  const executable =
    name === undefined ? undefined : context.lookPath(name, context.env.PATH ?? '');
  if (name === undefined) return 0;
  if (executable === undefined) {
    await context.stderr.write(
      `/usr/local/bin/docker-entrypoint.sh: 21: exec: ${name}: not found\n`,
    );
    return 127;
  }
  // As root, `exec gosu redis "$0" "$@"`: the server runs as the redis user.
  const user = name === 'redis-server' ? gosuUser(context, 'redis') : undefined;
  return execInPlace(context, command, executable, { user });
};
