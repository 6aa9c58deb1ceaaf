import { confirm } from '@clack/prompts';
import { type Course, loadCourse } from '../../course/lesson-loader.js';
import { formatProblem } from '../../course/lesson-problem.js';
import { lessonsDir } from '../../course/lessons-dir.js';
import { podCourseHome } from '../../home.js';
import type { TargetFlags } from '../cluster-target.js';
import { courseMessages } from '../ui/course-messages.js';
import type { Language } from '../ui/language.js';
import type { RunnerMessages } from '../ui/runner-messages.js';
import { Backdrop } from './backdrop.js';
import { connectCluster, keyWithoutCluster } from './cluster-connect.js';
import { ask } from './prompt.js';
import type { Connected, Runner } from './runner-context.js';
import { type Spinner, startSpinner } from './spinner.js';
import { TrackedProgressStore } from './tracked-progress.js';

type RunnerIo = Pick<Runner, 'input' | 'output' | 'interrupt' | 'status'>;

/**
 * The runner, ready to draw: the progress store and key, the cluster and the course.
 *
 * For the simulator and kind the progress key is known without the cluster, so the cluster
 * connects in the background (the simulator's spawn starts now) and the returning learner's
 * step can be drawn first. A kubeconfig context of the learner's own may need a yes, so it
 * is connected here, behind a spinner, as the runner always did.
 */
export async function openRunner(
  flags: TargetFlags,
  language: Language,
  t: RunnerMessages,
  io: RunnerIo,
): Promise<Runner> {
  const progress = new TrackedProgressStore(podCourseHome(), io.interrupt);
  const backdrop = new Backdrop();
  const planned = await keyWithoutCluster(flags, language);
  const options = { flags, language, t, progress, begun: backdrop.begun };
  let key: Runner['key'];
  let cluster: Promise<Connected>;
  let connectedNow: Connected | undefined;
  if (planned) {
    key = planned;
    const connecting = backdrop.run(t.connecting(), (say) => connectCluster({ ...options, say }));
    void connecting.then(
      ({ ready }) => backdrop.announce({ tone: 'done', text: ready }),
      () => undefined,
    );
    cluster = connecting.then(({ connected }) => connected);
  } else {
    backdrop.begin();
    const { connected } = await inForeground(io, t, (say, confirmForeign) =>
      connectCluster({ ...options, say, confirm: confirmForeign }),
    );
    key = { backend: connected.target.key, namespace: connected.target.namespace };
    connectedNow = connected;
    cluster = Promise.resolve(connected);
  }
  // Awaited by whoever needs the cluster; a rejection before that is not unhandled.
  cluster.catch(() => undefined);
  const runner: Runner = {
    language,
    t,
    ...io,
    progress,
    key,
    cluster,
    course: courseLoader(backdrop, language),
    backdrop,
    connected: connectedNow,
  };
  void cluster.then(
    (connected) => {
      runner.connected = connected;
      // The menu needs every lesson: they load now, after the cluster (which comes first).
      runner.course().catch(() => undefined);
    },
    () => undefined,
  );
  return runner;
}

/** Every lesson, loaded once; problems in the lesson files are announced (as start always did). */
function courseLoader(backdrop: Backdrop, language: Language): () => Promise<Course> {
  let loading: Promise<Course> | undefined;
  return () => {
    loading ??= loadCourse(lessonsDir()).then((course) => {
      if (course.problems.length > 0) {
        const t = courseMessages(language);
        const lines = [t.lessonProblems(course.problems.length)].concat(
          course.problems.map((p) => `  ${formatProblem(p, language)}`),
        );
        backdrop.announce({ tone: 'warn', text: lines.join('\n') });
      }
      return course;
    });
    return loading;
  };
}

/**
 * Connects behind a spinner that steps aside for the foreign-context question and ends with
 * the ready line.
 */
async function inForeground<T extends { ready: string }>(
  io: RunnerIo,
  t: RunnerMessages,
  work: (
    say: (text: string) => void,
    confirmForeign: (question: string) => Promise<boolean>,
  ) => Promise<T>,
): Promise<T> {
  let spinner: Spinner = startSpinner(io.output, t.connecting());
  let value: T;
  try {
    value = await work(
      (text) => spinner.message(text),
      async (question) => {
        spinner.stop(t.connecting());
        const yes = await ask<boolean>(io, () => confirm({ message: question }));
        spinner = startSpinner(io.output, t.connecting());
        return yes === true;
      },
    );
  } catch (error) {
    spinner.fail(t.startFailed());
    throw error;
  }
  spinner.stop(value.ready);
  return value;
}
