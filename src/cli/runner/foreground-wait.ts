import { log } from '@clack/prompts';
import { paint } from '../ui/paint.js';
import type { Announcement } from './backdrop.js';
import type { Runner } from './runner-context.js';
import { type Spinner, startSpinner } from './spinner.js';
import { guide } from './step-screen.js';

/** Whether `work` has settled already (its callbacks run before the next macrotask). */
async function settledNow(work: Promise<unknown>): Promise<boolean> {
  return Promise.race([
    work.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => setImmediate(() => resolve(false))),
  ]);
}

/** An announcement written between screens, as the spinner or clack would have. */
export function printAnnouncement(runner: Runner, said: Announcement) {
  if (said.tone === 'warn') {
    log.warn(said.text);
    return;
  }
  const mark = said.tone === 'done' ? paint.pass('◇') : paint.fail('▲');
  runner.output.write(`${guide()}\n${mark}  ${said.text}\n`);
}

/**
 * Waits for background work with no step on screen (before the lesson menu): behind a
 * spinner that follows what the backdrop is doing, closed by the cluster's ready line when
 * that is what it was waiting for, as the start always looked. What the backdrop announced
 * meanwhile is printed after it. A failure closes the spinner with `failed` and is rethrown.
 */
export async function waitInForeground<T>(
  runner: Runner,
  work: Promise<T>,
  failed: string,
): Promise<T> {
  const { backdrop, output, t } = runner;
  backdrop.begin();
  let spinner: Spinner | undefined;
  let stop: (() => void) | undefined;
  if (!(await settledNow(work))) {
    const shown = startSpinner(output, backdrop.activity ?? t.connecting());
    spinner = shown;
    stop = backdrop.listen(() => shown.message(backdrop.activity ?? t.connecting()));
  }
  let value: T;
  try {
    value = await work;
  } catch (error) {
    stop?.();
    spinner?.fail(failed);
    throw error;
  }
  stop?.();
  const said = backdrop.take();
  const first = said[0];
  if (spinner && first?.tone === 'done') {
    said.shift();
    spinner.stop(first.text);
  } else {
    spinner?.clear();
  }
  for (const item of said) printAnnouncement(runner, item);
  return value;
}
