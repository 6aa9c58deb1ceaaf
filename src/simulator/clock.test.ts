import { describe, expect, it } from 'vitest';
import { SimClock } from './clock.js';

const START = new Date('2026-01-01T00:00:00Z');

describe('SimClock', () => {
  it('stands still at speed 0 and moves only with advance', async () => {
    const clock = new SimClock({ speed: 0, start: START });
    expect(clock.now()).toEqual(START);
    await clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:01:30.000Z');
  });

  it('fires timers in due order, each at its own time, including ones set by earlier timers', async () => {
    const clock = new SimClock({ speed: 0, start: START });
    const fired: string[] = [];
    clock.setTimer(30_000, () => fired.push(`b@${clock.now().toISOString().slice(14, 19)}`));
    clock.setTimer(10_000, () => {
      fired.push(`a@${clock.now().toISOString().slice(14, 19)}`);
      clock.setTimer(5_000, () => fired.push(`c@${clock.now().toISOString().slice(14, 19)}`));
    });
    clock.setTimer(120_000, () => fired.push('late'));
    await clock.advance(60_000);
    expect(fired).toEqual(['a@00:10', 'c@00:15', 'b@00:30']);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:01:00.000Z');
  });

  it('lets a chain of sleeps complete within one advance (a loop with sleep 1)', async () => {
    const clock = new SimClock({ speed: 0, start: START });
    const ticks: number[] = [];
    const loop = async () => {
      for (let i = 0; i < 5; i++) {
        await clock.sleep(1000);
        ticks.push(clock.now().getTime() - START.getTime());
      }
    };
    const done = loop();
    await clock.advance(5000);
    await done;
    expect(ticks).toEqual([1000, 2000, 3000, 4000, 5000]);
  });

  it('cancels timers and aborts sleeps', async () => {
    const clock = new SimClock({ speed: 0, start: START });
    let fired = false;
    clock
      .setTimer(1000, () => {
        fired = true;
      })
      .cancel();
    const controller = new AbortController();
    const sleeping = clock.sleep(10_000, controller.signal);
    controller.abort(new Error('killed'));
    await expect(sleeping).rejects.toThrow('killed');
    await clock.advance(20_000);
    expect(fired).toBe(false);
  });

  it('runs on real time, scaled by speed', async () => {
    const clock = new SimClock({ speed: 1000, start: START });
    await clock.sleep(2000); // two simulated seconds: about two real milliseconds
    expect(clock.now().getTime() - START.getTime()).toBeGreaterThanOrEqual(2000);
    clock.stop();
  });

  it('refuses nonsense speeds and durations', () => {
    expect(() => new SimClock({ speed: -1 })).toThrow(RangeError);
    expect(() => new SimClock({ speed: 0 }).advance(Number.NaN)).toThrow(RangeError);
    expect(() => new SimClock({ offsetMs: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });

  it('reports its lead over the host clock: exactly 0 unmoved, the given offset, constant at speed 1', async () => {
    expect(new SimClock().offsetMs()).toBe(0);
    const ahead = new SimClock({ offsetMs: 600_000 });
    expect(ahead.offsetMs()).toBe(600_000);
    // Real time passes on both clocks alike: the lead stays what it was.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(ahead.offsetMs()).toBe(600_000);
    const behind = new SimClock({ offsetMs: -1500 });
    expect(behind.offsetMs()).toBe(-1500);
  });

  it('advance adds to the lead: the jump less the host time the advance itself took', async () => {
    const clock = new SimClock();
    const before = Date.now();
    await clock.advance(600_000);
    const took = Date.now() - before;
    expect(clock.offsetMs()).toBeLessThanOrEqual(600_000);
    expect(clock.offsetMs()).toBeGreaterThanOrEqual(600_000 - took);
  });

  it('tells listeners after each advance, once everything due has run', async () => {
    const clock = new SimClock({ speed: 0, start: START });
    const seen: string[] = [];
    clock.setTimer(1000, () => seen.push('timer'));
    const unsubscribe = clock.onAdvance(() =>
      seen.push(`advanced to ${clock.now().toISOString()}`),
    );
    await clock.advance(2000);
    unsubscribe();
    await clock.advance(2000);
    expect(seen).toEqual(['timer', 'advanced to 2026-01-01T00:00:02.000Z']);
  });
});

describe('SimClock settlers', () => {
  it('lets the work a timer started land before the next timer fires', async () => {
    const clock = new SimClock({ speed: 0, start: new Date(0) });
    const seen: number[] = [];
    let pending: Promise<void> = Promise.resolve();
    // Each tick does real I/O-like work, then schedules the next tick from the time it ends:
    // a kubelet starting a container whose crash is then backed off from its finish time.
    const tick = () => {
      pending = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen.push(clock.nowMs());
        clock.setTimer(1000, tick);
      })();
    };
    clock.addSettler(() => pending);
    clock.setTimer(1000, tick);
    await clock.advance(5000);
    expect(seen).toEqual([1000, 2000, 3000, 4000, 5000]);
  });

  it('does not wait forever for a settler whose work waits on a later timer', async () => {
    const clock = new SimClock({ speed: 0, start: new Date(0) });
    let release: () => void = () => {};
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    clock.addSettler(() => blocked);
    clock.setTimer(1000, () => {});
    clock.setTimer(2000, () => release());
    await clock.advance(3000);
    expect(clock.nowMs()).toBe(3000);
  });
});
