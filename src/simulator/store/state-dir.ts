import { join } from 'node:path';
import type { KubeObject } from '../kube-object.js';
import { StateError } from './errors.js';
import { JournalWriter, parseJournal } from './journal.js';
import { acquireLock, type StoreLock } from './lock.js';
import { ObjectTables } from './object-tables.js';
import { parseSnapshot, serializeSnapshot } from './snapshot.js';
import {
  asStateError,
  ensureDir,
  FORMAT_FILE,
  fsyncDir,
  JOURNAL_FILE,
  readFormat,
  readOptional,
  SNAPSHOT_FILE,
  writeFileAtomic,
  writeFormat,
} from './state-files.js';
import { storageKey } from './store-key.js';

/**
 * Opening a state directory: check the marker, take the lock, load snapshot + journal, then
 * compact (new snapshot, empty journal) so the store starts from a clean, fully-parsable state.
 */

export interface OpenedState {
  readonly lock: StoreLock;
  readonly journal: JournalWriter;
  readonly tables: ObjectTables;
  readonly resourceVersion: number;
  readonly warnings: string[];
}

export async function openStateDir(dir: string): Promise<OpenedState> {
  try {
    return await load(dir);
  } catch (error) {
    throw asStateError(error, dir);
  }
}

async function load(dir: string): Promise<OpenedState> {
  await ensureDir(dir);
  // Before the lock: a foreign directory must not get our sim.pid dropped into it.
  const format = await readFormat(dir);
  const lock = await acquireLock(dir);
  let journal: JournalWriter | undefined;
  try {
    const snapshotPath = join(dir, SNAPSHOT_FILE);
    const journalPath = join(dir, JOURNAL_FILE);
    const snapshotText = await readOptional(snapshotPath);
    const journalText = await readOptional(journalPath);
    if (format === 'absent') {
      if (snapshotText !== undefined || journalText !== undefined) {
        const formatPath = join(dir, FORMAT_FILE);
        throw new StateError(
          formatPath,
          `${dir} has ${SNAPSHOT_FILE} or ${JOURNAL_FILE} but no ${FORMAT_FILE}, so they were not written by pod-course's store. Point the simulator at another state directory, or move this one aside.`,
        );
      }
      await writeFormat(dir);
    }

    const tables = new ObjectTables();
    let rv = 0;
    if (snapshotText !== undefined) {
      const snapshot = parseSnapshot(snapshotText, snapshotPath);
      rv = snapshot.resourceVersion;
      snapshot.objects.forEach(({ resource, object }, index) => {
        put(tables, resource, object, snapshotPath, `object #${index + 1}`);
      });
    }
    const warnings: string[] = [];
    if (journalText !== undefined) {
      const parsed = parseJournal(journalText, journalPath, rv);
      if (parsed.tornLines > 0) {
        warnings.push(
          `${journalPath}: dropped ${parsed.tornLines} incomplete line(s) at the end, left by an interrupted write; no acknowledged write was lost.`,
        );
      }
      for (const record of parsed.records) {
        if (record.op === 'put') {
          put(tables, record.resource, record.object, journalPath, `resourceVersion ${record.rv}`);
        } else {
          tables.delete(record.resource, storageKey(record.namespace, record.name));
        }
        rv = record.rv;
      }
    }

    if (snapshotText === undefined || (journalText !== undefined && journalText.length > 0)) {
      await writeFileAtomic(dir, SNAPSHOT_FILE, serializeSnapshot(rv, tables.all()));
    }
    journal = await JournalWriter.open(journalPath);
    if (journal.size > 0) await journal.truncate();
    // A journal created just now needs its directory entry on disk before anything is acked.
    if (journalText === undefined) await fsyncDir(dir);
    return { lock, journal, tables, resourceVersion: rv, warnings };
  } catch (error) {
    await journal?.close();
    await lock.release();
    throw error;
  }
}

function put(
  tables: ObjectTables,
  resource: string,
  object: KubeObject,
  file: string,
  where: string,
): void {
  const rvText = object.metadata.resourceVersion;
  if (typeof rvText !== 'string' || !/^\d+$/.test(rvText)) {
    throw new StateError(
      file,
      `${file} is damaged: ${where} (${resource} ${String(object.metadata.name)}) has no valid metadata.resourceVersion. Move the state directory aside (or delete it) to start with an empty cluster.`,
    );
  }
  const namespace = typeof object.metadata.namespace === 'string' ? object.metadata.namespace : '';
  const name = object.metadata.name as string;
  tables.set(resource, storageKey(namespace, name), {
    namespace,
    name,
    rv: Number(rvText),
    json: JSON.stringify(object),
  });
}
