import { homedir } from 'node:os';
import { join, sep } from 'node:path';
import type { StepGrade } from '../../course/grade-step.js';
import type { Lesson, Step } from '../../course/lesson-types.js';
import { type LocalizedText, localize } from '../../course/localized-text.js';
import type { Language } from '../ui/language.js';
import { paint } from '../ui/paint.js';
import type { KeyName, RunnerMessages } from '../ui/runner-messages.js';
import { displayWidth, padEnd, wrapText } from './text-layout.js';

/**
 * How one step looks (UX.md § A step), as lines of text: pure functions of what is shown,
 * so the live loop only decides *when* to draw. The clack look: `◆` opens a step, `│` runs
 * down its left side, `└` closes it with the key bar.
 */

export interface Screen {
  language: Language;
  t: RunnerMessages;
  /** Terminal columns. */
  columns: number;
}

export const guide = () => paint.dim('│');
const PREFIX = 3; // "│  "

/** Usable width of a line after the guide, kept readable on very wide terminals. */
export function contentWidth(screen: Screen) {
  return Math.max(20, Math.min(screen.columns, 100) - PREFIX - 1);
}

/** Text after the guide, wrapped; `paintLine` colours each wrapped piece. */
export function guided(
  screen: Screen,
  text: string,
  options: { indent?: number; paintLine?: (line: string) => string } = {},
): string[] {
  const indent = ' '.repeat(options.indent ?? 0);
  const width = contentWidth(screen) - indent.length;
  const paintLine = options.paintLine ?? ((line: string) => line);
  return wrapText(text, width).map((line) =>
    line === '' ? guide() : `${guide()}  ${indent}${paintLine(line)}`,
  );
}

export function stepTitle(screen: Screen, lesson: Lesson, step: Step) {
  return screen.t.stepHeader(
    String(lesson.number).padStart(2, '0'),
    step.number,
    lesson.steps.length,
    localize(step.title, screen.language),
  );
}

/** `~/…` for paths under the home directory, as the learner would type them. */
export function shortPath(path: string, home = homedir()) {
  return home && (path === home || path.startsWith(home + sep))
    ? `~${path.slice(home.length)}`
    : path;
}

/** The part of a step that does not change: header, text, files, commands to try. */
export function stepIntro(screen: Screen, lesson: Lesson, step: Step, workspace: string) {
  const { t } = screen;
  const lines = [
    guide(),
    `${paint.bold('◆')}  ${paint.bold(stepTitle(screen, lesson, step))}`,
    guide(),
  ];
  lines.push(...guided(screen, localize(step.text, screen.language).trim()));
  const labels = [t.files(), t.directory(), t.tryThese()];
  const labelWidth = Math.max(...labels.map(displayWidth)) + 1;
  const column = (label: string, values: string[], note = '') => {
    values.forEach((value, index) => {
      const line = `${guide()}  ${padEnd(index === 0 ? label : '', labelWidth)} ${value}`;
      if (index > 0 || !note) lines.push(line);
      // The note goes under the path when both do not fit on one line.
      else if (displayWidth(`${line}   ${note}`) <= contentWidth(screen) + PREFIX)
        lines.push(`${line}   ${paint.dim(note)}`);
      else lines.push(line, `${guide()}  ${padEnd('', labelWidth)} ${paint.dim(note)}`);
    });
  };
  if (step.kind !== 'read' || step.files.length > 0 || step.try.length > 0) {
    lines.push(guide());
    if (step.files.length > 0) {
      column(
        t.files(),
        step.files.map((name) => shortPath(join(workspace, name))),
        t.starter(),
      );
    } else {
      column(t.directory(), [shortPath(workspace)]);
    }
    if (step.try.length > 0) column(t.tryThese(), step.try);
  }
  lines.push(guide());
  return lines;
}

/** ✓/✗ per condition, with the message of the failing ones. */
export function conditionLines(screen: Screen, step: Step, grade: StepGrade | undefined) {
  if (step.kind !== 'task') return [];
  const lines = [`${guide()}  ${screen.t.conditions()}`];
  for (const condition of step.conditions) {
    const graded = grade?.conditions.find((c) => c.id === condition.id);
    const text = localize(condition.text, screen.language);
    if (!graded) {
      lines.push(...marked(screen, paint.wait('○'), `${text} — ${screen.t.checking()}`));
    } else if (graded.passed) {
      lines.push(...marked(screen, paint.pass('✓'), text));
    } else {
      const message = graded.message ? localize(graded.message, screen.language) : '';
      lines.push(...marked(screen, paint.fail('✗'), message ? `${text} — ${message}` : text));
    }
  }
  return lines;
}

/** A mark then text that wraps under itself, not under the mark. */
function marked(screen: Screen, mark: string, text: string) {
  return wrapText(text, contentWidth(screen) - 2).map(
    (line, index) => `${guide()}  ${index === 0 ? mark : ' '} ${line}`,
  );
}

export interface KeyHint {
  key: string;
  name: KeyName;
}

/** `└  t 终端  h 提示 …`: what each key does on this screen. */
export function keyBar(screen: Screen, keys: KeyHint[]) {
  const parts = keys.map(
    ({ key, name }) =>
      `${paint.bold(key === 'enter' ? screen.t.keyEnter() : key)} ${screen.t.keyLabels[name]}`,
  );
  return `${paint.dim('└')}  ${parts.join('  ')}`;
}

/** A y/n question in place of the key bar. */
export function confirmLines(screen: Screen, question: string) {
  return [
    ...guided(screen, question, { paintLine: paint.wait }),
    keyBar(screen, [
      { key: 'y', name: 'yes' },
      { key: 'n', name: 'no' },
    ]),
  ];
}

export function hintLines(screen: Screen, level: number, total: number, hint: LocalizedText) {
  return guided(screen, `${screen.t.hintOf(level, total)}: ${localize(hint, screen.language)}`, {
    paintLine: paint.dim,
  });
}

/** One line said once (a result, a notice), kept above the live part. */
export function noteLines(screen: Screen, text: string, tone: 'pass' | 'fail' | 'wait' | 'plain') {
  const paintLine = tone === 'plain' ? (line: string) => line : paint[tone];
  return guided(screen, text, { paintLine });
}
