import type { RedisReply } from './redis-wire.js';

/** What a Redis key holds, and the replies the data commands share. */
export type Value =
  | { kind: 'string'; v: string }
  | { kind: 'list'; v: string[] }
  | { kind: 'hash'; v: Map<string, string> };

export interface Entry {
  value: Value;
  /** Simulated-clock ms after which the key is gone. */
  expiresAt?: number;
}

export const OK: RedisReply = { t: 'status', v: 'OK' };
export const NIL: RedisReply = { t: 'nil' };
export const WRONGTYPE: RedisReply = {
  t: 'error',
  v: 'WRONGTYPE Operation against a key holding the wrong kind of value',
};
export const NOT_INTEGER: RedisReply = {
  t: 'error',
  v: 'ERR value is not an integer or out of range',
};
export const int = (v: number): RedisReply => ({ t: 'int', v });
export const bulk = (v: string | undefined): RedisReply =>
  v === undefined ? NIL : { t: 'bulk', v };
export const arity = (name: string): RedisReply => ({
  t: 'error',
  v: `ERR wrong number of arguments for '${name}' command`,
});

/** Minimum argument counts (the command name included), as Redis's command table has them. */
export const ARITY: Record<string, number> = Object.fromEntries(
  (
    'ping:1 echo:2 set:3 get:2 del:2 exists:2 keys:2 incr:2 decr:2 incrby:3 decrby:3 append:3 ' +
    'strlen:2 mget:2 mset:3 expire:3 ttl:2 persist:2 type:2 dbsize:1 flushall:1 flushdb:1 ' +
    'lpush:3 rpush:3 lpop:2 rpop:2 llen:2 lrange:4 hset:4 hget:3 hgetall:2 hdel:3 select:2'
  )
    .split(' ')
    .map((pair) => {
      const [name = '', count = '1'] = pair.split(':');
      return [name, Number(count)];
    }),
);

/** A key's live entry of one kind: undefined when absent, 'wrong' when it holds another kind. */
export type Typed = <K extends Value['kind']>(
  kind: K,
) => (Entry & { value: Extract<Value, { kind: K }> }) | undefined | 'wrong';
