import { describe, expect, it } from 'vitest';
import { runInLanes } from './ordered-lanes.js';

/** A promise settled from outside, so a test decides the order in which items finish. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('runInLanes', () => {
  it('gives lane k the items k, k + n, … in order, and the results in item order', async () => {
    const ran: string[][] = [[], []];
    const results = await runInLanes(['a', 'b', 'c', 'd', 'e'], [0, 1], async (item, lane) => {
      ran[lane]?.push(item);
      return item.toUpperCase();
    });
    expect(ran).toEqual([
      ['a', 'c', 'e'],
      ['b', 'd'],
    ]);
    expect(results).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('one lane runs the items one after the other', async () => {
    const order: string[] = [];
    await runInLanes(['a', 'b', 'c'], ['only'], async (item) => {
      order.push(`start ${item}`);
      await flush();
      order.push(`end ${item}`);
    });
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it("streams the earliest item's events, and holds a later item's until the earlier are done", async () => {
    const gates = [gate(), gate(), gate()];
    const seen: string[] = [];
    const running = runInLanes(
      [0, 1, 2],
      ['x', 'y', 'z'],
      async (item, _lane, emit: (e: string) => void) => {
        emit(`${item} began`);
        await gates[item]?.opened;
        emit(`${item} ended`);
        return item;
      },
      (event) => seen.push(event),
    );
    await flush();
    // Every item began at once; only item 0 is heard.
    expect(seen).toEqual(['0 began']);
    gates[2]?.open();
    await flush();
    expect(seen).toEqual(['0 began']);
    gates[0]?.open();
    await flush();
    // Item 0 is done: item 1 is now the head and speaks live; item 2 still waits its turn.
    expect(seen).toEqual(['0 began', '0 ended', '1 began']);
    gates[1]?.open();
    expect(await running).toEqual([0, 1, 2]);
    expect(seen).toEqual(['0 began', '0 ended', '1 began', '1 ended', '2 began', '2 ended']);
  });

  it('after a failure takes no new items, lets running ones finish, and throws the earliest error', async () => {
    const started: number[] = [];
    const seen: string[] = [];
    const second = gate();
    const running = runInLanes(
      [0, 1, 2, 3, 4],
      ['x', 'y'],
      async (item, _lane, emit: (e: string) => void) => {
        started.push(item);
        emit(`${item} began`);
        if (item === 1) {
          await second.opened;
          throw new Error('item 1 failed');
        }
        if (item === 2) throw new Error('item 2 failed');
        return item;
      },
      (event) => seen.push(event),
    );
    await flush();
    second.open();
    await expect(running).rejects.toThrow('item 1 failed');
    // Lane x stopped after item 2 failed; lane y after item 1: 3 and 4 never ran.
    expect(started.sort()).toEqual([0, 1, 2]);
    expect(seen).toEqual(['0 began', '1 began', '2 began']);
  });

  it('refuses to run items without a lane, and runs nothing happily', async () => {
    await expect(runInLanes([1], [], async (item) => item)).rejects.toThrow(RangeError);
    expect(await runInLanes([], [], async (item) => item)).toEqual([]);
  });
});
