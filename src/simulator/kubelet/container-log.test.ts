import { describe, expect, it } from 'vitest';
import type { LogOptions } from '../apiserver/pod-subresources/node-streams.js';
import { ContainerLog, rfc3339Nano } from './container-log.js';

const base: LogOptions = { follow: false, previous: false, timestamps: false };

async function read(
  log: ContainerLog,
  options: Partial<LogOptions>,
  signal = new AbortController().signal,
) {
  const chunks: Buffer[] = [];
  for await (const chunk of log.read({ ...base, ...options }, signal)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

describe('ContainerLog', () => {
  it('splits writes into timestamped lines and selects by tail, since and limitBytes', async () => {
    let now = Date.UTC(2026, 10, 23, 12, 0, 0);
    const log = new ContainerLog(() => now);
    log.append('stdout', 'one\ntw');
    now += 1500;
    log.append('stdout', 'o\nthree\n');
    expect(await read(log, {})).toBe('one\ntwo\nthree\n');
    expect(await read(log, { tailLines: 2 })).toBe('two\nthree\n');
    expect(await read(log, { tailLines: 0 })).toBe('');
    expect(await read(log, { sinceSeconds: 1 })).toBe('two\nthree\n');
    expect(await read(log, { limitBytes: 5 })).toBe('one\nt');
    expect(await read(log, { timestamps: true, tailLines: 1 })).toBe(
      '2026-11-23T12:00:01.5Z three\n',
    );
    expect(rfc3339Nano(Date.UTC(2026, 10, 23, 12, 0, 0))).toBe('2026-11-23T12:00:00Z');
  });

  it('follows new lines until the container stops', async () => {
    const log = new ContainerLog(() => 0);
    log.append('stderr', 'before\n');
    const reading = read(log, { follow: true });
    log.append('stdout', 'after\n');
    log.append('stdout', 'partial');
    log.close();
    expect(await reading).toBe('before\nafter\npartial');
  });

  it('ends a follow when the client goes away', async () => {
    const log = new ContainerLog(() => 0);
    const controller = new AbortController();
    const reading = read(log, { follow: true }, controller.signal);
    log.append('stdout', 'x\n');
    controller.abort();
    expect(await reading).toBe('x\n');
  });

  it('drops the oldest lines beyond its size', async () => {
    const log = new ContainerLog(() => 0, 10);
    log.append('stdout', 'aaaa\nbbbb\ncccc\n');
    expect(await read(log, {})).toBe('bbbb\ncccc\n');
  });
});
