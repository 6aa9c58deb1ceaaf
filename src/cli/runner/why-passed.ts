import type { StepGrade } from '../../course/grade-step.js';
import { localize } from '../../course/localized-text.js';
import { paint } from '../ui/paint.js';
import { contentWidth, guide, type Screen } from './step-screen.js';
import { wrapText } from './text-layout.js';

/**
 * "Why it passed" (UX.md § A step): each condition with the facts its check read from the
 * cluster (a field's value, the restart count, the order of init containers), so a pass
 * teaches what was looked at rather than only saying ✓.
 */
export function whyPassedLines(screen: Screen, grade: StepGrade): string[] {
  const lines = [`${paint.pass('◇')}  ${screen.t.whyPassed()}`];
  for (const condition of grade.conditions) {
    lines.push(`${guide()}  ${paint.pass('✓')} ${localize(condition.text, screen.language)}`);
    for (const fact of condition.facts) {
      // Facts are often YAML or command output: keep their own lines, wrap only long ones.
      for (const line of wrapText(localize(fact, screen.language), contentWidth(screen) - 4)) {
        lines.push(`${guide()}    ${paint.dim(line)}`);
      }
    }
  }
  lines.push(guide());
  return lines;
}
