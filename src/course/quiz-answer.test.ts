import { describe, expect, it } from 'vitest';
import { isCorrectAnswer } from './quiz-answer.js';

describe('isCorrectAnswer', () => {
  it('compares choices as sets', () => {
    const multiple = { answerType: 'multiple' } as const;
    expect(
      isCorrectAnswer(multiple, ['volumes', 'ip', 'processes'], ['ip', 'volumes', 'processes']),
    ).toBe(true);
    expect(isCorrectAnswer(multiple, ['ip', 'volumes'], ['ip', 'volumes', 'processes'])).toBe(
      false,
    );
    expect(
      isCorrectAnswer(
        multiple,
        ['ip', 'volumes', 'processes', 'root-filesystem'],
        ['ip', 'volumes', 'processes'],
      ),
    ).toBe(false);
    expect(isCorrectAnswer({ answerType: 'single' }, ['pause'], ['pause'])).toBe(true);
    expect(isCorrectAnswer({ answerType: 'single' }, ['sh'], ['pause'])).toBe(false);
  });

  it('matches text ignoring case and spacing', () => {
    const text = { answerType: 'text' } as const;
    expect(isCorrectAnswer(text, ['  Sleep   3600 '], ['sleep', 'sleep 3600'])).toBe(true);
    expect(isCorrectAnswer(text, ['sleep'], ['sleep', 'sleep 3600'])).toBe(true);
    expect(isCorrectAnswer(text, ['sh'], ['sleep', 'sleep 3600'])).toBe(false);
    expect(isCorrectAnswer(text, ['   '], ['sleep'])).toBe(false);
  });
});
