import type { Lesson, ReadStep } from '../../course/lesson-types.js';
import { type Runner, recordStep, type StepOutcome } from './runner-context.js';
import { StepView } from './step-view.js';

/**
 * A step to read: its text, then Enter to go on (which marks it read). It needs no cluster,
 * so it may be on screen while the cluster still starts.
 */
export async function runReadStep(
  runner: Runner,
  lesson: Lesson,
  step: ReadStep,
  workspace: string,
): Promise<StepOutcome> {
  const view = new StepView(runner, lesson, step, workspace);
  await runner.interrupt.track(runner.status.remove());
  await view.open(
    () => ({
      body: [],
      keys: [
        { key: 'enter', name: 'continue' },
        { key: 't', name: 'terminal' },
        { key: 'm', name: 'menu' },
        { key: 'q', name: 'quit' },
      ],
    }),
    (key) => {
      if (key === 'm') return view.finish('menu');
      if (key === 'q') return view.finish('quit');
      if (key === 't') return view.act(() => view.openTerminal());
      if (key === 'enter') {
        view.act(async () => {
          // What `solve` does for a read step, without waiting for the cluster.
          await recordStep(runner, lesson, step, (record) => {
            record.status = 'passed';
            record.passedAt ??= new Date().toISOString();
          });
          view.finish('next');
        });
      }
    },
  );
  view.draw();
  try {
    return await view.outcome;
  } finally {
    view.close();
  }
}
