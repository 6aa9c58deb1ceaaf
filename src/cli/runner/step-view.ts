import type { Lesson, Step } from '../../course/lesson-types.js';
import { paint } from '../ui/paint.js';
import { errorText } from './error-text.js';
import { isCtrlC, keyName, readKeys } from './key-input.js';
import { HIDE_CURSOR, LiveRegion, SHOW_CURSOR } from './live-region.js';
import {
  type Connected,
  clusterOf,
  type Runner,
  recordStep,
  type StepOutcome,
  screenOf,
  stepRecord,
} from './runner-context.js';
import {
  confirmLines,
  guide,
  hintLines,
  type KeyHint,
  keyBar,
  noteLines,
  type Screen,
  stepIntro,
} from './step-screen.js';
import { announcementLines, WorkingLine } from './working-line.js';

/** The changing part of a step screen: what sits above the key bar, and the keys. */
export interface LiveFrame {
  body: string[];
  keys: KeyHint[];
}

/** Lines for the screen, made again for the current width each time they are drawn. */
type Block = (screen: Screen) => string[];

/**
 * One step on screen, whatever its kind: the fixed part (intro, hints, notes) above a live
 * region (the frame the step kind supplies, a y/n question, or a busy line), single-key
 * input, the learner's shell on `t`, hints on `h`. Read, quiz and task steps build on it.
 *
 * A step may be on screen before the cluster answers (a returning learner's, at start): what
 * the runner's backdrop is doing shows as a spinner line above the key bar, and what it
 * announces (the cluster's ready line) is written above the live region as it comes. When
 * the cluster cannot be reached at all, the view says so and `outcome` rejects with why.
 */
export class StepView {
  readonly region: LiveRegion;
  /** Hints revealed so far (those seen in an earlier session are shown again). */
  hintsShown = 0;
  busy: string | undefined;
  readonly outcome: Promise<StepOutcome>;
  private finishWith!: (outcome: StepOutcome) => void;
  private failWith!: (error: unknown) => void;
  private readonly history: Block[] = [];
  private frame: () => LiveFrame = () => ({ body: [], keys: [] });
  private onKey: (name: string) => void = () => {};
  private question: { text: string; answer: (yes: boolean) => void } | undefined;
  private stopKeys: (() => void) | undefined;
  private away = false;
  /** A clack prompt has the screen (a quiz question): nothing is drawn or said meanwhile. */
  private aside = false;
  private closed = false;
  /** An action started by a key is under way: other keys wait for it. */
  private acting = false;
  /** The cluster could not be reached: the step is over. */
  private lost = false;
  private readonly working: WorkingLine;
  private stopBackdrop: (() => void) | undefined;
  private readonly onResize = () => this.redrawAll(true);

  constructor(
    readonly runner: Runner,
    readonly lesson: Lesson,
    readonly step: Step,
    readonly workspace: string,
  ) {
    this.region = new LiveRegion(runner.output);
    this.working = new WorkingLine(runner.backdrop, () => this.draw());
    this.outcome = new Promise((resolve, reject) => {
      this.finishWith = resolve;
      this.failWith = reject;
    });
    // Whoever awaits `outcome` sees a rejection; one nobody awaits yet must not end the process.
    this.outcome.catch(() => undefined);
  }

  get screen(): Screen {
    return screenOf(this.runner);
  }

  /** Shows the step and starts reading keys; `frame` is asked again on every `draw`. */
  async open(frame: () => LiveFrame, onKey: (name: string) => void) {
    this.frame = frame;
    this.onKey = onKey;
    const record = await stepRecord(this.runner, this.lesson, this.step);
    const hints = this.step.kind === 'read' ? [] : this.step.hints;
    this.hintsShown = Math.min(record?.hintsUsed ?? 0, hints.length);
    this.show((screen) => [
      ...stepIntro(screen, this.lesson, this.step, this.workspace),
      ...hints
        .slice(0, this.hintsShown)
        .flatMap((hint, i) => [...hintLines(screen, i + 1, hints.length, hint), guide()]),
    ]);
    this.runner.output.on('resize', this.onResize);
    this.stopBackdrop = this.runner.backdrop.listen(() => this.onBackdrop());
    this.onBackdrop();
    this.runner.cluster.catch((error: unknown) => this.lose(error));
    this.listen();
  }

  /** Writes lines above the live region for good (kept back while the shell is open). */
  show(block: Block) {
    this.history.push(block);
    if (!this.away) this.region.persist(block(this.screen));
  }

  note(text: string, tone: 'pass' | 'fail' | 'wait' | 'plain' = 'plain') {
    this.show((screen) => [...noteLines(screen, text, tone), guide()]);
  }

  draw() {
    if (this.away || this.aside || this.closed) return;
    const screen = this.screen;
    const frame = this.frame();
    let bottom: string[];
    if (this.busy !== undefined) bottom = [`${paint.dim('└')}  ${paint.wait(this.busy)}`];
    else if (this.question) bottom = confirmLines(screen, this.question.text);
    else bottom = [keyBar(screen, frame.keys)];
    const working = this.lost ? [] : this.working.lines();
    this.region.render([...frame.body, ...working, ...bottom]);
    // The step is on screen: the heavy work behind it may take the CPU now.
    this.runner.backdrop.begin();
  }

  /**
   * Runs a clack prompt in place of the live region: keys and drawing pause (what the
   * backdrop says waits), and the region comes back below the prompt's answer.
   */
  async prompt<T>(work: () => Promise<T>): Promise<T> {
    this.pauseKeys();
    this.region.clear();
    this.aside = true;
    try {
      return await work();
    } finally {
      this.aside = false;
      this.listen();
      this.onBackdrop();
    }
  }

