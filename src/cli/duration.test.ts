import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it('reads Go-style durations', () => {
    expect(parseDuration('45s')).toBe(45_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1m30s')).toBe(90_000);
  });

  it('refuses anything else', () => {
    for (const bad of ['', '45', 's', '-5s', '1d', 'abc', '5 s', '5sx'])
      expect(parseDuration(bad)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('prints whole seconds, largest units first, and round-trips through parseDuration', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(999)).toBe('0s');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(3_725_000)).toBe('1h2m5s');
    expect(formatDuration(7_200_000)).toBe('2h');
    expect(parseDuration(formatDuration(3_725_000))).toBe(3_725_000);
  });
});
