import { collectionCommand } from './redis-collections.js';
import {
  ARITY,
  arity,
  bulk,
  type Entry,
  int,
  NIL,
  NOT_INTEGER,
  OK,
  type Typed,
  type Value,
  WRONGTYPE,
} from './redis-values.js';
import type { RedisReply } from './redis-wire.js';

/** `*` `?` `[…]` of KEYS patterns, as stringmatchlen matches them. */
function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[' && pattern.indexOf(']', i + 1) > i) {
      const end = pattern.indexOf(']', i + 1);
      source += `[${pattern.slice(i + 1, end).replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) source += `\\${pattern[++i]}`;
    else source += c.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

/**
 * One redis-server's data: 16 databases of strings, lists and hashes with expiry on the
 * simulated clock, and the data commands a course meets. Server-level commands (INFO, SAVE,
 * SHUTDOWN, CONFIG, AUTH) are the server's; `execute` answers the rest or returns undefined.
 */
export class RedisStore {
  readonly dbs: Map<string, Entry>[] = Array.from({ length: 16 }, () => new Map());
  /** Writes since the last save (INFO's `rdb_changes_since_last_save`). */
  dirty = 0;

  constructor(private readonly now: () => number) {}

  /** The live entry of `key` in `db`, dropping it when it has expired. */
  private entry(db: number, key: string): Entry | undefined {
    const map = this.dbs[db] as Map<string, Entry>;
    const entry = map.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      map.delete(key);
      return undefined;
    }
    return entry;
  }

  keyCount(db: number): number {
    const map = this.dbs[db] as Map<string, Entry>;
    for (const key of [...map.keys()]) this.entry(db, key);
    return map.size;
  }

  execute(db: number, argv: string[]): RedisReply | undefined {
    const name = (argv[0] ?? '').toLowerCase();
    const min = ARITY[name];
    if (min === undefined) return undefined;
    if (argv.length < min) return arity(name);
    const map = this.dbs[db] as Map<string, Entry>;
    const key = argv[1] ?? '';
    const write = (reply: RedisReply) => {
      this.dirty++;
      return reply;
    };
    const typed = ((kind: Value['kind']) => {
      const entry = this.entry(db, key);
      return entry && entry.value.kind !== kind ? 'wrong' : entry;
    }) as Typed;
    const collection = collectionCommand(name, argv, {
      typed,
      put: (entry) => map.set(key, entry),
      remove: () => map.delete(key),
      write,
    });
    if (collection) return collection;
    switch (name) {
      case 'ping':
        return argv.length > 1 ? bulk(argv[1]) : { t: 'status', v: 'PONG' };
      case 'echo':
        return bulk(argv[1]);
      case 'set':
        return this.set(map, argv, write);
      case 'get': {
        const entry = typed('string');
        return entry === 'wrong' ? WRONGTYPE : bulk(entry?.value.v);
      }
      case 'mget':
        return {
          t: 'array',
          v: argv.slice(1).map((k) => {
            const value = this.entry(db, k)?.value;
            return value?.kind === 'string' ? bulk(value.v) : NIL;
          }),
        };
      case 'mset':
        if (argv.length % 2 === 0) return arity(name);
        for (let i = 1; i < argv.length; i += 2) {
          map.set(argv[i] as string, { value: { kind: 'string', v: argv[i + 1] as string } });
        }
        return write(OK);
      case 'del': {
        const removed = argv.slice(1).filter((k) => this.entry(db, k) && map.delete(k)).length;
        return removed > 0 ? write(int(removed)) : int(0);
      }
      case 'exists':
        return int(argv.slice(1).filter((k) => this.entry(db, k) !== undefined).length);
      case 'keys': {
        const pattern = globToRegExp(key);
        const names = [...map.keys()].filter((k) => this.entry(db, k) && pattern.test(k));
        return { t: 'array', v: names.map((k) => bulk(k)) };
      }
      case 'type':
        return { t: 'status', v: this.entry(db, key)?.value.kind ?? 'none' };
      case 'incr':
      case 'decr':
      case 'incrby':
      case 'decrby': {
        const entry = typed('string');
        if (entry === 'wrong') return WRONGTYPE;
        const by = name.endsWith('by') ? Number(argv[2]) : 1;
        const text = entry?.value.v ?? '0';
        if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(by)) return NOT_INTEGER;
        const next = Number(text) + (name.startsWith('incr') ? by : -by);
        map.set(key, { ...entry, value: { kind: 'string', v: String(next) } });
        return write(int(next));
      }
      case 'append': {
        const entry = typed('string');
        if (entry === 'wrong') return WRONGTYPE;
        const next = `${entry?.value.v ?? ''}${argv[2]}`;
        map.set(key, { ...entry, value: { kind: 'string', v: next } });
        return write(int(next.length));
      }
      case 'strlen': {
        const entry = typed('string');
        return entry === 'wrong' ? WRONGTYPE : int(entry?.value.v.length ?? 0);
      }
      case 'expire': {
        const entry = this.entry(db, key);
        const seconds = Number(argv[2]);
        if (!Number.isInteger(seconds)) return NOT_INTEGER;
        if (!entry) return int(0);
        entry.expiresAt = this.now() + seconds * 1000;
        return write(int(1));
      }
      case 'persist': {
        const entry = this.entry(db, key);
        if (entry?.expiresAt === undefined) return int(0);
        delete entry.expiresAt;
        return write(int(1));
      }
      case 'ttl': {
        const entry = this.entry(db, key);
        if (!entry) return int(-2);
        if (entry.expiresAt === undefined) return int(-1);
        return int(Math.round((entry.expiresAt - this.now()) / 1000));
      }
      case 'dbsize':
        return int(this.keyCount(db));
      case 'flushdb':
        map.clear();
        return write(OK);
      case 'flushall':
        for (const each of this.dbs) each.clear();
        return write(OK);
      case 'select': {
        const index = Number(argv[1]);
        if (!Number.isInteger(index)) return NOT_INTEGER;
        return index >= 0 && index < 16 ? OK : { t: 'error', v: 'ERR DB index is out of range' };
      }
      default:
        return undefined;
    }
  }

  /** SET key value [NX|XX] [EX s|PX ms|KEEPTTL] [GET]. */
  private set(
    map: Map<string, Entry>,
    argv: string[],
    write: (reply: RedisReply) => RedisReply,
  ): RedisReply {
    const [, key = '', value = ''] = argv;
    let expiresAt: number | undefined;
    let condition: 'nx' | 'xx' | undefined;
    let keepTtl = false;
    let get = false;
    for (let i = 3; i < argv.length; i++) {
      const option = (argv[i] as string).toLowerCase();
      if (option === 'nx' || option === 'xx') condition = option;
      else if (option === 'keepttl') keepTtl = true;
      else if (option === 'get') get = true;
      else if ((option === 'ex' || option === 'px') && i + 1 < argv.length) {
        const amount = Number(argv[++i]);
        if (!Number.isInteger(amount)) return NOT_INTEGER;
        if (amount <= 0) return { t: 'error', v: "ERR invalid expire time in 'set' command" };
        expiresAt = this.now() + (option === 'ex' ? amount * 1000 : amount);
      } else return { t: 'error', v: 'ERR syntax error' };
    }
    const current = map.get(key);
    const live = current && (current.expiresAt === undefined || current.expiresAt > this.now());
    const previous = live && current?.value.kind === 'string' ? current.value.v : undefined;
    if ((condition === 'nx' && live) || (condition === 'xx' && !live)) {
      return get ? bulk(previous) : NIL;
    }
    const ttl = keepTtl && live ? current?.expiresAt : expiresAt;
    map.set(key, {
      value: { kind: 'string', v: value },
      ...(ttl !== undefined ? { expiresAt: ttl } : {}),
    });
    write(OK);
    return get ? bulk(previous) : OK;
  }

  /** What SAVE writes: every database's live keys, as JSON after the RDB magic. */
  snapshot(): string {
    return JSON.stringify(
      this.dbs.map((map, db) => {
        const keys: Record<string, unknown> = {};
        for (const [key, entry] of map) {
          if (!this.entry(db, key)) continue;
          const value = entry.value;
          keys[key] = {
            kind: value.kind,
            v: value.kind === 'hash' ? [...value.v] : value.v,
            ...(entry.expiresAt !== undefined ? { expiresAt: entry.expiresAt } : {}),
          };
        }
        return keys;
      }),
    );
  }

  /** Loads what `snapshot` wrote: how many keys it loaded, and how many had expired. */
  restore(json: string): { loaded: number; expired: number } {
    type Saved = { kind: Value['kind']; v: unknown; expiresAt?: number };
    const dbs = JSON.parse(json) as Record<string, Saved>[];
    let loaded = 0;
    let expired = 0;
    dbs.forEach((keys, db) => {
      const map = this.dbs[db];
      if (!map) return;
      for (const [key, saved] of Object.entries(keys)) {
        if (saved.expiresAt !== undefined && saved.expiresAt <= this.now()) {
          expired++;
          continue;
        }
        const value: Value =
          saved.kind === 'hash'
            ? { kind: 'hash', v: new Map(saved.v as [string, string][]) }
            : saved.kind === 'list'
              ? { kind: 'list', v: saved.v as string[] }
              : { kind: 'string', v: String(saved.v) };
        const ttl = saved.expiresAt !== undefined ? { expiresAt: saved.expiresAt } : {};
        map.set(key, { value, ...ttl });
        loaded++;
      }
    });
    return { loaded, expired };
  }
}
