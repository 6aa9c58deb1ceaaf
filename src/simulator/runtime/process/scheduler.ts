import { performance } from 'node:perf_hooks';

/**
 * Cooperative scheduling of simulated processes on the one Node event loop, which the API
 * server shares. Every process calls `yield()` often (the shell does on every command); a
 * process that has run for more than `sliceMs` of real time since it last gave the loop
 * back is suspended and queued behind its CPU account — one account per container. Each
 * turn of the event loop (`setImmediate`) resumes one process, taking accounts in turn, so
 * `while true; do :; done` costs the loop at most one slice per turn, and ten busy
 * processes in one container get the same share as one busy process in another.
 */
export class CpuAccount {
  /** Processes of this account waiting for a turn, oldest first. */
  readonly queue: (() => void)[] = [];
  /** Real milliseconds of CPU this account has used (what `top` could show). */
  usedMs = 0;

  constructor(readonly name: string) {}
}

export interface SchedulerOptions {
  /** Real milliseconds a process may run before it must give the event loop back. */
  sliceMs?: number;
}

export class Scheduler {
  readonly sliceMs: number;
  private readonly ready: CpuAccount[] = [];
  private tickScheduled = false;

  constructor(options: SchedulerOptions = {}) {
    this.sliceMs = options.sliceMs ?? 4;
  }

  /** A fresh time slice, from now. */
  startSlice(): number {
    return performance.now();
  }

  /** Whether a slice that started at `sliceStart` is used up; charges `account` meanwhile. */
  expired(sliceStart: number): boolean {
    return performance.now() - sliceStart >= this.sliceMs;
  }

  /** Queues the caller behind `account`; resolves when it is the caller's turn again. */
  suspend(account: CpuAccount, ranMs: number): Promise<void> {
    account.usedMs += ranMs;
    return new Promise<void>((resolve) => {
      account.queue.push(resolve);
      if (!this.ready.includes(account)) this.ready.push(account);
      this.scheduleTick();
    });
  }

  private scheduleTick() {
    if (this.tickScheduled) return;
    this.tickScheduled = true;
    setImmediate(() => {
      this.tickScheduled = false;
      const account = this.ready.shift();
      if (!account) return;
      const next = account.queue.shift();
      if (account.queue.length > 0) this.ready.push(account);
      if (this.ready.length > 0) this.scheduleTick();
      next?.();
    });
  }
}
