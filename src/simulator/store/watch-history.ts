/**
 * The last N change events, indexed by resourceVersion, for watch replay (the role of the real
 * API server's watch cache). Every write takes exactly the next resourceVersion, so the events
 * held are always the contiguous range (start, head] and event `rv` sits at `rv % capacity`.
 */

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ChangeEvent {
  readonly rv: number;
  readonly type: ChangeType;
  readonly resource: string;
  readonly namespace: string;
  /** The object after the change (for DELETED: its last state, stamped with this rv). */
  readonly json: string;
  /** The object before the change; needed to filter updates as the real watch cache does. */
  readonly prevJson: string | undefined;
}

export class WatchHistory {
  private readonly ring: Array<ChangeEvent | undefined>;
  private start_: number;
  private head_: number;

  /** `rv` is the store's resourceVersion when it opened: nothing before it can be replayed. */
  constructor(
    readonly capacity: number,
    rv: number,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`watch history size must be a positive integer, got ${capacity}`);
    }
    this.ring = new Array<ChangeEvent | undefined>(capacity);
    this.start_ = rv;
    this.head_ = rv;
  }

  /** Every event with rv > start is held; a watch from an older rv has expired. */
  get start(): number {
    return this.start_;
  }

  get head(): number {
    return this.head_;
  }

  push(event: ChangeEvent): void {
    if (event.rv !== this.head_ + 1) {
      throw new Error(`watch history: event ${event.rv} does not follow ${this.head_}`);
    }
    this.ring[event.rv % this.capacity] = event;
    this.head_ = event.rv;
    if (this.head_ - this.start_ > this.capacity) this.start_ = this.head_ - this.capacity;
  }

  get(rv: number): ChangeEvent | undefined {
    if (rv <= this.start_ || rv > this.head_) return undefined;
    return this.ring[rv % this.capacity];
  }
}
