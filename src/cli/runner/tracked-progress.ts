import type { ProgressDocument } from '../../course/progress-document.js';
import { type ProgressRead, ProgressStore } from '../../course/progress-store.js';
import type { Interrupt } from './interrupt.js';

/**
 * The progress store, with every write known to the runner's Interrupt: Ctrl-C during a
 * write lets it finish (its lock released, its temporary file renamed) before the process
 * exits. Whatever path writes progress (a grade, a hint, a quiz answer, `solve`), it goes
 * through `update`.
 */
export class TrackedProgressStore extends ProgressStore {
  constructor(
    home: string,
    private readonly interrupt: Interrupt,
  ) {
    super(home);
  }

  override update(change: (document: ProgressDocument) => void): Promise<ProgressRead> {
    return this.interrupt.track(super.update(change));
  }
}
