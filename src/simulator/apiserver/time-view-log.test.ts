import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { shiftLogTimestamps } from './time-view-log.js';

async function through(chunks: string[], deltaMs: number): Promise<string> {
  const out: Buffer[] = [];
  const stream = Readable.from(chunks.map((c) => Buffer.from(c))).pipe(shiftLogTimestamps(deltaMs));
  for await (const chunk of stream) out.push(chunk as Buffer);
  return Buffer.concat(out).toString();
}

const LOG =
  '2026-03-01T12:10:00.5Z hello 2026-03-01T12:10:00Z\n' +
  '2026-03-01T12:10:01Z ünïcode line\n' +
  '2026-03-01T12:10:02.123456789Z \n';
const SHOWN =
  '2026-03-01T12:00:00.5Z hello 2026-03-01T12:10:00Z\n' +
  '2026-03-01T12:00:01Z ünïcode line\n' +
  '2026-03-01T12:00:02.123456789Z \n';

describe('shiftLogTimestamps', () => {
  it('moves the kubelet prefix of each line, never the text the container wrote', async () => {
    expect(await through([LOG], -600_000)).toBe(SHOWN);
  });

  it('gives the same bytes however the stream is cut into chunks', async () => {
    const bytes = Buffer.from(LOG);
    for (let size = 1; size <= 9; size++) {
      // Cut by bytes, even inside a multi-byte character: the transform works on bytes.
      const out: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
      const stream = Readable.from(out).pipe(shiftLogTimestamps(-600_000));
      const got: Buffer[] = [];
      for await (const chunk of stream) got.push(chunk as Buffer);
      expect(Buffer.concat(got).toString(), `chunks of ${size}`).toBe(SHOWN);
    }
  });

  it('passes lines without a timestamp and a prefix cut by limitBytes through unchanged', async () => {
    expect(await through(['no timestamp here\n', 'x\n'], -600_000)).toBe('no timestamp here\nx\n');
    expect(await through(['2026-03-01T12:1'], -600_000)).toBe('2026-03-01T12:1');
    const long = `${'y'.repeat(100)}\n`;
    expect(await through([long.slice(0, 50), long.slice(50)], -600_000)).toBe(long);
  });
});
