/**
 * Group commit: every write waits for an fsync, but writes that arrive while one fsync is in
 * flight share the next one. So 50 clients writing at once cost a handful of fsyncs, not 50,
 * while each promise still resolves only once its own line is on disk.
 *
 * The loop: take everything queued, append it with one write, fdatasync, tell the store it is
 * durable (watch delivery), resolve the writers; then run maintenance (compaction) if asked,
 * and repeat while anything is queued. Without a sink (memory mode) a batch is "durable" as
 * soon as the loop reaches it, one microtask after the write.
 *
 * A failed append or fsync leaves memory ahead of disk, so the committer stops for good: the
 * batch and everything after it is rejected (PostgreSQL's answer to a failed fsync, too).
 */

export interface CommitSink {
  append(data: string): Promise<void>;
}

export interface CommitStats {
  /** Batches written and fsynced. */
  readonly commits: number;
  /** Records in them. */
  readonly records: number;
}

interface DurableWaiter {
  readonly rv: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface Pending {
  readonly rv: number;
  readonly line: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  readonly sink: CommitSink | undefined;
  /** The resourceVersion already on disk when the committer starts. */
  readonly durableRV: number;
  /** Everything up to `rv` is durable. Called before the writers' promises resolve. */
  readonly onDurable: (rv: number) => void;
  /** Runs between batches (new writes queue meanwhile). Must not lose data when it fails. */
  readonly maintenance?: () => Promise<void>;
}

export class GroupCommit {
  private queue: Pending[] = [];
  private running = false;
  private idleWaiters: Array<() => void> = [];
  private durableWaiters: DurableWaiter[] = [];
  private durable: number;
  private failure_: unknown;
  private failed = false;
  private commits = 0;
  private records = 0;

  constructor(private readonly options: GroupCommitOptions) {
    this.durable = options.durableRV;
  }

  get stats(): CommitStats {
    return { commits: this.commits, records: this.records };
  }

  /** The error that stopped the committer, if one did. */
  get failure(): { error: unknown } | undefined {
    return this.failed ? { error: this.failure_ } : undefined;
  }

  /** Queues one record; resolves once it is durable. Records must come in rv order. */
  submit(rv: number, line: string): Promise<void> {
    if (this.failed) return Promise.reject(this.failure_);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ rv, line, resolve, reject });
      if (!this.running) {
        this.running = true;
        // A microtask, so a synchronous burst of writes lands in the first batch together.
        queueMicrotask(() => {
          void this.run();
        });
      }
    });
  }

  /** Resolves once every record up to `rv` is durable. */
  whenDurable(rv: number): Promise<void> {
    if (rv <= this.durable) return Promise.resolve();
    if (this.failed) return Promise.reject(this.failure_);
    return new Promise((resolve, reject) => this.durableWaiters.push({ rv, resolve, reject }));
  }

  /** Resolves when nothing is queued or being written. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async run(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        const last = batch[batch.length - 1] as Pending;
        try {
          if (this.options.sink !== undefined) {
            await this.options.sink.append(batch.map((p) => p.line).join(''));
          }
        } catch (error) {
          this.fail(error, batch);
          return;
        }
        this.commits++;
        this.records += batch.length;
        try {
          this.options.onDurable(last.rv);
        } catch (error) {
          // The data is on disk whatever a listener did: the writers still get their answer.
          process.emitWarning(`store: delivering durable changes failed: ${String(error)}`);
        }
        this.durable = last.rv;
        for (const p of batch) p.resolve();
        this.wakeDurable();
        if (this.options.maintenance !== undefined) {
          await this.options.maintenance().catch((error: unknown) => {
            process.emitWarning(`store: maintenance failed: ${String(error)}`);
          });
        }
      }
    } finally {
      this.running = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  private wakeDurable(): void {
    if (this.durableWaiters.length === 0) return;
    const waiting = this.durableWaiters;
    this.durableWaiters = waiting.filter((w) => w.rv > this.durable);
    for (const w of waiting) if (w.rv <= this.durable) w.resolve();
  }

  private fail(error: unknown, batch: Pending[]): void {
    this.failed = true;
    this.failure_ = error;
    const rest = this.queue;
    this.queue = [];
    for (const p of [...batch, ...rest]) p.reject(error);
    const waiting = this.durableWaiters;
    this.durableWaiters = [];
    for (const w of waiting) w.reject(error);
  }
}
