/**
 * client-go's `flowcontrol.Backoff` as the kubelet uses it for crash loops and image pulls
 * (`NewBackOff`, no jitter): 10 s doubling to 300 s, per key (pod UID + container, or pod UID +
 * image). The window is measured from the event that caused it (a container's finishedAt), but
 * an entry's `lastUpdate` is when `Next` ran — the restart — so `hasExpired(eventTime,
 * lastUpdate)`, `eventTime - lastUpdate > 2 × max`, means the container ran more than 10 min
 * since its last restart before failing again: no longer "crash looping", it starts over at 10 s.
 */
export const INITIAL_BACK_OFF_MS = 10_000;
export const MAX_BACK_OFF_MS = 300_000;

interface Entry {
  backOffMs: number;
  lastUpdateMs: number;
}

export class BackOff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly nowMs: () => number,
    private readonly initialMs = INITIAL_BACK_OFF_MS,
    private readonly maxMs = MAX_BACK_OFF_MS,
  ) {}

  /**
   * `Next(id, eventTime)`: starts the window for `key` (none yet, or expired as of `eventMs`)
   * or doubles it; either way the entry's last update is now, not `eventMs`.
   */
  next(key: string, eventMs: number): void {
    const nowMs = this.nowMs();
    const entry = this.entries.get(key);
    if (!entry || this.expired(eventMs, entry)) {
      this.entries.set(key, { backOffMs: this.initialMs, lastUpdateMs: nowMs });
      return;
    }
    entry.backOffMs = Math.min(entry.backOffMs * 2, this.maxMs);
    entry.lastUpdateMs = nowMs;
  }

  /** `IsInBackOffSince(id, eventTime)`: whether less than the window has passed since `eventMs`. */
  inBackOffSince(key: string, eventMs: number): boolean {
    const entry = this.entries.get(key);
    if (!entry || this.expired(eventMs, entry)) return false;
    return this.nowMs() - eventMs < entry.backOffMs;
  }

  /** The current window of `key` (0 when none). */
  get(key: string): number {
    return this.entries.get(key)?.backOffMs ?? 0;
  }

  /** When the window that started at `eventMs` ends. */
  endsAt(key: string, eventMs: number): number {
    return eventMs + this.get(key);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every key starting with `prefix` (a pod's entries when it goes away). */
  deletePrefix(prefix: string): void {
    for (const key of [...this.entries.keys()])
      if (key.startsWith(prefix)) this.entries.delete(key);
  }

  /** `hasExpired`: strictly more than 2 × max between the last update and `atMs`. */
  private expired(atMs: number, entry: Entry): boolean {
    return atMs - entry.lastUpdateMs > 2 * this.maxMs;
  }
}

/**
 * Go's `time.Duration.String()` for whole milliseconds: `10s`, `1m20s`, `5m0s`, `523ms`,
 * `1.5s` — what back-off and pull messages print.
 */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const secondsMs = ms % 60_000;
  const whole = Math.floor(secondsMs / 1000);
  const fraction = secondsMs % 1000;
  const seconds = fraction
    ? `${whole}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}s`
    : `${whole}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}
