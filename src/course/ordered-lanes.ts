/**
 * Runs items on a few lanes at once (each lane one worker, e.g. one simulator) and keeps
 * everything the caller sees in item order, as if they had run one after the other:
 * - lane k takes items k, k + n, k + 2n, … in order: which lane runs an item, and what ran on
 *   that lane before it, never depends on timing;
 * - results come back in item order;
 * - what an item emits (progress) reaches `onEvent` in item order: the earliest unfinished
 *   item's events stream as they happen, a later item's wait until every earlier item is done.
 * When an item throws, lanes take no new items; once every lane has stopped, the error of the
 * earliest failed item is thrown.
 */
export async function runInLanes<T, L, R, E>(
  items: readonly T[],
  lanes: readonly L[],
  run: (item: T, lane: L, emit: (event: E) => void) => Promise<R>,
  onEvent: (event: E) => void = () => {},
): Promise<R[]> {
  if (lanes.length === 0 && items.length > 0) throw new RangeError('no lane to run items on');
  const results: R[] = new Array(items.length);
  const failures = new Map<number, unknown>();
  const buffered: E[][] = items.map(() => []);
  const done: boolean[] = items.map(() => false);
  /** The earliest item not finished yet: its events go straight through. */
  let head = 0;

  const emitFor = (index: number) => (event: E) => {
    if (index === head) onEvent(event);
    else buffered[index]?.push(event);
  };
  const finish = (index: number) => {
    done[index] = true;
    while (head < items.length && done[head]) {
      head += 1;
      // The new head may have run ahead: release what it said so far, in order.
      for (const event of buffered[head] ?? []) onEvent(event);
      if (head < items.length) buffered[head] = [];
    }
  };

  const lane = async (laneIndex: number, worker: L) => {
    for (let index = laneIndex; index < items.length; index += lanes.length) {
      if (failures.size > 0) return;
      try {
        results[index] = await run(items[index] as T, worker, emitFor(index));
      } catch (error) {
        failures.set(index, error);
        return;
      } finally {
        finish(index);
      }
    }
  };
  await Promise.all(lanes.map((worker, k) => lane(k, worker)));
  if (failures.size > 0) {
    // Items that never ran hold the head back: what the others said still comes out, in order.
    for (let index = head + 1; index < items.length; index += 1) {
      for (const event of buffered[index] ?? []) onEvent(event);
    }
    throw failures.get(Math.min(...failures.keys()));
  }
  return results;
}
