import type { CourseSession } from '../../course/course-session.js';
import { CheckCrashed, type StepGrade } from '../../course/grade-step.js';
import type { Lesson, TaskStep } from '../../course/lesson-types.js';
import { paint } from '../ui/paint.js';
import { type NamespaceWatch, watchNamespace } from './cluster-watch.js';
import { errorText } from './error-text.js';
import { LessonNotReady } from './lesson-ready.js';
import { type Runner, recordStep, type StepOutcome } from './runner-context.js';
import { readSolutionFiles, solutionLines } from './solution-view.js';
import { statusLine } from './status-file.js';
import { conditionLines, guide, noteLines } from './step-screen.js';
import { type LiveFrame, StepView } from './step-view.js';
import { whyPassedLines } from './why-passed.js';

/** Events come in bursts (a Pod's create, schedule, pull, start); grade once per burst. */
const DEBOUNCE_MS = 150;
/** Some states arrive without an event the watch sees (a container's uptime, a probe). */
const RECHECK_MS = 2000;

/**
 * A task step, graded continuously (UX.md: nobody presses "check"): the namespace is watched
 * and every change re-grades it, as does a short timer; each condition's ✓/✗ and message are
 * redrawn in place as they change. On a pass, "why it passed" shows what the checks read.
 *
 * The step's text is drawn at once; its conditions say "checking…" until `ready` (the
 * cluster answers and the lesson is set up) and grading begins.
 */
export function runTaskStep(
  runner: Runner,
  lesson: Lesson,
  step: TaskStep,
  workspace: string,
  ready: Promise<CourseSession>,
): Promise<StepOutcome> {
  return new TaskLoop(runner, lesson, step, workspace, ready).run();
}

class TaskLoop {
  private readonly view: StepView;
  private grade: StepGrade | undefined;
  private trouble: string | undefined;
  private passed = false;
  /** Grading runs between startWatching and stopWatching; a result from before is dropped. */
  private live = false;
  private generation = 0;
  private graded = 0;
  private lastSignature: string | undefined;
  private grading = false;
  private again = false;
  private pending: NodeJS.Timeout | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private watch: NamespaceWatch | undefined;
  private session: CourseSession | undefined;
  /** The step was left: nothing may start watching any more. */
  private left = false;

  constructor(
    private readonly runner: Runner,
    private readonly lesson: Lesson,
    private readonly step: TaskStep,
    workspace: string,
    private readonly ready: Promise<CourseSession>,
  ) {
    this.view = new StepView(runner, lesson, step, workspace);
  }

  async run(): Promise<StepOutcome> {
    await this.view.open(
      () => this.frame(),
      (key) => this.onKey(key),
    );
    this.view.draw();
    void this.connect();
    try {
      return await this.view.outcome;
    } finally {
      this.left = true;
      this.stopWatching();
      this.view.close();
    }
  }

  /** Grading starts once the cluster answers and the lesson is set up. */
  private async connect() {
    try {
      this.session = await this.ready;
    } catch (error) {
      // The lesson's failure is on screen already (the backdrop said it): back to the menu.
      if (error instanceof LessonNotReady) this.view.finish('menu');
      else this.view.lose(error);
      return;
    }
    await this.startWatching();
  }

  /** For the keys that act on the cluster: waits (behind a busy line) while it connects. */
  private async connectedSession(): Promise<CourseSession> {
    return (
      this.session ?? (await this.view.whileBusy(this.runner.t.connecting(), () => this.ready))
    );
  }

  private frame(): LiveFrame {
    const { t } = this.runner;
    if (this.passed) {
      return {
        body: [],
        keys: [
          { key: 'enter', name: 'next' },
          { key: 'a', name: 'answer' },
          { key: 't', name: 'terminal' },
          { key: 'r', name: 'reset' },
          { key: 'm', name: 'menu' },
          { key: 'q', name: 'quit' },
        ],
      };
    }
    const screen = this.view.screen;
    const state = this.trouble
      ? noteLines(screen, this.trouble, 'wait')
      : [`${guide()}  ${paint.dim(t.watching())}`];
    return {
      body: [...conditionLines(screen, this.step, this.grade), guide(), ...state, guide()],
      keys: [
        { key: 't', name: 'terminal' },
        { key: 'h', name: 'hint' },
        { key: 'a', name: 'answer' },
        { key: 's', name: 'skip' },
        { key: 'r', name: 'reset' },
        { key: 'm', name: 'menu' },
        { key: 'q', name: 'quit' },
      ],
    };
  }

  private onKey(key: string) {
    const { view } = this;
    if (key === 'm') return view.finish('menu');
    if (key === 'q') return view.finish('quit');
    if (key === 'enter' && this.passed) return view.finish('next');
    if (key === 't') return view.act(() => view.openTerminal());
    if (key === 'a') return view.act(() => this.showAnswer());
    if (key === 'r') return view.act(() => this.reset());
    if (this.passed) return;
    if (key === 'h') return view.act(() => view.revealHint());
    if (key === 's') return view.act(() => this.skip());
  }

