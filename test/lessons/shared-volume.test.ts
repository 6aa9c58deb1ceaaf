/**
 * Lesson 02 (shared-volume) against the simulator, the way `pod-course selftest` proves a
 * lesson: for every task step, its conditions fail in a fresh namespace, pass after the
 * reference solution, and each near-miss fails its condition with the declared message. The
 * quizzes' live answers are read from the cluster the solutions made.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyObject, parseManifest } from '../../src/cluster/apply-manifest.js';
import type { KubeObject } from '../../src/cluster/cluster-client.js';
import { courseLabels } from '../../src/cluster/course-labels.js';
import { CourseSession } from '../../src/course/course-session.js';
import { rightAnswer, type StepGrade } from '../../src/course/grade-step.js';
import { loadLesson } from '../../src/course/lesson-loader.js';
import { formatProblem } from '../../src/course/lesson-problem.js';
import type { Lesson, QuizStep, TaskStep } from '../../src/course/lesson-types.js';
import { performAction } from '../../src/course/perform-action.js';
import { ProgressStore } from '../../src/course/progress-store.js';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';

const LESSON_DIR = resolve(import.meta.dirname, '../../lessons/02-shared-volume');
/** Long enough for image pulls and the kubelet's mount retries; a pass returns at once. */
const SETTLE_MS = 90_000;
const POLL_MS = 250;

let cluster: TestCluster;
let session: CourseSession;
let lesson: Lesson;
let home: string;

beforeAll(async () => {
  const loaded = await loadLesson(LESSON_DIR);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => formatProblem(p, 'en')).join('\n'));
  lesson = loaded.lesson;
  cluster = await startTestCluster({ runPods: true });
  home = await mkdtemp(join(tmpdir(), 'pod-course-lesson-02-'));
  session = await CourseSession.open(
    {
      kubeconfig: cluster.simulator.kubeconfigPath,
      context: undefined,
      namespace: 'default',
      key: 'sim',
    },
    new ProgressStore(home),
  );
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

function task(id: string): TaskStep {
  const step = lesson.steps.find((s) => s.id === id);
  if (step?.kind !== 'task') throw new Error(`${id} is not a task step`);
  return step;
}

