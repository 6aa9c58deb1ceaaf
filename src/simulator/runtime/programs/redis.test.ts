import { describe, expect, it } from 'vitest';
import { pullImage } from '../images/image-registry.js';
import { Collector, Feed, run, settle, World } from './programs.test-support.js';
import { formatRaw, formatTty, redisCli, splitArgs } from './redis-cli.js';
import { redisServer } from './redis-server.js';
import { RedisStore } from './redis-store.js';
import { bindTool } from './tool.js';

const server = bindTool(redisServer, 'gnu');
const cli = bindTool(redisCli, 'gnu');
const env = { PATH: '/usr/local/bin:/usr/bin:/bin', REDIS_VERSION: '7.4.2' };

function startServer(world: World, args: string[] = []) {
  const stdout = new Collector();
  const handle = world.start(server, ['redis-server', ...args], { stdout, env, cwd: '/data' });
  return { handle, stdout };
}

describe('the Redis keyspace', () => {
  it('answers string, list and hash commands with Redis replies and errors', () => {
    let now = 1000;
    const store = new RedisStore(() => now);
    const exec = (...argv: string[]) => store.execute(0, argv);
    expect(exec('SET', 'k', 'v')).toEqual({ t: 'status', v: 'OK' });
    expect(exec('GET', 'k')).toEqual({ t: 'bulk', v: 'v' });
    expect(exec('INCR', 'k')).toEqual({
      t: 'error',
      v: 'ERR value is not an integer or out of range',
    });
    expect(exec('INCR', 'n')).toEqual({ t: 'int', v: 1 });
    expect(exec('LPUSH', 'k', 'x')).toEqual({
      t: 'error',
      v: 'WRONGTYPE Operation against a key holding the wrong kind of value',
    });
    expect(exec('RPUSH', 'l', 'a', 'b')).toEqual({ t: 'int', v: 2 });
    expect(exec('LRANGE', 'l', '0', '-1')).toEqual({
      t: 'array',
      v: [
        { t: 'bulk', v: 'a' },
        { t: 'bulk', v: 'b' },
      ],
    });
    expect(exec('HSET', 'h', 'f', '1')).toEqual({ t: 'int', v: 1 });
    expect(exec('KEYS', '*')).toEqual({
      t: 'array',
      v: ['k', 'n', 'l', 'h'].map((v) => ({ t: 'bulk', v })),
    });
    expect(exec('GET')).toEqual({
      t: 'error',
      v: "ERR wrong number of arguments for 'get' command",
    });
    expect(exec('SET', 'tmp', 'x', 'EX', '10')).toEqual({ t: 'status', v: 'OK' });
    expect(exec('TTL', 'tmp')).toEqual({ t: 'int', v: 10 });
    now += 10_000;
    expect(exec('GET', 'tmp')).toEqual({ t: 'nil' });
    expect(exec('DEL', 'k', 'nope')).toEqual({ t: 'int', v: 1 });
    expect(exec('NOPE')).toBeUndefined();
  });

  it('formats replies as redis-cli does on a terminal and in a pipe', () => {
    const array = {
      t: 'array' as const,
      v: [
        { t: 'bulk' as const, v: 'a b' },
        { t: 'int' as const, v: 3 },
      ],
    };
    expect(formatTty(array)).toBe('1) "a b"\n2) (integer) 3\n');
    expect(formatRaw(array)).toBe('a b\n3\n');
    expect(formatTty({ t: 'nil' })).toBe('(nil)\n');
    expect(formatRaw({ t: 'nil' })).toBe('\n');
    expect(formatTty({ t: 'array', v: [] })).toBe('(empty array)\n');
    expect(formatTty({ t: 'error', v: 'ERR x' })).toBe('(error) ERR x\n');
    expect(splitArgs('set k "a b\\n" \'c d\'')).toEqual(['set', 'k', 'a b\n', 'c d']);
  });
});

