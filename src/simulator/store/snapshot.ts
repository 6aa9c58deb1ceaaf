import { isPlainObject, type KubeObject } from '../kube-object.js';
import { StateError } from './errors.js';
import { FORMAT_NAME, FORMAT_VERSION } from './state-files.js';

/**
 * `snapshot.json`: every object as of one resourceVersion, one object per line so it can be
 * read and diffed by a human:
 *
 *   {"format":"pod-course-store","version":1,"resourceVersion":"42","objects":[
 *   {"resource":"pods","object":{…}},
 *   {"resource":"namespaces","object":{…}}
 *   ]}
 *
 * It is always replaced atomically (state-files.ts `writeFileAtomic`), so it either parses or
 * someone damaged it by hand.
 */

export interface SnapshotObject {
  readonly resource: string;
  readonly object: KubeObject;
}

export interface Snapshot {
  readonly resourceVersion: number;
  readonly objects: readonly SnapshotObject[];
}

/** Builds the file from already-serialised objects, so a compaction costs no re-encoding. */
export function serializeSnapshot(
  resourceVersion: number,
  objects: Iterable<{ resource: string; json: string }>,
): string {
  const lines: string[] = [];
  for (const { resource, json } of objects) {
    lines.push(`{"resource":${JSON.stringify(resource)},"object":${json}}`);
  }
  const head = `{"format":"${FORMAT_NAME}","version":${FORMAT_VERSION},"resourceVersion":"${resourceVersion}","objects":[`;
  return lines.length === 0 ? `${head}]}\n` : `${head}\n${lines.join(',\n')}\n]}\n`;
}

const REPAIR =
  'The simulator cannot load it. Move the state directory aside (or delete it) to start with an empty cluster.';

export function parseSnapshot(text: string, file: string): Snapshot {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new StateError(file, `${file} is damaged: it is not valid JSON (${why}). ${REPAIR}`);
  }
  if (!isPlainObject(doc) || doc.format !== FORMAT_NAME) {
    throw new StateError(file, `${file} is not a pod-course store snapshot. ${REPAIR}`);
  }
  if (doc.version !== FORMAT_VERSION) {
    throw new StateError(
      file,
      `${file} is in snapshot format version ${JSON.stringify(doc.version)}; this pod-course reads version ${FORMAT_VERSION}. ${REPAIR}`,
    );
  }
  const rv = doc.resourceVersion;
  if (typeof rv !== 'string' || !/^\d+$/.test(rv) || !Number.isSafeInteger(Number(rv))) {
    throw new StateError(file, `${file} has no valid resourceVersion. ${REPAIR}`);
  }
  if (!Array.isArray(doc.objects)) {
    throw new StateError(file, `${file} has no "objects" list. ${REPAIR}`);
  }
  const objects: SnapshotObject[] = [];
  for (const [index, entry] of doc.objects.entries()) {
    if (
      !isPlainObject(entry) ||
      typeof entry.resource !== 'string' ||
      !isPlainObject(entry.object) ||
      !isPlainObject(entry.object.metadata) ||
      typeof entry.object.metadata.name !== 'string'
    ) {
      throw new StateError(
        file,
        `${file} is damaged: object #${index + 1} is not a {resource, object} entry with metadata.name. ${REPAIR}`,
      );
    }
    objects.push({ resource: entry.resource, object: entry.object as unknown as KubeObject });
  }
  return { resourceVersion: Number(rv), objects };
}
