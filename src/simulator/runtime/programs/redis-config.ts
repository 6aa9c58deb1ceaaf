import type { ProcessContext } from '../process/contracts.js';
import { resolvePath, text } from './io.js';
import { KERNEL } from './machine.js';
import type { RedisStore } from './redis-store.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** serverLogRaw's clock: `23 Nov 2026 12:00:00.123`. */
export function logTime(date: Date): string {
  const ms = String(date.getUTCMilliseconds()).padStart(3, '0');
  return `${p2(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${p2(date.getUTCHours())}:${p2(date.getUTCMinutes())}:${p2(date.getUTCSeconds())}.${ms}`;
}

export interface RedisConfig {
  port: number;
  requirepass?: string;
  /** `save` points; empty means no RDB snapshots. */
  save: string;
  dir: string;
  dbfilename: string;
  configFile?: string;
}

/** `redis-server [config-file] [--name value …]`: the directives the simulation acts on. */
export function readConfig(context: ProcessContext, args: string[]): RedisConfig | string {
  const config: RedisConfig = {
    port: 6379,
    save: '3600 1 300 100 60 10000',
    dir: context.cwd,
    dbfilename: 'dump.rdb',
  };
  const directives: [string, string][] = [];
  let rest = args;
  if (rest[0] !== undefined && !rest[0].startsWith('--')) {
    config.configFile = rest[0];
    let content: string;
    try {
      content = text(context.fs.readFile(resolvePath(context.cwd, rest[0])));
    } catch {
      return `Fatal error, can't open config file '${rest[0]}': No such file or directory`;
    }
    for (const line of content.split('\n')) {
      const [name, ...values] = line.trim().split(/\s+/);
      if (name && !name.startsWith('#'))
        directives.push([name.toLowerCase(), values.join(' ').replace(/^"(.*)"$/, '$1')]);
    }
    rest = rest.slice(1);
  }
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (!arg.startsWith('--')) continue;
    const values: string[] = [];
    while (i + 1 < rest.length && !(rest[i + 1] as string).startsWith('--'))
      values.push(rest[++i] as string);
    directives.push([arg.slice(2).toLowerCase(), values.join(' ')]);
  }
  for (const [name, value] of directives) {
    if (name === 'port') config.port = Number(value);
    else if (name === 'requirepass' && value !== '') config.requirepass = value;
    else if (name === 'save') config.save = value;
    else if (name === 'dir') config.dir = resolvePath(context.cwd, value);
    else if (name === 'dbfilename') config.dbfilename = value;
  }
  return config;
}

/** INFO [section]: the sections a learner looks at, in Redis's `name:value` CRLF format. */
export function info(
  context: ProcessContext,
  version: string,
  config: RedisConfig,
  store: RedisStore,
  started: number,
  section = 'default',
): string {
  const now = context.clock.now().getTime();
  const uptime = Math.floor((now - started) / 1000);
  const sections: Record<string, string[]> = {
    server: [
      `redis_version:${version}`,
      'redis_git_sha1:00000000',
      'redis_git_dirty:0',
      'redis_build_id:c2a5d4a2bf1ad4a4',
      'redis_mode:standalone',
      `os:Linux ${KERNEL.release} x86_64`,
      'arch_bits:64',
      'monotonic_clock:POSIX clock_gettime',
      'multiplexing_api:epoll',
      'atomicvar_api:c11-builtin',
      'gcc_version:12.2.0',
      `process_id:${context.pid}`,
      'process_supervised:no',
      `tcp_port:${config.port}`,
      `server_time_usec:${now * 1000}`,
      `uptime_in_seconds:${uptime}`,
      `uptime_in_days:${Math.floor(uptime / 86400)}`,
      'hz:10',
      'configured_hz:10',
      `executable:${context.cwd}/redis-server`,
      `config_file:${config.configFile ? resolvePath(context.cwd, config.configFile) : ''}`,
      'io_threads_active:0',
      `listener0:name=tcp,bind=*,bind=-::*,port=${config.port}`,
    ],
    clients: ['connected_clients:1', 'blocked_clients:0'],
    persistence: [
      'loading:0',
      `rdb_changes_since_last_save:${store.dirty}`,
      'rdb_bgsave_in_progress:0',
      'aof_enabled:0',
    ],
    replication: ['role:master', 'connected_slaves:0'],
    keyspace: store.dbs
      .map((_, db) => [db, store.keyCount(db)] as const)
      .filter(([, keys]) => keys > 0)
      .map(([db, keys]) => `db${db}:keys=${keys},expires=0,avg_ttl=0,subexpiry=0`),
  };
  const wanted = section.toLowerCase();
  const names =
    wanted === 'default' || wanted === 'all' || wanted === 'everything'
      ? Object.keys(sections)
      : [wanted];
  return names
    .filter((name) => sections[name])
    .map(
      (name) =>
        `# ${name[0]?.toUpperCase()}${name.slice(1)}\r\n${(sections[name] ?? []).map((line) => `${line}\r\n`).join('')}`,
    )
    .join('\r\n');
}