  /** The backdrop changed: write what it announced, spin while it works, draw. */
  private onBackdrop() {
    if (this.closed || this.aside) return;
    for (const said of this.runner.backdrop.take()) {
      this.show((screen) => announcementLines(screen, said));
    }
    this.working.follow();
    this.draw();
  }

  /** The cluster cannot be reached: said on the step's screen; the runner then stops. */
  lose(error: unknown) {
    if (this.closed || this.lost) return;
    this.lost = true;
    this.show(() => [`${paint.fail('▲')}  ${this.runner.t.startFailed()}`, guide()]);
    this.failWith(error);
  }

  /** The cluster, waited for behind a busy line when it does not answer yet. */
  async connected(): Promise<Connected> {
    const { runner } = this;
    if (runner.connected) return runner.connected;
    return await this.whileBusy(runner.t.connecting(), () => clusterOf(runner));
  }

  /** Asks y/n in place of the key bar; Escape means no. */
  confirm(text: string): Promise<boolean> {
    return new Promise((resolve) => {
      this.question = {
        text,
        answer: (yes) => {
          this.question = undefined;
          resolve(yes);
          this.draw();
        },
      };
      this.draw();
    });
  }

  /** Runs slow work with a busy line instead of the key bar; keys wait (Ctrl-C still leaves). */
  async whileBusy<T>(text: string, work: () => Promise<T>): Promise<T> {
    this.busy = text;
    this.draw();
    try {
      return await work();
    } finally {
      this.busy = undefined;
      this.draw();
    }
  }

  async revealHint() {
    const hints = this.step.kind === 'read' ? [] : this.step.hints;
    if (hints.length === 0) return this.note(this.runner.t.noHints());
    if (this.hintsShown >= hints.length) return this.note(this.runner.t.noMoreHints());
    this.hintsShown += 1;
    const level = this.hintsShown;
    const hint = hints[level - 1];
    if (hint) this.show((screen) => [...hintLines(screen, level, hints.length, hint), guide()]);
    await recordStep(this.runner, this.lesson, this.step, (record) => {
      record.hintsUsed = Math.max(record.hintsUsed, level);
    });
  }

  /**
   * The learner's own shell (UX.md: `t`), in the lesson's workspace. The runner's screen
   * steps aside while it runs: no keys read, nothing drawn (what happens meanwhile is shown
   * on return); the status file keeps the shell's prompt informed.
   */
  async openTerminal() {
    const { openUserShell } = await import('../shell/user-shell.js');
    const { runner } = this;
    const { target } = await this.connected();
    this.pauseKeys();
    this.region.clear();
    this.away = true;
    const resumeCtrlC = runner.interrupt.suspendCtrlC();
    let failure: string | undefined;
    try {
      await openUserShell({
        kubeconfig: target.kubeconfig,
        namespace: target.namespace,
        cwd: this.workspace,
        label: `${String(this.lesson.number).padStart(2, '0')}·${this.step.number}/${this.lesson.steps.length}`,
        statusFile: runner.status.path,
        language: runner.language,
        ...(target.context ? { context: target.context } : {}),
      });
    } catch (error) {
      failure = errorText(error, runner.language);
    } finally {
      resumeCtrlC();
      this.away = false;
    }
    runner.output.write('\n');
    this.redrawAll(false);
    if (failure) this.note(runner.t.shellFailed(failure), 'fail');
    this.listen();
  }

  /**
   * Runs what a key asked for. A failure (the cluster unreachable, an action refused) is
   * shown and the step stays on screen: the learner can try again, skip, or leave.
   */
  act(work: () => Promise<void>) {
    this.acting = true;
    work()
      .catch((error: unknown) => {
        if (this.lost) return;
        this.note(this.runner.t.actionFailed(errorText(error, this.runner.language)), 'fail');
      })
      .finally(() => {
        this.acting = false;
        this.draw();
      });
  }

  finish(outcome: StepOutcome) {
    this.finishWith(outcome);
  }

  /** Stops reading keys; the frame's body stays on screen as it last was, the key bar goes. */
  close() {
    if (this.closed) return;
    this.closed = true;
    this.pauseKeys();
    this.runner.output.off('resize', this.onResize);
    this.stopBackdrop?.();
    this.working.stop();
    const body = this.frame().body;
    this.region.clear();
    if (body.length > 0) this.runner.output.write(`${body.join('\n')}\n`);
  }

  listen() {
    if (this.stopKeys) return;
    this.runner.output.write(HIDE_CURSOR);
    this.stopKeys = readKeys(this.runner.input, (text, key) => {
      if (isCtrlC(key)) {
        void this.runner.interrupt.trigger();
        return;
      }
      const name = keyName(text, key);
      if (name === undefined) return;
      if (this.question) {
        if (name === 'y') this.question.answer(true);
        else if (name === 'n' || name === 'escape') this.question.answer(false);
        return;
      }
      if (this.busy === undefined && !this.acting) this.onKey(name);
    });
  }

  pauseKeys() {
    this.stopKeys?.();
    this.stopKeys = undefined;
    this.runner.output.write(SHOW_CURSOR);
  }

  /** Everything of this step again, made for the current width (after a resize, the shell). */
  private redrawAll(clearScreen: boolean) {
    if (this.away) return;
    // The visible screen only: the scrollback keeps the earlier steps.
    if (clearScreen) this.runner.output.write('\x1b[2J\x1b[H');
    this.region.release();
    const screen = this.screen;
    const lines = this.history.flatMap((block) => block(screen));
    if (lines.length > 0) this.runner.output.write(`${lines.join('\n')}\n`);
    this.draw();
  }
}
