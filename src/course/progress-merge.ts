import {
  type NamespaceProgress,
  namespaceOf,
  type ProgressDocument,
  type StepProgress,
  type StepStatus,
} from './progress-document.js';

/**
 * How `progress import` combines a file with the progress already here (lessons/README.md
 * § Progress repeats these rules):
 * - everything on either side is kept: backends, namespaces, lessons and steps are united;
 * - for a step on both sides the further status wins (passed > skipped > started), counters
 *   (attempts, hints used, time spent) take the larger value, dates the earlier one, and the
 *   quiz answer comes with the winning status (the local one on a tie);
 * - the resume position stays the local one; the imported one is used only when none is here.
 * Taking maxima rather than sums makes importing the same file twice change nothing.
 */

const RANK: Record<StepStatus, number> = { started: 0, skipped: 1, passed: 2 };

export interface MergeSummary {
  /** Steps that had no record here. */
  added: number;
  /** Steps whose record changed. */
  updated: number;
}

function earlier(a: string | undefined, b: string | undefined) {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a <= b ? a : b;
}

export function mergeStep(local: StepProgress, incoming: StepProgress): StepProgress {
  const winner = RANK[incoming.status] > RANK[local.status] ? incoming : local;
  const merged: StepProgress = {
    status: winner.status,
    attempts: Math.max(local.attempts, incoming.attempts),
    hintsUsed: Math.max(local.hintsUsed, incoming.hintsUsed),
    timeSpentMs: Math.max(local.timeSpentMs, incoming.timeSpentMs),
  };
  const startedAt = earlier(local.startedAt, incoming.startedAt);
  if (startedAt !== undefined) merged.startedAt = startedAt;
  const passedAt = earlier(local.passedAt, incoming.passedAt);
  if (passedAt !== undefined && merged.status === 'passed') merged.passedAt = passedAt;
  const answer = winner.answer ?? local.answer ?? incoming.answer;
  if (answer !== undefined) merged.answer = [...answer];
  return merged;
}

function mergeNamespace(target: NamespaceProgress, incoming: NamespaceProgress, sum: MergeSummary) {
  for (const [lessonId, lesson] of Object.entries(incoming.lessons)) {
    const here = target.lessons[lessonId] ?? { steps: {} };
    target.lessons[lessonId] = here;
    for (const [stepId, step] of Object.entries(lesson.steps)) {
      const existing = here.steps[stepId];
      if (!existing) {
        here.steps[stepId] = structuredClone(step);
        sum.added++;
        continue;
      }
      const merged = mergeStep(existing, step);
      if (JSON.stringify(merged) !== JSON.stringify(existing)) sum.updated++;
      here.steps[stepId] = merged;
    }
  }
  if (!target.current && incoming.current) target.current = { ...incoming.current };
}

/** Merges `incoming` into `target` in place. */
export function mergeProgress(target: ProgressDocument, incoming: ProgressDocument): MergeSummary {
  const sum: MergeSummary = { added: 0, updated: 0 };
  for (const [backend, namespaces] of Object.entries(incoming.backends)) {
    for (const [ns, progress] of Object.entries(namespaces)) {
      mergeNamespace(namespaceOf(target, backend, ns), progress, sum);
    }
  }
  return sum;
}
