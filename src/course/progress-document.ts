/**
 * The progress file's shape (`<home>/progress.json`): per backend, per namespace, per lesson
 * id, per step id — slugs, never positions, so renumbering lessons keeps progress.
 */

export const PROGRESS_VERSION = 1;

export type StepStatus = 'started' | 'skipped' | 'passed';
const STATUSES: readonly StepStatus[] = ['started', 'skipped', 'passed'];

export interface StepProgress {
  status: StepStatus;
  /** Times the step was graded (`check`, or a re-check by the runner's watch). */
  attempts: number;
  /** The highest hint level revealed (0: none). */
  hintsUsed: number;
  timeSpentMs: number;
  startedAt?: string;
  passedAt?: string;
  /** A quiz's last answer: option ids, or the text typed. */
  answer?: string[];
}

export interface NamespaceProgress {
  lessons: Record<string, { steps: Record<string, StepProgress> }>;
  /** Where the learner was, so `start` resumes there. */
  current?: { lesson: string; step: string };
}

export interface ProgressDocument {
  version: typeof PROGRESS_VERSION;
  /** backend key (e.g. `sim`, `kind`, `context:minikube`) → namespace → progress. */
  backends: Record<string, Record<string, NamespaceProgress>>;
}

/** Addresses one step's record. */
export interface ProgressKey {
  backend: string;
  namespace: string;
  lesson: string;
  step: string;
}

export function emptyProgress(): ProgressDocument {
  return { version: PROGRESS_VERSION, backends: {} };
}

export type ParsedProgress =
  | { ok: true; document: ProgressDocument }
  | { ok: false; reason: 'corrupt'; detail: string }
  | { ok: false; reason: 'newer'; version: number };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

class Corrupt extends Error {}

function record<T>(value: unknown, where: string, item: (v: unknown, w: string) => T) {
  if (!isRecord(value)) throw new Corrupt(`${where} is not an object`);
  const out: Record<string, T> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = item(inner, `${where}.${key}`);
  return out;
}

function count(value: unknown, where: string) {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Corrupt(`${where} is not a non-negative number`);
  }
  return value;
}

function step(value: unknown, where: string): StepProgress {
  if (!isRecord(value)) throw new Corrupt(`${where} is not an object`);
  const status = value.status;
  if (typeof status !== 'string' || !STATUSES.includes(status as StepStatus)) {
    throw new Corrupt(`${where}.status is not one of ${STATUSES.join(', ')}`);
  }
  const out: StepProgress = {
    status: status as StepStatus,
    attempts: count(value.attempts ?? 0, `${where}.attempts`),
    hintsUsed: count(value.hintsUsed ?? 0, `${where}.hintsUsed`),
    timeSpentMs: count(value.timeSpentMs ?? 0, `${where}.timeSpentMs`),
  };
  for (const key of ['startedAt', 'passedAt'] as const) {
    const stamp = value[key];
    if (stamp === undefined) continue;
    if (typeof stamp !== 'string') throw new Corrupt(`${where}.${key} is not a string`);
    out[key] = stamp;
  }
  if (value.answer !== undefined) {
    const answer = value.answer;
    if (!Array.isArray(answer) || !answer.every((a) => typeof a === 'string')) {
      throw new Corrupt(`${where}.answer is not a list of strings`);
    }
    out.answer = answer;
  }
  return out;
}

function namespace(value: unknown, where: string): NamespaceProgress {
  if (!isRecord(value)) throw new Corrupt(`${where} is not an object`);
  const out: NamespaceProgress = {
    lessons: record(value.lessons ?? {}, `${where}.lessons`, (lesson, w) => {
      if (!isRecord(lesson)) throw new Corrupt(`${w} is not an object`);
      return { steps: record(lesson.steps ?? {}, `${w}.steps`, step) };
    }),
  };
  const current = value.current;
  if (current !== undefined) {
    if (
      !isRecord(current) ||
      typeof current.lesson !== 'string' ||
      typeof current.step !== 'string'
    ) {
      throw new Corrupt(`${where}.current is not {lesson, step}`);
    }
    out.current = { lesson: current.lesson, step: current.step };
  }
  return out;
}

/**
 * Reads a progress document (the file, or an export of it). Unknown fields are dropped; a
 * wrong type anywhere makes the whole document corrupt, since guessing would lose data quietly.
 */
export function parseProgress(text: string): ParsedProgress {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'corrupt', detail: `not JSON: ${(error as Error).message}` };
  }
  if (!isRecord(json)) return { ok: false, reason: 'corrupt', detail: 'not a JSON object' };
  const version = json.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, reason: 'corrupt', detail: 'no valid "version" field' };
  }
  if (version > PROGRESS_VERSION) return { ok: false, reason: 'newer', version };
  try {
    const backends = record(json.backends ?? {}, 'backends', (b, w) => record(b, w, namespace));
    return { ok: true, document: { version: PROGRESS_VERSION, backends } };
  } catch (error) {
    if (error instanceof Corrupt) return { ok: false, reason: 'corrupt', detail: error.message };
    throw error;
  }
}

/** The namespace's progress, created when absent. */
export function namespaceOf(document: ProgressDocument, backend: string, ns: string) {
  const byNamespace = document.backends[backend] ?? {};
  document.backends[backend] = byNamespace;
  const progress = byNamespace[ns] ?? { lessons: {} };
  byNamespace[ns] = progress;
  return progress;
}

/** One step's record, or undefined when the learner never reached it. */
export function stepOf(document: ProgressDocument, key: ProgressKey): StepProgress | undefined {
  return document.backends[key.backend]?.[key.namespace]?.lessons[key.lesson]?.steps[key.step];
}
