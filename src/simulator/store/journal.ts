import { open } from 'node:fs/promises';
import { isPlainObject, type KubeObject } from '../kube-object.js';
import { StateError } from './errors.js';

/**
 * `journal.jsonl`: the writes since the snapshot, one JSON object per line, in resourceVersion
 * order:
 *
 *   {"rv":43,"op":"put","resource":"pods","object":{…the object as stored…}}
 *   {"rv":44,"op":"delete","resource":"pods","namespace":"default","name":"web"}
 *
 * A line whose rv is not above the snapshot's is skipped on load: a crash between writing a
 * snapshot and truncating the journal leaves such lines behind, and they are already in the
 * snapshot.
 *
 * Only the tail can be torn: a batch is written with one append and fsynced before the next
 * batch starts, so a process killed mid-write leaves at most a partial last line (no newline).
 * Unparsable lines at the very end are therefore dropped as torn, while an unparsable line
 * followed by a good one means the file was damaged some other way, and loading refuses.
 */

export type JournalRecord =
  | {
      readonly rv: number;
      readonly op: 'put';
      readonly resource: string;
      readonly object: KubeObject;
    }
  | {
      readonly rv: number;
      readonly op: 'delete';
      readonly resource: string;
      readonly namespace: string;
      readonly name: string;
    };

export function putLine(rv: number, resource: string, json: string): string {
  return `{"rv":${rv},"op":"put","resource":${JSON.stringify(resource)},"object":${json}}\n`;
}

export function deleteLine(rv: number, resource: string, namespace: string, name: string): string {
  return `${JSON.stringify({ rv, op: 'delete', resource, namespace, name })}\n`;
}

export interface ParsedJournal {
  /** Records above the snapshot's resourceVersion, in order. */
  readonly records: JournalRecord[];
  /** How many lines were dropped as a torn tail (0 normally). */
  readonly tornLines: number;
}

const REPAIR =
  'The simulator cannot load it safely. Move the state directory aside (or delete it) to start with an empty cluster.';

function toRecord(value: unknown): JournalRecord | undefined {
  if (!isPlainObject(value)) return undefined;
  const { rv, op, resource } = value;
  if (!Number.isSafeInteger(rv) || (rv as number) <= 0 || typeof resource !== 'string') {
    return undefined;
  }
  if (op === 'put' && isPlainObject(value.object) && isPlainObject(value.object.metadata)) {
    if (typeof value.object.metadata.name !== 'string') return undefined;
    return { rv: rv as number, op, resource, object: value.object as unknown as KubeObject };
  }
  if (op === 'delete' && typeof value.namespace === 'string' && typeof value.name === 'string') {
    return { rv: rv as number, op, resource, namespace: value.namespace, name: value.name };
  }
  return undefined;
}

export function parseJournal(text: string, file: string, afterRV: number): ParsedJournal {
  const lines = text.split('\n');
  // The segment after the last newline is '' for a cleanly ended file.
  if (lines[lines.length - 1] === '') lines.pop();
  const parsed: Array<{ value: unknown; ok: boolean }> = lines.map((line) => {
    try {
      return { value: JSON.parse(line), ok: true };
    } catch {
      return { value: undefined, ok: false };
    }
  });
  let end = parsed.length;
  while (end > 0 && !parsed[end - 1]?.ok) end--;
  const tornLines = parsed.length - end;

  const records: JournalRecord[] = [];
  let previous = 0;
  for (let i = 0; i < end; i++) {
    const entry = parsed[i];
    const lineNo = i + 1;
    if (!entry?.ok) {
      throw new StateError(
        file,
        `${file} is damaged: line ${lineNo} is not valid JSON, and later lines are. ${REPAIR}`,
      );
    }
    const record = toRecord(entry.value);
    if (record === undefined) {
      throw new StateError(
        file,
        `${file} is damaged: line ${lineNo} is not a store journal record. ${REPAIR}`,
      );
    }
    if (record.rv <= previous) {
      throw new StateError(
        file,
        `${file} is damaged: line ${lineNo} has resourceVersion ${record.rv} after ${previous}. ${REPAIR}`,
      );
    }
    previous = record.rv;
    if (record.rv > afterRV) records.push(record);
  }
  return { records, tornLines };
}

/** The journal opened for appending. Each `append` returns once the data is on disk. */
export class JournalWriter {
  private size_: number;

  private constructor(
    private readonly handle: Awaited<ReturnType<typeof open>>,
    size: number,
  ) {
    this.size_ = size;
  }

  static async open(path: string): Promise<JournalWriter> {
    // 'a' = O_APPEND: every write lands at the end, also after a truncate.
    const handle = await open(path, 'a');
    const { size } = await handle.stat();
    return new JournalWriter(handle, size);
  }

  /** Bytes in the file, for the compaction trigger. */
  get size(): number {
    return this.size_;
  }

  /**
   * One write (looping only on a short write) and one fdatasync: that flushes the data and the
   * file size, which is all a later read needs, without the inode timestamps fsync would add.
   */
  async append(data: string): Promise<void> {
    const buffer = Buffer.from(data, 'utf8');
    let offset = 0;
    while (offset < buffer.length) {
      const { bytesWritten } = await this.handle.write(buffer, offset, buffer.length - offset);
      offset += bytesWritten;
    }
    await this.handle.datasync();
    this.size_ += buffer.length;
  }

  /** Empties the journal once a snapshot covers it. */
  async truncate(): Promise<void> {
    await this.handle.truncate(0);
    await this.handle.sync();
    this.size_ = 0;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
