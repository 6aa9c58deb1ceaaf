import {
  arity,
  bulk,
  type Entry,
  int,
  NIL,
  NOT_INTEGER,
  type Typed,
  WRONGTYPE,
} from './redis-values.js';
import type { RedisReply } from './redis-wire.js';

/** What the list and hash commands need of the keyspace, for one key of one database. */
export interface KeyAccess {
  typed: Typed;
  put(entry: Entry): void;
  remove(): void;
  /** Counts a write (for INFO's `rdb_changes_since_last_save`) and passes the reply on. */
  write(reply: RedisReply): RedisReply;
}

/** LPUSH RPUSH LPOP RPOP LLEN LRANGE HSET HGET HGETALL HDEL; undefined for anything else. */
export function collectionCommand(
  name: string,
  argv: string[],
  key: KeyAccess,
): RedisReply | undefined {
  switch (name) {
    case 'lpush':
    case 'rpush': {
      const entry = key.typed('list');
      if (entry === 'wrong') return WRONGTYPE;
      const list = entry?.value.v ?? [];
      for (const item of argv.slice(2)) {
        if (name === 'lpush') list.unshift(item);
        else list.push(item);
      }
      if (!entry) key.put({ value: { kind: 'list', v: list } });
      return key.write(int(list.length));
    }
    case 'lpop':
    case 'rpop': {
      const entry = key.typed('list');
      if (entry === 'wrong') return WRONGTYPE;
      if (!entry) return NIL;
      const item = name === 'lpop' ? entry.value.v.shift() : entry.value.v.pop();
      if (entry.value.v.length === 0) key.remove();
      return key.write(bulk(item));
    }
    case 'llen': {
      const entry = key.typed('list');
      return entry === 'wrong' ? WRONGTYPE : int(entry?.value.v.length ?? 0);
    }
    case 'lrange': {
      const entry = key.typed('list');
      if (entry === 'wrong') return WRONGTYPE;
      const list = entry?.value.v ?? [];
      const at = (n: number) => (n < 0 ? Math.max(list.length + n, 0) : n);
      const start = Number(argv[2]);
      const stop = Number(argv[3]);
      if (!Number.isInteger(start) || !Number.isInteger(stop)) return NOT_INTEGER;
      return { t: 'array', v: list.slice(at(start), at(stop) + 1).map((item) => bulk(item)) };
    }
    case 'hset': {
      const entry = key.typed('hash');
      if (entry === 'wrong') return WRONGTYPE;
      if (argv.length % 2 !== 0) return arity(name);
      const hash = entry?.value.v ?? new Map<string, string>();
      let added = 0;
      for (let i = 2; i < argv.length; i += 2) {
        if (!hash.has(argv[i] as string)) added++;
        hash.set(argv[i] as string, argv[i + 1] as string);
      }
      if (!entry) key.put({ value: { kind: 'hash', v: hash } });
      return key.write(int(added));
    }
    case 'hget': {
      const entry = key.typed('hash');
      return entry === 'wrong' ? WRONGTYPE : bulk(entry?.value.v.get(argv[2] as string));
    }
    case 'hgetall': {
      const entry = key.typed('hash');
      if (entry === 'wrong') return WRONGTYPE;
      const pairs = [...(entry?.value.v ?? new Map<string, string>())].flat();
      return { t: 'array', v: pairs.map((s) => bulk(s)) };
    }
    case 'hdel': {
      const entry = key.typed('hash');
      if (entry === 'wrong') return WRONGTYPE;
      const removed = argv.slice(2).filter((field) => entry?.value.v.delete(field)).length;
      if (entry && entry.value.v.size === 0) key.remove();
      return removed > 0 ? key.write(int(removed)) : int(0);
    }
    default:
      return undefined;
  }
}