describe('redis-server and redis-cli', () => {
  it('starts with the banner of the official image and serves redis-cli', async () => {
    const world = new World({ image: pullImage('redis').layer });
    const { stdout } = startServer(world);
    await settle();
    const lines = stdout.text.trimEnd().split('\n');
    expect(lines.map((line) => line.replace(/^(\d+:\w) \d\d \w+ \d{4} [\d:.]+ /, '$1 '))).toEqual([
      '1:C * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo',
      '1:C * Redis version=7.4.2, bits=64, commit=00000000, modified=0, pid=1, just started',
      '1:C # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf',
      '1:M * monotonic clock: POSIX clock_gettime',
      '1:M * Running mode=standalone, port=6379.',
      '1:M * Server initialized',
      '1:M * Ready to accept connections tcp',
    ]);
    expect(lines[0]).toMatch(/^1:C 14 May 2024 10:21:33\.000 \* /);
    expect((await run(world, cli, ['redis-cli', 'PING'], { env })).stdout).toBe('PONG\n');
    expect((await run(world, cli, ['redis-cli', 'set', 'greeting', 'hello'], { env })).stdout).toBe(
      'OK\n',
    );
    expect((await run(world, cli, ['redis-cli', 'get', 'greeting'], { env })).stdout).toBe(
      'hello\n',
    );
    expect((await run(world, cli, ['redis-cli', 'get', 'missing'], { env })).stdout).toBe('\n');
    const info = await run(world, cli, ['redis-cli', 'INFO', 'server'], { env });
    expect(info.stdout).toMatch(/^# Server\r\nredis_version:7\.4\.2\r\n/);
    const unknown = await run(world, cli, ['redis-cli', 'frobnicate', 'a'], { env });
    expect(unknown.stdout).toBe(
      "ERR unknown command 'frobnicate', with args beginning with: 'a' \n",
    );
    const piped = await run(world, cli, ['redis-cli'], { env, stdin: 'SET a 1\nINCR a\n' });
    expect(piped.stdout).toBe('OK\n2\n');
  });

  it('keeps the data in /data/dump.rdb across a SIGTERM and a restart', async () => {
    const world = new World({ image: pullImage('redis').layer });
    const first = startServer(world);
    await settle();
    await run(world, cli, ['redis-cli', 'set', 'kept', 'yes'], { env });
    world.kill(first.handle.pid, 'SIGTERM');
    expect(await first.handle.exit).toBe(0);
    expect(first.stdout.text).toMatch(
      /1:signal-handler \(\d+\) Received SIGTERM scheduling shutdown\.\.\.\n/,
    );
    expect(first.stdout.text).toContain('* Saving the final RDB snapshot before exiting.\n');
    expect(first.stdout.text).toContain('# Redis is now ready to exit, bye bye...\n');
    expect(world.fs.exists('/data/dump.rdb')).toBe(true);
    const second = startServer(world);
    await settle();
    expect(second.stdout.text).toContain('* Done loading RDB, keys loaded: 1, keys expired: 0.\n');
    expect((await run(world, cli, ['redis-cli', 'get', 'kept'], { env })).stdout).toBe('yes\n');
  });

  it('asks for the password requirepass sets, and says when nothing listens', async () => {
    const world = new World({ image: pullImage('redis').layer });
    startServer(world, ['--requirepass', 's3cret']);
    await settle();
    expect((await run(world, cli, ['redis-cli', 'ping'], { env })).stdout).toBe(
      'NOAUTH Authentication required.\n',
    );
    const authed = await run(world, cli, ['redis-cli', '-a', 's3cret', 'ping'], { env });
    expect(authed.stdout).toBe('PONG\n');
    expect(authed.stderr).toBe(
      "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.\n",
    );
    const refused = await run(world, cli, ['redis-cli', '-p', '6380', 'ping'], { env });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      'Could not connect to Redis at 127.0.0.1:6380: Connection refused\n',
    );
  });

  it('prompts on a terminal', async () => {
    const world = new World({ image: pullImage('redis').layer });
    startServer(world);
    await settle();
    const stdin = new Feed('set a 1\nget a\nquit\n');
    Object.assign(stdin, { terminal: { name: '/dev/pts/0' } });
    const stdout = new Collector(true);
    const session = world.start(cli, ['redis-cli'], { stdin, stdout, env });
    expect(await session.exit).toBe(0);
    expect(stdout.text).toBe('127.0.0.1:6379> OK\n127.0.0.1:6379> "1"\n127.0.0.1:6379> ');
  });
});
