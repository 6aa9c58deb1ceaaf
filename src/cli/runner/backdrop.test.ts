import { describe, expect, it } from 'vitest';
import { Backdrop } from './backdrop.js';

describe('the backdrop behind the first screen', () => {
  it('shows the oldest work under way, follows what it says, and forgets it when it ends', async () => {
    const backdrop = new Backdrop();
    const seen: (string | undefined)[] = [];
    const stop = backdrop.listen(() => seen.push(backdrop.activity));
    expect(backdrop.activity).toBeUndefined();
    let finishCluster!: (value: string) => void;
    let say!: (text: string) => void;
    const cluster = backdrop.run('Connecting…', (tell) => {
      say = tell;
      return new Promise<string>((resolve) => {
        finishCluster = resolve;
      });
    });
    const lesson = backdrop.run('Preparing lesson 01…', () => new Promise<void>(() => {}));
    expect(backdrop.activity).toBe('Connecting…');
    say('Starting the simulator…');
    expect(backdrop.activity).toBe('Starting the simulator…');
    finishCluster('up');
    expect(await cluster).toBe('up');
    expect(backdrop.activity).toBe('Preparing lesson 01…');
    // Every change is told: each start, the new text, the end.
    expect(seen).toEqual([
      'Connecting…',
      'Connecting…',
      'Starting the simulator…',
      'Preparing lesson 01…',
    ]);
    stop();
    void lesson;
  });

  it('forgets failed work too, and the failure reaches whoever awaits it', async () => {
    const backdrop = new Backdrop();
    const failing = backdrop.run('Connecting…', async () => {
      throw new Error('no cluster');
    });
    await expect(failing).rejects.toThrow('no cluster');
    expect(backdrop.activity).toBeUndefined();
  });

  it('keeps announcements until someone takes them, once', () => {
    const backdrop = new Backdrop();
    backdrop.announce({ tone: 'done', text: 'Simulator ready (0.4 s)' });
    backdrop.announce({ tone: 'warn', text: '1 problem in the lesson files' });
    expect(backdrop.take().map((a) => a.tone)).toEqual(['done', 'warn']);
    expect(backdrop.take()).toEqual([]);
  });

  it('holds heavy work back until the first screen is up', async () => {
    const backdrop = new Backdrop();
    const order: string[] = [];
    const waiting = backdrop.begun.then(() => order.push('heavy work'));
    await Promise.resolve();
    order.push('first screen');
    backdrop.begin();
    backdrop.begin();
    await waiting;
    expect(order).toEqual(['first screen', 'heavy work']);
  });
});
