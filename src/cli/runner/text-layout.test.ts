import { describe, expect, it } from 'vitest';
import { displayWidth, padEnd, rowsOf, stripAnsi, wrapText } from './text-layout.js';

describe('displayWidth', () => {
  it('counts Chinese characters as two columns and escapes as none', () => {
    expect(displayWidth('Pod')).toBe(3);
    expect(displayWidth('步骤 1/5')).toBe(8);
    expect(displayWidth('\x1b[32m✓\x1b[39m 存在')).toBe(6);
    expect(stripAnsi('\x1b[1mbold\x1b[22m')).toBe('bold');
  });

  it('pads to a column whatever the script', () => {
    expect(padEnd('实验', 6)).toBe('实验  ');
    expect(displayWidth(padEnd('Lesson', 8))).toBe(8);
  });

  it('knows how many rows a line takes', () => {
    expect(rowsOf('', 10)).toBe(1);
    expect(rowsOf('x'.repeat(10), 10)).toBe(1);
    expect(rowsOf('x'.repeat(11), 10)).toBe(2);
    expect(rowsOf('中'.repeat(6), 10)).toBe(2);
  });
});

describe('wrapText', () => {
  it('wraps words at spaces and keeps paragraphs', () => {
    expect(wrapText('the quick brown fox jumps\nover', 10)).toEqual([
      'the quick',
      'brown fox',
      'jumps',
      'over',
    ]);
  });

  it('wraps Chinese between any two characters, within the width', () => {
    const lines = wrapText('默认情况下每个容器有自己的 PID 命名空间', 12);
    expect(lines).toEqual(['默认情况下每', '个容器有自己', '的 PID 命名', '空间']);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(12);
  });

  it('never starts a line with Chinese punctuation', () => {
    expect(wrapText('共享同一个命名空间，然后', 18)).toEqual(['共享同一个命名空', '间，然后']);
    expect(wrapText('一个交互式的 busybox shell。', 24)).toEqual([
      '一个交互式的 busybox',
      'shell。',
    ]);
  });

  it('cuts a word longer than a line', () => {
    expect(wrapText('/tmp/a-very-long-path-name', 10)).toEqual([
      '/tmp/a-ver',
      'y-long-pat',
      'h-name',
    ]);
  });
});
