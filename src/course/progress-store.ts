import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { serialized, withFileLock } from './file-lock.js';
import type { LocalizedText } from './localized-text.js';
import { progressMessages } from './messages.js';
import {
  emptyProgress,
  namespaceOf,
  PROGRESS_VERSION,
  type ProgressDocument,
  type ProgressKey,
  parseProgress,
  type StepProgress,
} from './progress-document.js';
import { type MergeSummary, mergeProgress } from './progress-merge.js';

/** Said once when the file on disk could not be used; it was kept aside, never deleted. */
export interface ProgressNotice {
  kind: 'corrupt' | 'newer';
  keptAs: string;
  message: LocalizedText;
}

export interface ProgressRead {
  document: ProgressDocument;
  notice?: ProgressNotice;
}

/** A failure the learner can act on (an import file that cannot be used). */
export class ProgressError extends Error {
  constructor(readonly text: LocalizedText) {
    super(text.en);
    this.name = 'ProgressError';
  }
}

/** The marker of an exported file, so `import` can tell it from any other JSON. */
const EXPORT_KIND = 'pod-course-progress';

/**
 * Progress under the pod-course home, in `progress.json`. Every change is a locked
 * read-modify-write followed by an atomic replace, so concurrent writers (in this process or
 * another) neither corrupt the file nor lose each other's updates.
 */
export class ProgressStore {
  readonly file: string;
  private readonly now: () => Date;

  constructor(home: string, options: { now?: () => Date } = {}) {
    this.file = join(home, 'progress.json');
    this.now = options.now ?? (() => new Date());
  }

  /** The current progress; a corrupt or newer file is moved aside and reported. */
  read(): Promise<ProgressRead> {
    return this.locked(() => this.readUnlocked());
  }

  /** Applies `change` to the latest progress and saves it atomically. */
  update(change: (document: ProgressDocument) => void): Promise<ProgressRead> {
    return this.locked(async () => {
      const read = await this.readUnlocked();
      change(read.document);
      await this.write(read.document);
      return read;
    });
  }

  /**
   * Changes one step's record, creating it (status `started`, `startedAt` now) when absent,
   * and makes it the resume position.
   */
  updateStep(key: ProgressKey, change: (step: StepProgress) => void): Promise<ProgressRead> {
    return this.update((document) => {
      const ns = namespaceOf(document, key.backend, key.namespace);
      const lesson = ns.lessons[key.lesson] ?? { steps: {} };
      ns.lessons[key.lesson] = lesson;
      const step = lesson.steps[key.step] ?? {
        status: 'started',
        attempts: 0,
        hintsUsed: 0,
        timeSpentMs: 0,
        startedAt: this.now().toISOString(),
      };
      change(step);
      lesson.steps[key.step] = step;
      ns.current = { lesson: key.lesson, step: key.step };
    });
  }

  /** Writes all progress to `file` as one JSON document (`progress export FILE`). */
  async exportTo(file: string): Promise<ProgressRead> {
    const read = await this.read();
    const exported = {
      kind: EXPORT_KIND,
      version: PROGRESS_VERSION,
      exportedAt: this.now().toISOString(),
      backends: read.document.backends,
    };
    await writeFileAtomic(file, `${JSON.stringify(exported, null, 2)}\n`);
    return read;
  }

  /**
   * Merges an exported file (or a progress.json kept aside) into the progress here, by the
   * rules in progress-merge.ts. A file that cannot be used changes nothing and throws
   * ProgressError.
   */
  async importFrom(file: string): Promise<MergeSummary & { notice?: ProgressNotice }> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new ProgressError(progressMessages.importUnreadable(file, (error as Error).message));
    }
    const parsed = parseProgress(text);
    if (!parsed.ok && parsed.reason === 'newer') {
      throw new ProgressError(progressMessages.importNewer(file, parsed.version, PROGRESS_VERSION));
    }
    if (!parsed.ok) throw new ProgressError(progressMessages.importUnreadable(file, parsed.detail));
    let summary: MergeSummary = { added: 0, updated: 0 };
    const read = await this.update((document) => {
      summary = mergeProgress(document, parsed.document);
    });
    return read.notice ? { ...summary, notice: read.notice } : summary;
  }

  private locked<T>(work: () => Promise<T>): Promise<T> {
    return serialized(this.file, async () => {
      await mkdir(join(this.file, '..'), { recursive: true });
      return withFileLock(`${this.file}.lock`, work);
    });
  }

  private async readUnlocked(): Promise<ProgressRead> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { document: emptyProgress() };
      throw error;
    }
    const parsed = parseProgress(text);
    if (parsed.ok) return { document: parsed.document };
    const keptAs = await this.keepAside();
    const message =
      parsed.reason === 'newer'
        ? progressMessages.newer(keptAs, parsed.version, PROGRESS_VERSION)
        : progressMessages.corrupt(keptAs, parsed.detail);
    return { document: emptyProgress(), notice: { kind: parsed.reason, keptAs, message } };
  }

  /** Renames the unusable file to `progress.json.corrupt-<timestamp>`, never over another. */
  private async keepAside() {
    const stamp = this.now().toISOString().replace(/[:.]/g, '-');
    let target = `${this.file}.corrupt-${stamp}`;
    for (let n = 1; await exists(target); n++) target = `${this.file}.corrupt-${stamp}-${n}`;
    await rename(this.file, target);
    return target;
  }

  private write(document: ProgressDocument) {
    return writeFileAtomic(this.file, `${JSON.stringify(document, null, 2)}\n`);
  }
}

async function exists(path: string) {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
