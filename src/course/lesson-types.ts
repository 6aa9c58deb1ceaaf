import type { LocalizedText } from './localized-text.js';

/** The `format:` a lesson.yaml declares; a higher one needs a newer pod-course. */
export const LESSON_FORMAT = 1;

/**
 * What a lesson needs from a cluster. The engine learns each one through the API, never from
 * a backend's name (DESIGN.md § Backends, namespaces and capabilities).
 */
export const CAPABILITIES = ['exec', 'clock', 'node-access', 'node-labels', 'privileged'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** A reference to an object in the learner's namespace. */
export interface ObjectRef {
  kind: string;
  name: string;
}

/**
 * One operation the engine performs with client-node, in the learner's namespace: setup,
 * cleanup, reference solutions and near-misses are lists of these. Paths are relative to the
 * lesson folder and were checked to exist when the lesson loaded.
 */
export type Action =
  | { type: 'apply'; file: string }
  | { type: 'delete'; target: ObjectRef }
  | { type: 'create'; kind: 'Secret' | 'ConfigMap'; name: string; fromFiles: string[] }
  | { type: 'exec'; pod: string; container: string; command: string[] }
  | { type: 'wait'; target: ObjectRef; for: WaitFor; timeoutSeconds: number }
  /** Lets `seconds` pass: fast-forwarded where the cluster has a clock, waited for elsewhere. */
  | { type: 'advance'; seconds: number };

export const WAIT_FOR = ['exists', 'running', 'ready', 'succeeded', 'deleted'] as const;
export type WaitFor = (typeof WAIT_FOR)[number];

/** A named condition of a task step; the lesson's checks module implements it. */
export interface Condition {
  id: string;
  /** The label shown beside ✓/✗ ("Pod nginx-busybox exists"). */
  text: LocalizedText;
}

/** A plausible wrong answer: after `actions`, `condition` must fail with `message`. */
export interface NearMiss {
  id: string;
  text: LocalizedText;
  actions: Action[];
  condition: string;
  message: LocalizedText;
}

interface StepBase {
  id: string;
  /** 1-based position in the lesson; an alias of the id. */
  number: number;
  title: LocalizedText;
  text: LocalizedText;
  /** Starter files (names under `files/`) this step points at. */
  files: string[];
  /** Commands shown under "try" for the learner to type; never run by the engine. */
  try: string[];
}

export interface TaskStep extends StepBase {
  kind: 'task';
  conditions: Condition[];
  hints: LocalizedText[];
  solution: Action[];
  nearMisses: NearMiss[];
}

export interface QuizOption {
  id: string;
  text: LocalizedText;
}

export type QuizAnswer =
  /** Option ids (single/multiple) or accepted texts (text), fixed in the lesson. */
  | { source: 'static'; values: string[] }
  /** The name of a function in the lesson's checks module that reads the answer from the cluster. */
  | { source: 'live'; check: string };

export interface QuizStep extends StepBase {
  kind: 'quiz';
  question: LocalizedText;
  answerType: 'single' | 'multiple' | 'text';
  options: QuizOption[];
  answer: QuizAnswer;
  explanation: LocalizedText | undefined;
  hints: LocalizedText[];
}

export interface ReadStep extends StepBase {
  kind: 'read';
}

export type Step = TaskStep | QuizStep | ReadStep;
export type StepKind = Step['kind'];

export interface Lesson {
  id: string;
  /** From the folder name (`01-…` → 1); an alias of the id. */
  number: number;
  /** The folder name (`01-pod-and-infra-container`); an alias of the id. */
  folder: string;
  /** Absolute path of the lesson folder. */
  dir: string;
  title: LocalizedText;
  summary: LocalizedText;
  needs: Capability[];
  /** Starter files, names relative to `<dir>/files/`, copied into the workspace. */
  files: string[];
  setup: Action[];
  cleanup: Action[];
  steps: Step[];
}
