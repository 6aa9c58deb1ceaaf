/**
 * Simulated time. Real time by default; `--speed X` runs it X times faster from the moment
 * the simulator starts, so probes and back-off can be watched in seconds. Tests use a manual
 * clock and move it explicitly.
 */
export interface Clock {
  now(): Date;
}

export function realClock(speed = 1): Clock {
  if (!(speed > 0) || !Number.isFinite(speed))
    throw new RangeError(`speed must be a positive number, got ${speed}`);
  const realStart = Date.now();
  return { now: () => new Date(realStart + (Date.now() - realStart) * speed) };
}

export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date = new Date()) {
    this.current = start.getTime();
  }

  now() {
    return new Date(this.current);
  }

  advance(ms: number) {
    this.current += ms;
  }
}
