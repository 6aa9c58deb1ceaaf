/**
 * `kubectl logs --timestamps` under the host-time view (time-view.ts): the kubelet starts each
 * line with its RFC3339Nano time and a space; the stream shown moves that prefix back by the
 * skew, as every other timestamp is shown. Only the prefix at the start of a line is touched,
 * never the text a container wrote, and bytes pass through in order as they come (a followed
 * log stays live): only a prefix cut by a chunk boundary waits for the rest of itself.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { shiftTimestamp } from './time-view-fields.js';

const SPACE = 0x20;
const NEWLINE = 0x0a;
/** Longer than any RFC3339Nano time: a "prefix" this long is not one; pass it through. */
const MAX_PREFIX = 40;

export function shiftLogTimestamps(deltaMs: number): Transform {
  let atLineStart = true;
  let prefix = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      let at = 0;
      while (at < chunk.length) {
        if (!atLineStart) {
          const newline = chunk.indexOf(NEWLINE, at);
          const end = newline < 0 ? chunk.length : newline + 1;
          this.push(chunk.subarray(at, end));
          at = end;
          atLineStart = newline >= 0;
          continue;
        }
        const space = chunk.indexOf(SPACE, at);
        const newline = chunk.indexOf(NEWLINE, at);
        const stop = [space, newline].filter((i) => i >= 0).sort((a, b) => a - b)[0];
        if (stop === undefined) {
          prefix = Buffer.concat([prefix, chunk.subarray(at)]);
          at = chunk.length;
          if (prefix.length > MAX_PREFIX) {
            this.push(prefix);
            prefix = Buffer.alloc(0);
            atLineStart = false;
          }
          continue;
        }
        const head = Buffer.concat([prefix, chunk.subarray(at, stop)]).toString('latin1');
        prefix = Buffer.alloc(0);
        const shifted = chunk[stop] === SPACE ? shiftTimestamp(head, deltaMs) : undefined;
        this.push(Buffer.from(shifted ?? head, 'latin1'));
        this.push(chunk.subarray(stop, stop + 1));
        at = stop + 1;
        atLineStart = chunk[stop] === NEWLINE;
      }
      callback();
    },
    flush(callback: TransformCallback) {
      // The stream ended inside a prefix (limitBytes cut it): what there is, unchanged.
      if (prefix.length) this.push(prefix);
      callback();
    },
  });
}