function quiz(id: string): QuizStep {
  const step = lesson.steps.find((s) => s.id === id);
  if (step?.kind !== 'quiz') throw new Error(`${id} is not a quiz step`);
  return step;
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Polls `probe` until it returns a value, or gives the last grade for the failure message. */
async function until<T>(
  what: string,
  probe: () => Promise<{ done: T } | { last: StepGrade }>,
): Promise<T> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const outcome = await probe();
    if ('done' in outcome) return outcome.done;
    if (Date.now() > deadline) {
      const seen = outcome.last.conditions.map(
        (c) => `${c.passed ? '✓' : '✗'} ${c.id}: ${c.message?.en ?? ''}`,
      );
      throw new Error(`${what} did not happen; last grade:\n${seen.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Resets the lesson and waits until its Pods are gone, so the next step starts fresh. */
async function freshNamespace() {
  await session.resetCluster(lesson);
  for (const name of ['share-volume', 'make-data', 'clear-data']) {
    await performAction(session.cluster, lesson, {
      type: 'wait',
      target: { kind: 'Pod', name },
      for: 'deleted',
      timeoutSeconds: 60,
    });
  }
}

/** The three proofs of the self-test for one task step. */
async function proveTask(step: TaskStep) {
  await freshNamespace();
  const fresh = await session.grade(lesson, step);
  for (const condition of fresh.conditions) {
    expect(condition.passed, `${step.id}/${condition.id} passes on a fresh namespace`).toBe(false);
  }

  await session.solve(lesson, step);
  await until(`${step.id}: pass after the solution`, async () => {
    const grade = await session.grade(lesson, step);
    return grade.passed ? { done: grade } : { last: grade };
  });

  for (const nearMiss of step.nearMisses) {
    await freshNamespace();
    for (const action of nearMiss.actions) {
      await performAction(session.cluster, lesson, action, { recreateOnConflict: true });
    }
    // The cluster settles after the actions (a page is written, an event arrives).
    await failsWith(step, nearMiss.condition, nearMiss.message);
  }
}

/** Applies a lesson file as a learner who edited it would (`edit` changes the object first). */
async function applyEdited(
  file: string,
  edit: (object: KubeObject & { spec: Record<string, unknown> }) => void,
) {
  const [object] = parseManifest(await readFile(join(LESSON_DIR, file), 'utf8'), file);
  if (!object) throw new Error(`${file} is empty`);
  edit(object as KubeObject & { spec: Record<string, unknown> });
  await applyObject(session.cluster, object, {
    labels: courseLabels(lesson.id),
    recreateOnConflict: true,
  });
}

async function waitForPod(name: string, state: 'exists' | 'succeeded' | 'deleted') {
  await performAction(session.cluster, lesson, {
    type: 'wait',
    target: { kind: 'Pod', name },
    for: state,
    timeoutSeconds: 60,
  });
}

/** Removes /data from every node (an earlier test may have made it), through hostPath Pods. */
async function forgetDataOnEveryNode() {
  const nodes = await session.cluster.read<{ items: KubeObject[] }>('/api/v1/nodes');
  for (const node of nodes?.items ?? []) {
    const name = `forget-data-${node.metadata?.name}`;
    await applyEdited('files/make-data.yaml', (pod) => {
      pod.metadata = { name };
      pod.spec.nodeName = node.metadata?.name;
      const [container] = pod.spec.containers as { command: string[] }[];
      if (container) container.command = ['rm', '-rf', '/host/data'];
    });
    await waitForPod(name, 'succeeded');
    await session.cluster.deleteObject('Pod', name, { gracePeriodSeconds: 0, waitUntilGone: true });
  }
}

/**
 * The named condition fails with a message containing `wanted`, once the cluster has settled;
 * it must never pass meanwhile.
 */
async function failsWith(step: TaskStep, condition: string, wanted: { zh: string; en: string }) {
  await until(`${step.id}/${condition} fails with "${wanted.en}"`, async () => {
    const grade = await session.grade(lesson, step);
    const got = grade.conditions.find((c) => c.id === condition);
    expect(got?.passed, `${step.id}/${condition} passes`).toBe(false);
    const ok =
      got?.message &&
      collapse(got.message.en).includes(collapse(wanted.en)) &&
      collapse(got.message.zh).includes(collapse(wanted.zh));
    return ok ? { done: true } : { last: grade };
  });
}

describe('lesson 02 shared-volume on the simulator', () => {
  it('write-and-serve: emptyDir shared by debian and nginx', { timeout: 600_000 }, async () => {
    await proveTask(task('write-and-serve'));
  });

  it('the quizzes read their answers from the Pod the solution made', {
    timeout: 180_000,
  }, async () => {
    await freshNamespace();
    await session.solve(lesson, task('write-and-serve'));
    const checks = await session.checksFor(lesson);
    const debian = await until('debian-container has run', async () => {
      const answer = await rightAnswer(session.ctx, quiz('debian-finished'), checks);
      if (answer.known && answer.answer[0] !== 'running') return { done: answer.answer };
      return { last: { step: 'debian-finished', kind: 'quiz', passed: false, conditions: [] } };
    });
    // restartPolicy Never: debian wrote its line and exited 0.
    expect(debian).toEqual(['completed']);
    const container = await rightAnswer(session.ctx, quiz('default-container'), checks);
    expect(container).toEqual({ known: true, answer: ['nginx-container'] });
  });

  // The quiz's live answer against the real kubectl: it must name the container kubectl picks.
  it.skipIf(!KUBECTL)(
    `the default container is the one kubectl picks${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
    {
      timeout: 180_000,
    },
    async () => {
      await freshNamespace();
      const write = task('write-and-serve');
      await session.solve(lesson, write);
      await until('the page is served', async () => {
        const grade = await session.grade(lesson, write);
        return grade.passed ? { done: grade } : { last: grade };
      });
      const checks = await session.checksFor(lesson);
      const liveAnswer = async () => rightAnswer(session.ctx, quiz('default-container'), checks);
      const cat = ['exec', 'share-volume', '--', 'cat', '/usr/share/nginx/html/index.html'];
      expect(await liveAnswer()).toEqual({ known: true, answer: ['nginx-container'] });
      expect(await cluster.kubectl(cat)).toEqual({
        code: 0,
        stdout: 'Hello from the debian container\n',
        stderr: 'Defaulted container "nginx-container" out of: nginx-container, debian-container\n',
      });
      // With the annotation kubectl says nothing and goes to debian-container, which has exited.
      const annotate = [
        'annotate',
        'pod',
        'share-volume',
        'kubectl.kubernetes.io/default-container=debian-container',
      ];
      expect((await cluster.kubectl(annotate)).code).toBe(0);
      expect(await liveAnswer()).toEqual({ known: true, answer: ['debian-container'] });
      const refused = await cluster.kubectl(cat);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('container not found ("debian-container")');
    },
  );

  it('write-from-nginx: a line appended through kubectl exec -c nginx-container', {
    timeout: 600_000,
  }, async () => {
    await proveTask(task('write-from-nginx'));
  });

  it('host-path: hostPath /data of type Directory is refused while the node lacks /data', {
    timeout: 600_000,
  }, async () => {
    await proveTask(task('host-path'));
  });

  it("make-data-dir, the learner's way: the starter files, with nodeName read from share-volume", {
    timeout: 600_000,
  }, async () => {
    const step = task('make-data-dir');
    await freshNamespace();
    await forgetDataOnEveryNode();
    await applyEdited('files/share-volume-hostpath.yaml', () => {});
    await until('share-volume is refused its mount', async () => {
      const grade = await session.grade(lesson, task('host-path'));
      const refused = grade.conditions.find((c) => c.id === 'mount-checked')?.facts[0]?.en ?? '';
      return refused.includes('hostPath type check failed: /data is not a directory')
        ? { done: true }
        : { last: grade };
    });
    const shareVolume = await session.ctx.pod('share-volume');
    const node = shareVolume?.spec?.nodeName;
    expect(node).toBeTruthy();

    // First the near-miss a learner makes on the right node: mkdir /data inside the container.
    const inContainer = step.nearMisses.find((n) => n.id === 'mkdir-in-container');
    if (!inContainer) throw new Error('near-miss mkdir-in-container is gone');
    await applyEdited('files/make-data.yaml', (pod) => {
      pod.spec.nodeName = node;
      const [container] = pod.spec.containers as { command: string[] }[];
      if (container) container.command = ['mkdir', '-p', '/data'];
    });
    await waitForPod('make-data', 'succeeded');
    await failsWith(step, 'mount-works', inContainer.message);

    // Then the starter file with nodeName uncommented: /data appears, the kubelet's retry mounts it.
    await session.cluster.deleteObject('Pod', 'make-data', {
      gracePeriodSeconds: 0,
      waitUntilGone: true,
    });
    await applyEdited('files/make-data.yaml', (pod) => {
      pod.spec.nodeName = node;
    });
    await until('make-data-dir passes', async () => {
      const grade = await session.grade(lesson, step);
      return grade.passed ? { done: grade } : { last: grade };
    });
  });

  // The reference solution puts make-data on share-volume's node with a required podAffinity (a
  // file cannot know the node's name). This needs the scheduler's InterPodAffinity filter.
  it('make-data-dir: the reference solution and its near-misses', {
    timeout: 600_000,
  }, async () => {
    const step = task('make-data-dir');
    await freshNamespace();
    await forgetDataOnEveryNode();
    await session.solve(lesson, step);
    const nodeOf = async (pod: string) => (await session.ctx.pod(pod))?.spec?.nodeName;
    expect(
      await nodeOf('make-data'),
      "make-data follows its required podAffinity to share-volume's node (the scheduler's InterPodAffinity filter)",
    ).toBe(await nodeOf('share-volume'));
    await proveTask(step);
  });
});
