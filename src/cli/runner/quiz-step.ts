import { multiselect, select, text } from '@clack/prompts';
import { type CourseSession, SolveBlocked } from '../../course/course-session.js';
import { answerQuiz, rightAnswer } from '../../course/grade-step.js';
import type { Lesson, QuizStep } from '../../course/lesson-types.js';
import { localize } from '../../course/localized-text.js';
import type { Language } from '../ui/language.js';
import { LessonNotReady } from './lesson-ready.js';
import { ask } from './prompt.js';
import { type Runner, recordStep, type StepOutcome, stepRecord } from './runner-context.js';
import { guide, noteLines, type Screen } from './step-screen.js';
import { StepView } from './step-view.js';

/**
 * A quiz step: its text and a key bar; Enter opens the question as a clack prompt (select,
 * multiselect or text). A right answer shows the explanation; a wrong one says so and the
 * learner can look again (`t` opens the shell, where the question's answer can be found).
 * The text shows at once; what needs the cluster waits for `ready` (the cluster answers and
 * the lesson is set up), behind a busy line.
 */
export async function runQuizStep(
  runner: Runner,
  lesson: Lesson,
  step: QuizStep,
  workspace: string,
  ready: Promise<CourseSession>,
): Promise<StepOutcome> {
  const { t, language } = runner;
  const view = new StepView(runner, lesson, step, workspace);
  let connected: CourseSession | undefined;
  void ready.then(
    (session) => {
      connected = session;
    },
    () => undefined,
  );
  const cluster = async () => connected ?? (await view.whileBusy(t.connecting(), () => ready));
  const record = await stepRecord(runner, lesson, step);
  let passed = record?.status === 'passed' || record?.status === 'skipped';
  await runner.interrupt.track(runner.status.write(passed ? t.statusDone() : t.statusQuiz()));

  const answered = (given: string[]) => (screen: Screen) => [
    ...noteLines(screen, `✓ ${t.quizAnswered(answerText(step, given, language))}`, 'pass'),
    ...explanationLines(screen, step),
  ];

  const respond = async () => {
    // Before the question: the answer is checked against the cluster.
    const session = await cluster();
    const given = await view.prompt(() => ask<string[]>(runner, () => question(step, runner)));
    if (given === undefined || given.length === 0) {
      if (given) view.note(t.quizNothingChosen(), 'wait');
      return;
    }
    const result = await view.whileBusy(t.checking(), async () =>
      answerQuiz(session.ctx, step, await session.checksFor(lesson), given),
    );
    if (result.why) return view.note(t.quizUnknown(localize(result.why, language)), 'wait');
    await session.recordAnswer(lesson, step, given, result.correct);
    if (!result.correct) return view.note(`✗ ${t.quizWrong()}`, 'fail');
    passed = true;
    view.show(answered(given));
    await runner.interrupt.track(runner.status.write(t.statusDone()));
  };

  const giveUp = async () => {
    if (!passed) {
      if (!(await view.confirm(t.confirmGiveUp()))) return;
      await recordStep(runner, lesson, step, (r) => {
        r.hintsUsed = Math.max(r.hintsUsed, step.hints.length);
      });
    }
    const session = await cluster();
    const right = await view.whileBusy(t.checking(), async () =>
      rightAnswer(session.ctx, step, await session.checksFor(lesson)),
    );
    if (!right.known) return view.note(t.quizUnknown(localize(right.why, language)), 'wait');
    view.show((screen) => [
      ...noteLines(screen, t.rightAnswer(answerText(step, right.answer, language)), 'plain'),
      ...explanationLines(screen, step),
    ]);
  };

  const skip = async () => {
    if (!(await view.confirm(t.confirmSkip()))) return;
    const session = await cluster();
    try {
      await view.whileBusy(t.solving(), () => session.solve(lesson, step));
    } catch (error) {
      if (!(error instanceof SolveBlocked)) throw error;
      return view.note(t.solveBlocked(localize(error.why, language)), 'wait');
    }
    // solve() answered it right; the learner did not, and the record says so.
    await recordStep(runner, lesson, step, (r) => {
      r.status = 'skipped';
      delete r.passedAt;
    });
    view.note(`✓ ${t.skipped()}`, 'pass');
    view.finish('next');
  };

  await view.open(
    () => ({
      body: [],
      keys: passed
        ? [
            { key: 'enter', name: 'next' },
            { key: 't', name: 'terminal' },
            { key: 'm', name: 'menu' },
            { key: 'q', name: 'quit' },
          ]
        : [
            { key: 'enter', name: 'respond' },
            { key: 't', name: 'terminal' },
            { key: 'h', name: 'hint' },
            { key: 'a', name: 'answer' },
            { key: 's', name: 'skip' },
            { key: 'm', name: 'menu' },
            { key: 'q', name: 'quit' },
          ],
    }),
    (key) => {
      if (key === 'm') return view.finish('menu');
      if (key === 'q') return view.finish('quit');
      if (key === 't') return view.act(() => view.openTerminal());
      if (key === 'enter') return passed ? view.finish('next') : view.act(respond);
      if (passed) return;
      if (key === 'h') return view.act(() => view.revealHint());
      if (key === 'a') return view.act(giveUp);
      if (key === 's') return view.act(skip);
    },
  );
  if (passed && record?.answer) view.show(answered(record.answer));
  view.draw();
  // As for a task: a lesson that could not be set up goes back to the menu (the backdrop
  // said why); no cluster at all is said on screen, and the runner stops.
  ready.catch((error: unknown) => {
    if (error instanceof LessonNotReady) view.finish('menu');
    else view.lose(error);
  });
  try {
    return await view.outcome;
  } finally {
    view.close();
  }
}

/** The clack prompt that fits the quiz's answer type; resolves to option ids or the text. */
function question(step: QuizStep, runner: Runner): Promise<string[] | symbol> {
  const { t, language } = runner;
  const message = localize(step.question, language);
  const options = step.options.map((option) => ({
    value: option.id,
    label: localize(option.text, language),
  }));
  if (step.answerType === 'single') {
    return select({ message, options, showInstructions: false }).then((value) =>
      typeof value === 'symbol' ? value : [value],
    );
  }
  if (step.answerType === 'multiple') {
    return multiselect({
      message: `${message}  (${t.quizChooseMany()})`,
      options,
      required: false,
      showInstructions: false,
    });
  }
  return text({
    message,
    placeholder: t.quizTypeHere(),
    validate: (value) => (value?.trim() ? undefined : t.quizEmpty()),
  }).then((value) => (typeof value === 'symbol' ? value : [value.trim()]));
}

/** Option labels for ids, or the typed text. */
function answerText(step: QuizStep, given: string[], language: Language) {
  if (step.answerType === 'text') return given.join(' ');
  return given
    .map((id) => step.options.find((o) => o.id === id))
    .map((option, i) => (option ? localize(option.text, language) : (given[i] ?? '')))
    .join('; ');
}

function explanationLines(screen: Screen, step: QuizStep) {
  if (!step.explanation) return [guide()];
  return [
    ...noteLines(
      screen,
      `${screen.t.explanation()}: ${localize(step.explanation, screen.language)}`,
      'plain',
    ),
    guide(),
  ];
}
