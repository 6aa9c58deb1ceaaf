/**
 * One container instance's log, as the runtime keeps it (CRI log file): every write of stdout
 * and stderr split into lines, each stamped with the simulated time it arrived. Bounded like
 * the kubelet's `containerLogMaxSize` (10 MiB): the oldest lines go first. `kubectl logs`
 * reads it with tail/since/timestamps/limitBytes, and `-f` follows it until the container stops.
 */
import { Readable } from 'node:stream';
import type { LogOptions } from '../apiserver/pod-subresources/node-streams.js';

export const LOG_MAX_BYTES = 10 * 1024 * 1024;

interface LogEntry {
  timeMs: number;
  stream: 'stdout' | 'stderr';
  /** The line with its `\n`, or a partial last piece without. */
  text: string;
}

/** RFC3339Nano as Go prints it: trailing zeros of the fraction dropped. */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString();
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}

export class ContainerLog {
  private readonly entries: LogEntry[] = [];
  private bytes = 0;
  private closed = false;
  private readonly listeners = new Set<() => void>();
  private readonly partial = { stdout: '', stderr: '' };

  constructor(
    private readonly nowMs: () => number,
    private readonly maxBytes = LOG_MAX_BYTES,
  ) {}

  append(stream: 'stdout' | 'stderr', data: Uint8Array | string): void {
    if (this.closed) return;
    const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
    const timeMs = this.nowMs();
    const pieces = (this.partial[stream] + text).split('\n');
    const rest = pieces.pop() ?? '';
    this.partial[stream] = rest;
    for (const line of pieces) this.push({ timeMs, stream, text: `${line}\n` });
    this.notify();
  }

  /** The container stopped: a partial last line is kept as it is, followers end. */
  close(): void {
    if (this.closed) return;
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream])
        this.push({ timeMs: this.nowMs(), stream, text: this.partial[stream] });
      this.partial[stream] = '';
    }
    this.closed = true;
    this.notify();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Everything logged so far as plain text (tests, termination messages). */
  text(): string {
    return (
      this.entries.map((entry) => entry.text).join('') + this.partial.stdout + this.partial.stderr
    );
  }

  /** The last `maxLines` lines, at most `maxBytes` (FallbackToLogsOnError). */
  tail(maxLines: number, maxBytes: number): string {
    const text = this.entries
      .slice(-maxLines)
      .map((entry) => entry.text)
      .join('');
    return text.length > maxBytes ? text.slice(-maxBytes) : text;
  }

  /** A stream of the log per `options`; with `follow`, open until the log closes or `signal` aborts. */
  read(options: LogOptions, signal: AbortSignal): Readable {
    const sinceMs =
      options.sinceTime?.getTime() ??
      (options.sinceSeconds !== undefined ? this.nowMs() - options.sinceSeconds * 1000 : undefined);
    let selected = this.entries.filter((entry) => sinceMs === undefined || entry.timeMs >= sinceMs);
    if (options.tailLines !== undefined) {
      selected = options.tailLines === 0 ? [] : selected.slice(-options.tailLines);
    }
    let budget = options.limitBytes ?? Number.POSITIVE_INFINITY;
    const format = (entry: LogEntry) =>
      options.timestamps ? `${rfc3339Nano(entry.timeMs)} ${entry.text}` : entry.text;
    const output = new Readable({ read() {} });
    const emit = (entry: LogEntry): boolean => {
      if (budget <= 0) return false;
      let chunk = Buffer.from(format(entry));
      if (chunk.length > budget) chunk = chunk.subarray(0, budget);
      budget -= chunk.length;
      output.push(chunk);
      return budget > 0;
    };
    for (const entry of selected) if (!emit(entry)) break;
    if (!options.follow || this.closed || budget <= 0) {
      output.push(null);
      return output;
    }
    let seen =
      this.entries.length > 0 ? (this.entries[this.entries.length - 1] as LogEntry) : undefined;
    const listener = () => {
      const start = seen ? this.entries.lastIndexOf(seen) + 1 : 0;
      const fresh = this.entries.slice(start);
      seen = this.entries[this.entries.length - 1] ?? seen;
      let more = true;
      for (const entry of fresh) {
        more = emit(entry);
        if (!more) break;
      }
      if (!more || this.closed) finish();
    };
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      this.listeners.delete(listener);
      signal.removeEventListener('abort', finish);
      output.push(null);
    };
    this.listeners.add(listener);
    signal.addEventListener('abort', finish, { once: true });
    return output;
  }

  private push(entry: LogEntry): void {
    this.entries.push(entry);
    this.bytes += entry.text.length;
    while (this.bytes > this.maxBytes && this.entries.length > 1) {
      const dropped = this.entries.shift() as LogEntry;
      this.bytes -= dropped.text.length;
    }
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
