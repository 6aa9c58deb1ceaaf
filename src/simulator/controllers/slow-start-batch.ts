/**
 * `slowStartBatch`: calls `fn` in batches of 1, 2, 4, … until `count` calls were made or a
 * batch had a failure; returns the first failure.
 */
export async function slowStartBatch(count: number, fn: () => Promise<void>): Promise<unknown> {
  let remaining = count;
  for (let size = Math.min(remaining, 1); size > 0; size = Math.min(2 * size, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: size }, fn));
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (rejected) return rejected.reason;
    remaining -= size;
  }
  return undefined;
}
