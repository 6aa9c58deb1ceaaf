import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StepGrade } from '../../course/grade-step.js';
import { loadLesson } from '../../course/lesson-loader.js';
import type { Lesson, TaskStep } from '../../course/lesson-types.js';
import { runnerMessages } from '../ui/runner-messages.js';
import { commandOf, solutionLines } from './solution-view.js';
import { statusLine } from './status-file.js';
import { conditionLines, keyBar, type Screen, shortPath, stepIntro } from './step-screen.js';
import { displayWidth } from './text-layout.js';
import { whyPassedLines } from './why-passed.js';

const LESSON_01 = resolve(import.meta.dirname, '../../../lessons/01-pod-and-infra-container');
const en: Screen = { language: 'en', t: runnerMessages('en'), columns: 100 };
const zh: Screen = { language: 'zh-CN', t: runnerMessages('zh-CN'), columns: 60 };

/** Output to a pipe (as in the tests) carries no colour: the lines read as plain text. */
describe('the step screen (lesson 01, step 2)', () => {
  let lesson: Lesson;
  let task: TaskStep;
  const failing: StepGrade = {
    step: 'share-pid',
    kind: 'task',
    passed: false,
    conditions: [
      {
        id: 'pod-exists',
        text: { en: 'Pod nginx-busybox exists', zh: 'Pod nginx-busybox 存在' },
        passed: true,
        facts: [{ en: 'containers: nginx, shell', zh: '容器: nginx, shell' }],
      },
      {
        id: 'shares-process-namespace',
        text: { en: 'its containers share one PID namespace', zh: '容器共享同一个 PID 命名空间' },
        passed: false,
        message: {
          en: 'spec.shareProcessNamespace is not true',
          zh: '没有设置 shareProcessNamespace',
        },
        facts: [],
      },
    ],
  };

  beforeAll(async () => {
    const loaded = await loadLesson(LESSON_01);
    if (!loaded.ok) throw new Error('lesson 01 does not load');
    lesson = loaded.lesson;
    task = lesson.steps[1] as TaskStep;
  });

  it('opens with the header, the text, the workspace file and the commands to try', () => {
    const lines = stepIntro(en, lesson, task, '/work/ws/01-pod-and-infra-container');
    expect(lines[1]).toBe("◆  01 · step 2/8 · Let two containers see each other's processes");
    const text = lines.join('\n');
    expect(text).toContain(
      '│  Files:   /work/ws/01-pod-and-infra-container/nginx-busybox.yaml   (starter, edit it)',
    );
    expect(text).toContain(
      '│  Try:     kubectl apply -f nginx-busybox.yaml\n│           kubectl get pod nginx-busybox',
    );
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(100);
  });

  it('is all Chinese with zh, wrapped to the terminal', () => {
    const lines = stepIntro(zh, lesson, task, '/work/ws/01');
    expect(lines[1]).toBe('◆  01 · 步骤 2/8 · 让两个容器看到彼此的进程');
    expect(lines.join('\n')).toContain('│  文件:');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(60);
  });

  it('shows ✓/✗ per condition, with the message of a failing one', () => {
    expect(conditionLines(en, task, failing)).toEqual([
      '│  Conditions',
      '│  ✓ Pod nginx-busybox exists',
      '│  ✗ its containers share one PID namespace — spec.shareProcessNamespace is not true',
      '│  ○ both containers, nginx and shell, are running — checking…',
    ]);
  });

  it('says "why it passed" with the facts the checks read', () => {
    const passed: StepGrade = {
      ...failing,
      passed: true,
      conditions: failing.conditions.map((c) => ({
        ...c,
        passed: true,
        facts: [{ en: `read: ${c.id}`, zh: `读到: ${c.id}` }],
      })),
    };
    expect(whyPassedLines(en, passed)).toEqual([
      '◇  Why it passed',
      '│  ✓ Pod nginx-busybox exists',
      '│    read: pod-exists',
      '│  ✓ its containers share one PID namespace',
      '│    read: shares-process-namespace',
      '│',
    ]);
  });

  it('puts the first failing message in the shell status line', () => {
    expect(statusLine(failing, 'en', en.t)).toBe(
      '✓✗ still to do: spec.shareProcessNamespace is not true',
    );
    expect(statusLine(failing, 'zh-CN', zh.t)).toBe('✓✗ 还差: 没有设置 shareProcessNamespace');
    expect(statusLine({ ...failing, passed: true }, 'zh-CN', zh.t)).toBe(
      '✓ 完成! 输入 exit 返回课程',
    );
  });

  it('names the keys of the screen', () => {
    expect(
      keyBar(zh, [
        { key: 't', name: 'terminal' },
        { key: 'h', name: 'hint' },
        { key: 'q', name: 'quit' },
      ]),
    ).toBe('└  t 终端  h 提示  q 退出');
    expect(keyBar(en, [{ key: 'enter', name: 'next' }])).toBe('└  Enter next step');
  });

  it('shows the reference solution as kubectl commands and the file it applies', async () => {
    const { readSolutionFiles } = await import('./solution-view.js');
    const files = await readSolutionFiles(lesson, task);
    const text = solutionLines(en, lesson, task, files).join('\n');
    expect(text).toContain('$ kubectl apply -f ');
    expect(text).toContain('shareProcessNamespace: true');
    expect(text).toContain(
      "$ kubectl wait --for=jsonpath='{.status.phase}'=Running pod/nginx-busybox",
    );
  });

  it('writes each kind of action as the kubectl command that does the same', () => {
    expect(commandOf({ type: 'delete', target: { kind: 'Pod', name: 'solo' } }, lesson)).toBe(
      'kubectl delete pod solo',
    );
    expect(
      commandOf({ type: 'exec', pod: 'p', container: 'c', command: ['cat', '/x'] }, lesson),
    ).toBe('kubectl exec p -c c -- cat /x');
    expect(
      commandOf(
        { type: 'wait', target: { kind: 'Pod', name: 'p' }, for: 'ready', timeoutSeconds: 30 },
        lesson,
      ),
    ).toBe('kubectl wait --for=condition=Ready pod/p --timeout=30s');
  });

  it('writes paths under the home directory with ~', () => {
    expect(shortPath('/home/ann/pod-course/01', '/home/ann')).toBe('~/pod-course/01');
    expect(shortPath('/home/annex/x', '/home/ann')).toBe('/home/annex/x');
  });
});
