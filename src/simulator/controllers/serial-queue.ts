/**
 * Runs reconcile jobs one at a time, de-duplicating keys already waiting — the shape of a
 * client-go work queue, small enough for a single process.
 */
export class SerialQueue {
  private readonly pending = new Map<string, () => Promise<void>>();
  private running: Promise<void> | undefined;
  private readonly errors: ((error: unknown) => void)[] = [];

  push(key: string, job: () => Promise<void>) {
    this.pending.set(key, job);
    if (!this.running) this.running = this.drain();
  }

  onError(listener: (error: unknown) => void) {
    this.errors.push(listener);
  }

  async idle() {
    while (this.running !== undefined) await this.running;
  }

  private async drain() {
    // Yield first so a burst of pushes is coalesced.
    await Promise.resolve();
    for (;;) {
      const next = this.pending.entries().next();
      if (next.done) break;
      const [key, job] = next.value;
      this.pending.delete(key);
      try {
        await job();
      } catch (error) {
        for (const listener of this.errors) listener(error);
      }
    }
    this.running = undefined;
  }
}