  private async startWatching() {
    const session = this.session;
    if (this.left || !session || this.live) return;
    this.live = true;
    const generation = ++this.generation;
    this.ticker = setInterval(() => this.soon(0), RECHECK_MS);
    this.soon(0);
    const { cluster } = session;
    try {
      const watch = await watchNamespace(cluster.kubeConfig, cluster.namespace, () => this.soon());
      if (generation === this.generation && this.live) this.watch = watch;
      else watch.stop();
    } catch {
      // No watch (refused, unsupported): the timer keeps re-checking.
    }
  }

  private stopWatching() {
    this.live = false;
    this.generation += 1;
    clearInterval(this.ticker);
    clearTimeout(this.pending);
    this.pending = undefined;
    this.watch?.stop();
    this.watch = undefined;
  }

  /** Grades after `delay`; calls meanwhile join the one already planned. */
  private soon(delay = DEBOUNCE_MS) {
    if (!this.live || this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      void this.regrade();
    }, delay);
  }

  private async regrade() {
    if (this.grading) {
      this.again = true;
      return;
    }
    const session = this.session;
    if (!session) return;
    this.grading = true;
    const generation = this.generation;
    try {
      const grade = await session.grade(this.lesson, this.step);
      if (generation !== this.generation || !this.live) return;
      this.trouble = undefined;
      await this.accept(grade);
    } catch (error) {
      if (generation !== this.generation) return;
      const { t, language } = this.runner;
      this.trouble =
        error instanceof CheckCrashed
          ? t.checkCrashed(error.message)
          : t.clusterTrouble(errorText(error, language));
    } finally {
      this.grading = false;
      if (this.again) {
        this.again = false;
        this.soon();
      }
      this.view.draw();
    }
  }

  /**
   * A new result. An attempt is recorded only when the result changed, so `attempts` counts
   * the states the learner's work went through, not the timer's ticks; the state found on
   * arrival is not an attempt unless it already passes.
   */
  private async accept(grade: StepGrade) {
    const signature = JSON.stringify(
      grade.conditions.map((c) => [c.id, c.passed, c.message?.en ?? '']),
    );
    const changed = signature !== this.lastSignature;
    const first = this.graded === 0;
    this.lastSignature = signature;
    this.graded += 1;
    this.grade = grade;
    const { runner } = this;
    if (changed && (!first || grade.passed)) {
      const now = new Date().toISOString();
      await recordStep(runner, this.lesson, this.step, (record) => {
        record.attempts += 1;
        if (grade.passed && record.status !== 'passed') {
          record.status = 'passed';
          record.passedAt = now;
        }
      });
    }
    await runner.interrupt.track(runner.status.write(statusLine(grade, runner.language, runner.t)));
    if (grade.passed) this.onPassed(grade);
  }

  private onPassed(grade: StepGrade) {
    this.stopWatching();
    this.passed = true;
    const { t } = this.runner;
    this.view.show((screen) => [
      ...whyPassedLines(screen, grade),
      ...noteLines(screen, `✓ ${t.stepPassed()}`, 'pass'),
      guide(),
    ]);
    this.view.draw();
  }

  /** The reference solution; before a pass only once the learner confirms giving up. */
  private async showAnswer() {
    const { view, runner } = this;
    if (!this.passed) {
      if (!(await view.confirm(runner.t.confirmGiveUp()))) return;
      // Seeing the answer is at least the last hint, for the instructor's report.
      const all = this.step.hints.length;
      await recordStep(runner, this.lesson, this.step, (record) => {
        record.hintsUsed = Math.max(record.hintsUsed, all);
      });
    }
    const files = await readSolutionFiles(this.lesson, this.step);
    view.show((screen) => solutionLines(screen, this.lesson, this.step, files));
  }

  /** Applies the reference solution, records the step as skipped, and moves on. */
  private async skip() {
    const { view, runner } = this;
    const { t } = runner;
    if (!(await view.confirm(t.confirmSkip()))) return;
    const session = await this.connectedSession();
    // Not graded meanwhile: the solution's own pass must not count as the learner's.
    this.stopWatching();
    try {
      await view.whileBusy(t.solving(), () =>
        session.solve(this.lesson, this.step, {
          onProgress: (line) => {
            view.busy = `${t.solving()} ${line}`;
            view.draw();
          },
        }),
      );
    } catch (error) {
      void this.startWatching();
      throw error;
    }
    await recordStep(runner, this.lesson, this.step, (record) => {
      if (record.status !== 'passed') record.status = 'skipped';
    });
    view.note(`✓ ${t.skipped()}`, 'pass');
    view.finish('next');
  }

  /** Deletes what the step's solution makes and clears its progress; grading starts over. */
  private async reset() {
    const { view, runner } = this;
    const { t } = runner;
    if (!(await view.confirm(t.confirmReset()))) return;
    const session = await this.connectedSession();
    this.stopWatching();
    try {
      const removed = await view.whileBusy(t.resetting(), () =>
        session.resetStep(this.lesson, this.step),
      );
      await session.clearProgress(this.lesson, this.step);
      await recordStep(runner, this.lesson, this.step, () => {});
      view.hintsShown = 0;
      this.passed = false;
      this.grade = undefined;
      this.graded = 0;
      this.lastSignature = undefined;
      view.note(t.resetDone(removed));
    } finally {
      await this.startWatching();
    }
  }
}
