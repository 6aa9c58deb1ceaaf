import type { Lesson } from '../../course/lesson-types.js';
import { localize } from '../../course/localized-text.js';
import { type StepProgress, stepOf } from '../../course/progress-document.js';
import type { TargetFlags } from '../cluster-target.js';
import { openCourseCommand } from '../course-command.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Language } from '../ui/language.js';

export const REPORT_OPTIONS = { format: { type: 'string' } } as const;

type ReportValues = TargetFlags & {
  format?: string | undefined;
  json?: boolean | undefined;
};

interface StepRow {
  id: string;
  kind: string;
  title: string;
  status: string;
  attempts: number;
  hintsUsed: number;
  timeSpentMs: number;
  passedAt?: string;
}

/**
 * `pod-course report [--format md|json|junit]`: progress per lesson and step for
 * instructors and autograders (passed / attempts / hints used / time spent). Reads progress
 * only; needs no cluster.
 */
export async function runReport(values: ReportValues, language: Language) {
  const format = values.format ?? (values.json ? 'json' : 'md');
  if (!['md', 'json', 'junit'].includes(format)) {
    throw new CliError(`--format must be md, json or junit, got "${format}"`, EXIT.usage);
  }
  const command = await openCourseCommand(values, language, { start: false });
  const progress = (await command.progress.read()).document;
  const lessons = command.course.lessons.map((lesson) => ({
    lesson,
    steps: lesson.steps.map((step) =>
      row(
        step,
        localize(step.title, language),
        stepOf(progress, {
          backend: command.target.key,
          namespace: command.target.namespace,
          lesson: lesson.id,
          step: step.id,
        }),
      ),
    ),
  }));
  const header = { backend: command.target.key, namespace: command.target.namespace };
  if (format === 'json') {
    const document = {
      ...header,
      lessons: lessons.map(({ lesson, steps }) => ({ id: lesson.id, title: lesson.title, steps })),
    };
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } else if (format === 'junit') {
    process.stdout.write(junit(lessons));
  } else {
    process.stdout.write(markdown(lessons, language, header));
  }
  return EXIT.ok;
}

function row(
  step: Lesson['steps'][number],
  title: string,
  record: StepProgress | undefined,
): StepRow {
  return {
    id: step.id,
    kind: step.kind,
    title,
    status: record?.status ?? 'todo',
    attempts: record?.attempts ?? 0,
    hintsUsed: record?.hintsUsed ?? 0,
    timeSpentMs: record?.timeSpentMs ?? 0,
    ...(record?.passedAt ? { passedAt: record.passedAt } : {}),
  };
}

function markdown(
  lessons: { lesson: Lesson; steps: StepRow[] }[],
  language: Language,
  header: { backend: string; namespace: string },
) {
  const zh = language === 'zh-CN';
  const out = [
    `# pod-course ${zh ? '进度' : 'progress'} (${header.backend}, ${header.namespace})`,
    '',
  ];
  for (const { lesson, steps } of lessons) {
    const done = steps.filter((s) => s.status === 'passed').length;
    out.push(
      `## ${String(lesson.number).padStart(2, '0')} ${localize(lesson.title, language)} — ${done}/${steps.length}`,
      '',
    );
    out.push(
      zh ? '| 步骤 | 状态 | 尝试 | 提示 | 用时 |' : '| step | status | attempts | hints | time |',
      '|---|---|---|---|---|',
    );
    for (const s of steps) {
      out.push(
        `| ${s.id} | ${s.status} | ${s.attempts} | ${s.hintsUsed} | ${Math.round(s.timeSpentMs / 1000)} s |`,
      );
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One `<testsuite>` per lesson, one `<testcase>` per step (CLI.md); not passed → failure. */
function junit(lessons: { lesson: Lesson; steps: StepRow[] }[]) {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites name="pod-course">'];
  for (const { lesson, steps } of lessons) {
    const failures = steps.filter((s) => s.status !== 'passed').length;
    out.push(
      `  <testsuite name="${xml(lesson.id)}" tests="${steps.length}" failures="${failures}" skipped="0">`,
    );
    for (const s of steps) {
      const time = (s.timeSpentMs / 1000).toFixed(1);
      const open = `    <testcase classname="${xml(lesson.id)}" name="${xml(s.id)}" time="${time}">`;
      if (s.status === 'passed') {
        out.push(`${open.slice(0, -1)}/>`);
      } else {
        out.push(
          open,
          `      <failure message="${xml(s.status)}">${xml(`${s.title}: ${s.status}`)}</failure>`,
          '    </testcase>',
        );
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
