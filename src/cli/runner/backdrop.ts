/** A line said once about work done behind the screen. */
export interface Announcement {
  /** `done`: ◇ (the cluster is ready); `failed`: ▲; `warn`: a notice (lesson problems). */
  tone: 'done' | 'failed' | 'warn';
  text: string;
}

/**
 * Work under way behind the screen while the runner starts (UX.md § First minute: a
 * returning learner sees the step they left at once, the cluster catches up): the cluster
 * connecting, the lesson's setup, the rest of the course loading. Whatever is on screen shows
 * it: a step view draws the running work as a spinner line in its live region and writes each
 * announcement above it once; between screens the runner waits for it behind a spinner and
 * prints the announcements itself.
 *
 * Heavy background work waits for `begun`: client-node's import and the course's parsing run
 * on this same thread and would otherwise hold back the first screen.
 */
export class Backdrop {
  readonly begun: Promise<void>;
  private open!: () => void;
  private readonly running: { text: string }[] = [];
  private readonly queue: Announcement[] = [];
  private readonly listeners = new Set<() => void>();

  constructor() {
    this.begun = new Promise((resolve) => {
      this.open = resolve;
    });
  }

  /** The first screen is up (or the runner waits in the foreground): background work may go. */
  begin() {
    this.open();
  }

  /** Runs `work`, shown as `text` (which `say` changes) while it runs. */
  run<T>(text: string, work: (say: (text: string) => void) => Promise<T>): Promise<T> {
    const entry = { text };
    this.running.push(entry);
    this.changed();
    const result = work((next) => {
      entry.text = next;
      this.changed();
    });
    const done = () => {
      this.running.splice(this.running.indexOf(entry), 1);
      this.changed();
    };
    result.then(done, done);
    return result;
  }

  /** What is under way (the oldest work first: the cluster before the lesson it prepares). */
  get activity(): string | undefined {
    return this.running[0]?.text;
  }

  /** Nothing under way. */
  get idle(): boolean {
    return this.running.length === 0;
  }

  announce(announcement: Announcement) {
    this.queue.push(announcement);
    this.changed();
  }

  /** The announcements not shown yet; whoever takes them shows them. */
  take(): Announcement[] {
    return this.queue.splice(0);
  }

  /** Called on every change (work started, its text, its end, an announcement). */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed() {
    for (const listener of [...this.listeners]) listener();
  }
}
