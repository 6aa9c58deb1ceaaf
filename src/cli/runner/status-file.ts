import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { StepGrade } from '../../course/grade-step.js';
import { localize } from '../../course/localized-text.js';
import { podCourseHome } from '../../home.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import type { Language } from '../ui/language.js';
import type { RunnerMessages } from '../ui/runner-messages.js';

/** Where the runner tells the learner's shell how the step stands (its prompt hook prints it). */
export function statusFilePath(home = podCourseHome()) {
  return join(home, 'runner-status.txt');
}

/** `✓✓✗ still to do: <first failing message>`, or `✓ Done! …` once every condition passes. */
export function statusLine(grade: StepGrade, language: Language, t: RunnerMessages) {
  if (grade.passed) return t.statusDone();
  const marks = grade.conditions.map((c) => (c.passed ? '✓' : '✗')).join('');
  const failing = grade.conditions.find((c) => !c.passed);
  const message = failing?.message ?? failing?.text ?? grade.message;
  return t.statusPending(marks, message ? localize(message, language) : '');
}

/**
 * The status file, written only when its text changes (the shell reads it before every
 * prompt, so it must always be whole: atomic replace). Removed when the runner leaves, so a
 * shell opened later never shows a stale line.
 */
export class StatusFile {
  private last: string | undefined;
  /** Writes go one after another, so an older text never lands after a newer one. */
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  async write(text: string) {
    if (text === this.last) return;
    this.last = text;
    this.queue = this.queue.then(
      () => writeFileAtomic(this.path, `${text}\n`),
      () => writeFileAtomic(this.path, `${text}\n`),
    );
    await this.queue;
  }

  /** After the writes under way, so none of them brings the file back. */
  async remove() {
    this.last = undefined;
    await this.queue.catch(() => undefined);
    rmSync(this.path, { force: true });
  }
}
