/**
 * The crash-loop back-off as client-go's Backoff keeps it: doubling to the 5 min cap, and
 * starting over only for a container that ran more than 10 min since its last restart — in
 * isolation, then on a pod whose container crashes, runs a while, and crashes again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackOff, goDuration } from './back-off.js';
import { type KubeletCluster, kubeletCluster } from './kubelet.test-support.js';

describe('BackOff', () => {
  /** A back-off on a clock the test sets. */
  const clocked = () => {
    let now = 0;
    const backOff = new BackOff(() => now);
    return { backOff, at: (ms: number) => (now = ms) };
  };

  it('doubles from 10 s to the 300 s cap', () => {
    const { backOff, at } = clocked();
    const seen: string[] = [];
    for (let i = 0; i < 8; i++) {
      at(i * 1000);
      backOff.next('k', i * 1000);
      seen.push(goDuration(backOff.get('k')));
    }
    expect(seen).toEqual(['10s', '20s', '40s', '1m20s', '2m40s', '5m0s', '5m0s', '5m0s']);
  });

  it('is in back-off until the window has passed since the event', () => {
    const { backOff, at } = clocked();
    backOff.next('k', 0);
    at(9999);
    expect(backOff.inBackOffSince('k', 0)).toBe(true);
    at(10_000);
    expect(backOff.inBackOffSince('k', 0)).toBe(false);
  });

  it('counts the 10 min from the restart (Next), not from the crash before it', () => {
    const { backOff, at } = clocked();
    // Crashes at 0, restarted at once; crashes again, restarted 5 min later (at the cap, say).
    at(0);
    backOff.next('k', 0);
    at(300_000);
    backOff.next('k', 0);
    expect(backOff.get('k')).toBe(20_000);
    // Ran 5 min + 1 s: 10 min + 1 s after the crash before, but only 301 s after its restart.
    at(601_000);
    expect(backOff.inBackOffSince('k', 601_000)).toBe(true);
    backOff.next('k', 601_000);
    expect(backOff.get('k')).toBe(40_000);
  });

  it('starts over after more than 10 min, not after exactly 10 min', () => {
    const { backOff, at } = clocked();
    backOff.next('k', 0);
    backOff.next('k', 0);
    at(600_000);
    expect(backOff.inBackOffSince('k', 600_000)).toBe(true);
    at(600_001);
    expect(backOff.inBackOffSince('k', 600_001)).toBe(false);
    backOff.next('k', 600_001);
    expect(backOff.get('k')).toBe(10_000);
  });
});

describe('crash-loop back-off on a pod', () => {
  let c: KubeletCluster;

  beforeEach(async () => {
    c = await kubeletCluster();
  });

  afterEach(() => {
    c.stop();
    expect(c.errors).toEqual([]);
  });

  /** Crashes at once on runs 1–4 and from run 6 on; run 5 lasts `seconds` first. */
  const crashesAroundALongRun = (seconds: number) => ({
    volumes: [{ name: 'count', emptyDir: {} }],
    containers: [
      {
        name: 'app',
        image: 'busybox:1.36',
        command: [
          'sh',
          '-c',
          `n=$(cat /count/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /count/n; if [ $n -eq 5 ]; then sleep ${seconds}; fi; exit 1`,
        ],
        volumeMounts: [{ name: 'count', mountPath: '/count' }],
      },
    ],
  });
  const state = () => c.pod('p').status.containerStatuses[0];
  const backOff = () => /^back-off (\S+) /.exec(state().state.waiting?.message ?? '')?.[1];

  /** Back-offs 10 s, 20 s, 40 s: run 5 starts 70 s after run 1. */
  async function toRunFive() {
    await c.advance(1000);
    expect([state().restartCount, backOff()]).toEqual([1, '10s']);
    await c.advance(10_000);
    expect([state().restartCount, backOff()]).toEqual([2, '20s']);
    await c.advance(20_000);
    expect([state().restartCount, backOff()]).toEqual([3, '40s']);
    await c.advance(40_000);
    expect(state().restartCount).toBe(4);
    expect(state().state.running).toBeDefined();
  }

  it('starts over at 10 s once the container ran more than 10 minutes', async () => {
    await c.run(crashesAroundALongRun(601));
    await toRunFive();
    await c.advance(601_000);
    // Run 5 ended more than 10 min after its restart: restarted at once, and run 6's crash
    // finds a fresh 10 s window.
    expect([state().restartCount, backOff()]).toEqual([5, '10s']);
    await c.advance(10_000);
    expect([state().restartCount, backOff()]).toEqual([6, '20s']);
  });

  it('keeps doubling when it ran exactly 10 minutes', async () => {
    await c.run(crashesAroundALongRun(600));
    await toRunFive();
    await c.advance(600_000);
    // Still in the 80 s window that run 5's restart opened.
    expect([state().restartCount, backOff()]).toEqual([4, '1m20s']);
    await c.advance(80_000);
    expect([state().restartCount, backOff()]).toEqual([5, '2m40s']);
  });
});
