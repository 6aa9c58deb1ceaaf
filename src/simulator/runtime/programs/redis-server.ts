import type { SignalName } from '../process/contracts.js';
import { text } from './io.js';
import { info, logTime, readConfig } from './redis-config.js';
import { RedisStore } from './redis-store.js';
import { parseCall, type RedisReply, replyResponse } from './redis-wire.js';
import type { Tool } from './tool.js';

/**
 * redis-server as the official image runs it: the startup banner in Redis's log format
 * (`pid:role date level message`) on stdout, the keyspace served on the pod network, the RDB
 * file (`/data/dump.rdb`) loaded at start and written on shutdown when save points are set.
 * SIGTERM and SIGINT, or SHUTDOWN from a client, shut it down cleanly with exit status 0.
 */
export const redisServer: Tool = async (context) => {
  const version = context.env.REDIS_VERSION ?? '7.4.2';
  const args = context.argv.slice(1);
  const invoked = (context.argv[0] ?? '').slice((context.argv[0] ?? '').lastIndexOf('/') + 1);
  if (invoked !== 'redis-server') {
    // redis-check-aof, redis-check-rdb and redis-sentinel are links to this binary.
    await context.stderr.write(`${invoked}: not simulated (redis-server and redis-cli are)\n`);
    return 1;
  }
  if (args.includes('--version') || args.includes('-v')) {
    await context.stdout.write(
      `Redis server v=${version} sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=c2a5d4a2bf1ad4a4\n`,
    );
    return 0;
  }
  const pid = context.pid;
  const log = (role: string, level: string, message: string) =>
    context.stdout.write(`${pid}:${role} ${logTime(context.clock.now())} ${level} ${message}\n`);
  const config = readConfig(context, args);
  if (typeof config === 'string') {
    await context.stderr.write(`${config}\n`);
    return 1;
  }
  await log('C', '*', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
  await log(
    'C',
    '*',
    `Redis version=${version}, bits=64, commit=00000000, modified=0, pid=${pid}, just started`,
  );
  if (config.configFile === undefined) {
    await log(
      'C',
      '#',
      'Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf',
    );
  } else {
    await log('C', '*', 'Configuration loaded');
  }
  const started = context.clock.now().getTime();
  const store = new RedisStore(() => context.clock.now().getTime());
  const rdbPath = `${config.dir}/${config.dbfilename}`;
  let stop: ((how: { signal?: SignalName; save: boolean }) => void) | undefined;
  const stopped = new Promise<{ signal?: SignalName; save: boolean }>((resolve) => {
    stop = resolve;
  });
  const save = () => {
    context.fs.writeFile(rdbPath, `REDIS0012${store.snapshot()}`);
    store.dirty = 0;
  };
  const server = (argv: string[], db: number): RedisReply | undefined => {
    const name = (argv[0] ?? '').toLowerCase();
    if (name === 'info')
      return { t: 'bulk', v: info(context, version, config, store, started, argv[1]) };
    if (name === 'save') {
      save();
      return { t: 'status', v: 'OK' };
    }
    if (name === 'dbsize') return { t: 'int', v: store.keyCount(db) };
    if (name === 'shutdown') {
      const mode = (argv[1] ?? '').toLowerCase();
      stop?.({ save: mode === 'save' || (mode !== 'nosave' && config.save !== '') });
      return { t: 'status', v: 'OK' };
    }
    if (name === 'config' && (argv[1] ?? '').toLowerCase() === 'get') {
      const values: Record<string, string> = {
        port: String(config.port),
        save: config.save,
        dir: config.dir,
        dbfilename: config.dbfilename,
        requirepass: config.requirepass ?? '',
        appendonly: 'no',
      };
      const wanted = (argv[2] ?? '').toLowerCase();
      return {
        t: 'array',
        v:
          wanted in values
            ? [
                { t: 'bulk', v: wanted },
                { t: 'bulk', v: values[wanted] ?? '' },
              ]
            : [],
      };
    }
    return undefined;
  };
  const close = (() => {
    try {
      return context.network.listen(config.port, async (request) => {
        const call = parseCall(request);
        if (!call) {
          // An HTTP client: Redis drops the connection (and logs a warning for POST/Host:).
          await log(
            'M',
            '#',
            'Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis instance. Connection from 127.0.0.1:40312 aborted.',
          );
          throw new Error('connection reset by peer');
        }
        const name = (call.argv[0] ?? '').toLowerCase();
        if (name === 'auth') {
          const given = call.argv[call.argv.length - 1];
          if (config.requirepass === undefined)
            return replyResponse({
              t: 'error',
              v: 'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
            });
          return replyResponse(
            given === config.requirepass
              ? { t: 'status', v: 'OK' }
              : { t: 'error', v: 'WRONGPASS invalid username-password pair or user is disabled.' },
          );
        }
        if (
          config.requirepass !== undefined &&
          call.password !== config.requirepass &&
          name !== 'quit'
        ) {
          return replyResponse({ t: 'error', v: 'NOAUTH Authentication required.' });
        }
        if (name === 'quit') return replyResponse({ t: 'status', v: 'OK' });
        const reply =
          server(call.argv, call.db) ??
          store.execute(call.db, call.argv) ??
          unknownCommand(call.argv);
        return replyResponse(reply);
      });
    } catch {
      return undefined;
    }
  })();
  if (!close) {
    await log(
      'M',
      '#',
      `Warning: Could not create server TCP listening socket *:${config.port}: bind: Address already in use`,
    );
    await log('M', '#', `Failed listening on port ${config.port} (tcp), aborting.`);
    return 1;
  }
  context.setTitle(`redis-server *:${config.port}`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    context.signals.handle(signal, () => stop?.({ signal, save: config.save !== '' }));
  }
  await log('M', '*', 'monotonic clock: POSIX clock_gettime');
  await log('M', '*', `Running mode=standalone, port=${config.port}.`);
  await log('M', '*', 'Server initialized');
  let dump: string | undefined;
  try {
    dump = text(context.fs.readFile(rdbPath));
  } catch {
    dump = undefined;
  }
  if (dump?.startsWith('REDIS')) {
    const savedAt = context.fs.stat(rdbPath).mtimeMs;
    await log('M', '*', `Loading RDB produced by version ${version}`);
    await log('M', '*', `RDB age ${Math.max(0, Math.round((started - savedAt) / 1000))} seconds`);
    await log('M', '*', 'RDB memory usage when created 0.90 Mb');
    const { loaded, expired } = store.restore(dump.slice(9) || '[]');
    await log('M', '*', `Done loading RDB, keys loaded: ${loaded}, keys expired: ${expired}.`);
    await log('M', '*', 'DB loaded from disk: 0.000 seconds');
  }
  await log('M', '*', 'Ready to accept connections tcp');
  try {
    const how = await Promise.race([
      stopped,
      new Promise<never>((_resolve, reject) => {
        const killed = context.signals.killed;
        if (killed.aborted) reject(killed.reason);
        killed.addEventListener('abort', () => reject(killed.reason), { once: true });
      }),
    ]);
    if (how.signal) {
      await context.stdout.write(
        `${pid}:signal-handler (${Math.floor(context.clock.now().getTime() / 1000)}) Received ${how.signal} scheduling shutdown...\n`,
      );
    }
    await log('M', '*', 'User requested shutdown...');
    if (how.save) {
      await log('M', '*', 'Saving the final RDB snapshot before exiting.');
      try {
        save();
        await log('M', '*', 'DB saved on disk');
      } catch {
        await log(
          'M',
          '#',
          `Failed opening the temp RDB file temp-${pid}.rdb (in server root dir ${config.dir}) for saving: Read-only file system`,
        );
      }
    }
    await log('M', '#', 'Redis is now ready to exit, bye bye...');
    return 0;
  } finally {
    close();
  }
};

function unknownCommand(argv: string[]): RedisReply {
  const args = argv
    .slice(1)
    .map((arg) => `'${arg}' `)
    .join('');
  return {
    t: 'error',
    v: `ERR unknown command '${argv[0] ?? ''}', with args beginning with: ${args}`,
  };
}
