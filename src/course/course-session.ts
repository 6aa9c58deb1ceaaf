import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CheckContext, checkContext } from '../../checks/lib/check-context.js';
import type { LessonChecks } from '../../checks/lib/define-checks.js';
import { ApiFailure } from '../cluster/api-failure.js';
import { parseManifest } from '../cluster/apply-manifest.js';
import { type CapabilityReport, probeCapabilities } from '../cluster/capabilities.js';
import { ClusterClient } from '../cluster/cluster-client.js';
import { lessonSelector, MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../cluster/course-labels.js';
import { loadChecks } from './checks-loader.js';
import { gradeQuiz, gradeTask, rightAnswer, type StepGrade } from './grade-step.js';
import type { Action, Lesson, QuizStep, Step } from './lesson-types.js';
import type { LocalizedText } from './localized-text.js';
import { type ActionOptions, performAction } from './perform-action.js';
import { stepOf } from './progress-document.js';
import type { ProgressStore } from './progress-store.js';

export interface SessionTarget {
  kubeconfig: string;
  context: string | undefined;
  namespace: string;
  /** The progress key of the backend (`sim`, `kind`, `context:<name>`). */
  key: string;
}

/** A lesson's needs the cluster cannot meet, with the reasons (empty: available). */
export type Unavailable = { capability: string; reason: LocalizedText }[];

/**
 * One learner on one cluster: grading, solving and resetting lessons through the API, and
 * recording progress. Every command that touches a cluster works through this.
 */
export class CourseSession {
  readonly ctx: CheckContext;
  private readonly checks = new Map<string, Promise<LessonChecks>>();
  private capabilities: Promise<CapabilityReport> | undefined;

  private constructor(
    readonly cluster: ClusterClient,
    readonly target: SessionTarget,
    readonly progress: ProgressStore,
  ) {
    this.ctx = checkContext(cluster);
  }

  static async open(target: SessionTarget, progress: ProgressStore): Promise<CourseSession> {
    const cluster = await ClusterClient.connect({
      kubeconfigPath: target.kubeconfig,
      namespace: target.namespace,
      ...(target.context ? { context: target.context } : {}),
    });
    return new CourseSession(cluster, target, progress);
  }

  checksFor(lesson: Lesson): Promise<LessonChecks> {
    let entry = this.checks.get(lesson.id);
    if (!entry) {
      entry = loadChecks(lesson);
      this.checks.set(lesson.id, entry);
    }
    return entry;
  }

  /** The namespace exists (created, labelled, when the learner may create it). */
  async ensureNamespace(): Promise<void> {
    const path = `/api/v1/namespaces/${encodeURIComponent(this.cluster.namespace)}`;
    try {
      if (await this.cluster.read(path)) return;
    } catch (error) {
      if (!(error instanceof ApiFailure && error.status === 403)) throw error;
    }
    await this.cluster.request({
      method: 'POST',
      path: '/api/v1/namespaces',
      body: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: this.cluster.namespace,
          labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
        },
      },
    });
  }

  capabilityReport(): Promise<CapabilityReport> {
    this.capabilities ??= probeCapabilities(this.cluster);
    return this.capabilities;
  }

  async unavailable(lesson: Lesson): Promise<Unavailable> {
    if (lesson.needs.length === 0) return [];
    const report = await this.capabilityReport();
    return lesson.needs
      .filter((need) => !report[need].available)
      .map((need) => ({
        capability: need,
        reason: report[need].reason ?? { en: need, zh: need },
      }));
  }

  private key(lesson: Lesson, step: Step) {
    return {
      backend: this.target.key,
      namespace: this.target.namespace,
      lesson: lesson.id,
      step: step.id,
    };
  }

  async stepProgress(lesson: Lesson, step: Step) {
    const read = await this.progress.read();
    return stepOf(read.document, this.key(lesson, step));
  }

  /** Grades a step now; `record` counts the attempt and marks a pass in progress. */
  async grade(lesson: Lesson, step: Step, options: { record?: boolean } = {}): Promise<StepGrade> {
    let grade: StepGrade;
    if (step.kind === 'task') {
      grade = await gradeTask(this.ctx, step, await this.checksFor(lesson));
    } else if (step.kind === 'quiz') {
      grade = gradeQuiz(step, await this.stepProgress(lesson, step));
    } else {
      grade = { step: step.id, kind: 'read', passed: true, conditions: [] };
    }
    if (options.record && step.kind === 'task') {
      const now = new Date().toISOString();
      await this.progress.updateStep(this.key(lesson, step), (record) => {
        record.attempts += 1;
        if (grade.passed && record.status !== 'passed') {
          record.status = 'passed';
          record.passedAt = now;
        }
      });
    }
    return grade;
  }

  /** Records a quiz answer; passed when right. */
  async recordAnswer(lesson: Lesson, step: Step, answer: string[], correct: boolean) {
    const now = new Date().toISOString();
    await this.progress.updateStep(this.key(lesson, step), (record) => {
      record.attempts += 1;
      record.answer = answer;
      if (correct && record.status !== 'passed') {
        record.status = 'passed';
        record.passedAt = now;
      }
    });
  }

  async markStep(lesson: Lesson, step: Step, change: Parameters<ProgressStore['updateStep']>[1]) {
    await this.progress.updateStep(this.key(lesson, step), change);
  }

  /** The lesson's setup, once per fresh lesson (idempotent: apply and wait). */
  async setUp(lesson: Lesson, options: ActionOptions = {}) {
    for (const action of lesson.setup) await performAction(this.cluster, lesson, action, options);
  }

  /**
   * Performs a step's reference solution: a task's actions, a quiz's right answer. Read
   * steps are marked as read.
   */
  async solve(
    lesson: Lesson,
    step: Step,
    options: ActionOptions & { answerWaitMs?: number } = {},
  ): Promise<void> {
    if (step.kind === 'task') {
      for (const action of step.solution) {
        await performAction(this.cluster, lesson, action, { recreateOnConflict: true, ...options });
      }
      return;
    }
    if (step.kind === 'quiz') {
      const right = await this.liveAnswer(lesson, step, options.answerWaitMs ?? ANSWER_WAIT_MS);
      if (!right.known) throw new SolveBlocked(right.why);
      await this.recordAnswer(
        lesson,
        step,
        right.answer.slice(0, step.answerType === 'text' ? 1 : undefined),
        true,
      );
      return;
    }
    await this.markStep(lesson, step, (record) => {
      record.status = 'passed';
      record.passedAt ??= new Date().toISOString();
    });
  }

  /**
   * The right answer of a quiz; a live one may not be readable yet (a crash or a failed pull
   * still to happen), so it is asked again until `waitMs` has passed.
   */
  async liveAnswer(lesson: Lesson, step: QuizStep, waitMs: number) {
    const checks = await this.checksFor(lesson);
    const deadline = Date.now() + waitMs;
    for (;;) {
      const right = await rightAnswer(this.ctx, step, checks);
      if (right.known || Date.now() >= deadline) return right;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /**
   * Removes what the lesson made: every object labelled with it, then its cleanup actions
   * (names the learner created with kubectl). Nothing else in the namespace is touched.
   */
  async resetCluster(lesson: Lesson, options: ActionOptions = {}): Promise<number> {
    const removed = await this.removeLabelled(lesson, options);
    for (const action of lesson.cleanup) {
      await performAction(this.cluster, lesson, action, { ...options, immediate: true });
    }
    return removed;
  }

  /** Deletes, at once, every object labelled with the lesson (resetCluster without cleanup). */
  async removeLabelled(lesson: Lesson, options: ActionOptions = {}): Promise<number> {
    let removed = 0;
    for (const kind of LABELLED_KINDS) {
      const objects = await this.cluster
        .listObjects(kind, { labelSelector: lessonSelector(lesson.id) })
        // A kind this cluster does not serve holds nothing of ours.
        .catch((error: unknown) => {
          if (error instanceof ApiFailure && error.status === 404) return [];
          throw error;
        });
      for (const object of objects) {
        const name = object.metadata?.name;
        if (name && (await this.cluster.deleteObject(kind, name, NOW))) {
          removed += 1;
          options.onProgress?.(`${kind.toLowerCase()}/${name} deleted`);
        }
      }
    }
    return removed;
  }

  /**
   * Removes what one task step's solution makes (the objects its manifests and `create`
   * actions name), so a following check of that step fails again; the rest of the lesson stays.
   */
  async resetStep(lesson: Lesson, step: Step, options: ActionOptions = {}): Promise<number> {
    return step.kind === 'task' ? this.removeObjectsMadeBy(lesson, step.solution, options) : 0;
  }

  /** Deletes, at once, every object the given actions create (their manifests, `create`s). */
  async removeObjectsMadeBy(lesson: Lesson, actions: Action[], options: ActionOptions = {}) {
    let removed = 0;
    for (const target of await objectsMadeBy(lesson, actions)) {
      if (
        await this.cluster.deleteObject(target.kind, target.name, {
          apiVersion: target.apiVersion,
          ...NOW,
        })
      ) {
        removed += 1;
        options.onProgress?.(`${target.kind.toLowerCase()}/${target.name} deleted`);
      }
    }
    return removed;
  }

  /** Clears the progress of a lesson (or one step), so it starts over. */
  async clearProgress(lesson: Lesson, step?: Step) {
    await this.progress.update((document) => {
      const ns = document.backends[this.target.key]?.[this.target.namespace];
      const record = ns?.lessons[lesson.id];
      if (!record) return;
      if (step) delete record.steps[step.id];
      else delete ns.lessons[lesson.id];
    });
  }
}

async function objectsMadeBy(lesson: Lesson, actions: Action[]) {
  const made: { apiVersion: string; kind: string; name: string }[] = [];
  for (const action of actions) {
    if (action.type === 'create')
      made.push({ apiVersion: 'v1', kind: action.kind, name: action.name });
    if (action.type !== 'apply') continue;
    const text = await readFile(join(lesson.dir, action.file), 'utf8');
    for (const object of parseManifest(text, action.file)) {
      if (object.kind && object.metadata?.name) {
        made.push({
          apiVersion: object.apiVersion ?? 'v1',
          kind: object.kind,
          name: object.metadata.name,
        });
      }
    }
  }
  return made;
}

/** How long `solve` waits for a live quiz answer to become readable. */
const ANSWER_WAIT_MS = 60_000;

/**
 * Resets delete at once and wait until the name is free: a lesson re-applies the same names
 * right after, and a `sleep` container would otherwise hold its Pod for the 30 s grace period.
 */
const NOW = { gracePeriodSeconds: 0, waitUntilGone: true };

/** Kinds the engine may create and therefore deletes by label on reset. */
const LABELLED_KINDS = [
  'Pod',
  'Secret',
  'ConfigMap',
  'ServiceAccount',
  'RoleBinding',
  'Role',
  'Service',
  'Deployment',
];

/** A quiz whose live answer cannot be read yet (e.g. the Pod it asks about is missing). */
export class SolveBlocked extends Error {
  constructor(readonly why: LocalizedText) {
    super(why.en);
  }
}
