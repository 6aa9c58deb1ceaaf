import { parseAllDocuments } from 'yaml';
import { ApiFailure } from './api-failure.js';
import type { ClusterClient, KubeObject } from './cluster-client.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const FIELD_MANAGER = 'kubectl-client-side-apply';

export interface ApplyOptions {
  /** Added to every object, so reset can find it. */
  labels?: Record<string, string>;
  /**
   * When the cluster refuses the update (an immutable Pod field), delete the object and create
   * it again, as `kubectl replace --force` would: a reference solution must reach its state.
   */
  recreateOnConflict?: boolean;
}

export type ApplyOutcome = 'created' | 'configured' | 'unchanged' | 'recreated';

/** The documents of a manifest file; a YAML error becomes kubectl's `error parsing` message. */
export function parseManifest(text: string, file: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      const first = document.errors[0];
      throw new ApiFailure(
        400,
        'BadRequest',
        `error parsing ${file}: ${first?.message}`,
        undefined,
      );
    }
    const value = document.toJS() as unknown;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new ApiFailure(400, 'BadRequest', `error parsing ${file}: not an object`, undefined);
    }
    objects.push(value as KubeObject);
  }
  return objects;
}

/**
 * `kubectl apply` for one object, done with the API: create it with strict field validation
 * and the last-applied annotation, or patch it towards the manifest (fields dropped since the
 * last apply are removed), as kubectl's client-side apply does.
 */
export async function applyObject(
  cluster: ClusterClient,
  manifest: KubeObject,
  options: ApplyOptions = {},
): Promise<ApplyOutcome> {
  const object = prepare(manifest, options.labels ?? {});
  const { apiVersion = '', kind = '' } = object;
  const name = object.metadata?.name ?? '';
  const info = await cluster.paths.resolve(apiVersion, kind);
  if (info.namespaced) object.metadata = { ...object.metadata, namespace: cluster.namespace };
  const collection = await cluster.paths.path(apiVersion, kind, cluster.namespace);
  const query = `?fieldValidation=Strict&fieldManager=${FIELD_MANAGER}`;
  const live = await cluster.read<KubeObject>(`${collection}/${encodeURIComponent(name)}`);
  if (!live) {
    await cluster.request({ method: 'POST', path: `${collection}${query}`, body: object });
    return 'created';
  }
  const previous = parseLastApplied(live);
  const patch = removals(previous, object) as KubeObject;
  if (isSubset(object, live) && Object.keys(removalsOnly(previous, object)).length === 0) {
    return 'unchanged';
  }
  try {
    await cluster.request({
      method: 'PATCH',
      path: `${collection}/${encodeURIComponent(name)}${query}`,
      body: patch,
      contentType: 'application/strategic-merge-patch+json',
    });
    return 'configured';
  } catch (error) {
    const refused = error instanceof ApiFailure && (error.status === 422 || error.status === 409);
    if (!refused || !options.recreateOnConflict) throw error;
    await cluster.deleteObject(kind, name, {
      apiVersion,
      gracePeriodSeconds: 0,
      waitUntilGone: true,
    });
    await cluster.request({ method: 'POST', path: `${collection}${query}`, body: object });
    return 'recreated';
  }
}

function prepare(manifest: KubeObject, labels: Record<string, string>): KubeObject {
  const object = structuredClone(manifest);
  object.metadata ??= {};
  const metadata = object.metadata;
  if (Object.keys(labels).length > 0) metadata.labels = { ...metadata.labels, ...labels };
  const annotations = { ...metadata.annotations };
  delete annotations[LAST_APPLIED];
  const lastApplied = structuredClone(object);
  if (lastApplied.metadata) {
    lastApplied.metadata.annotations = Object.keys(annotations).length ? annotations : {};
    if (Object.keys(annotations).length === 0) delete lastApplied.metadata.annotations;
  }
  metadata.annotations = { ...annotations, [LAST_APPLIED]: `${JSON.stringify(lastApplied)}\n` };
  return object;
}

function parseLastApplied(live: KubeObject): Record<string, unknown> {
  const text = live.metadata?.annotations?.[LAST_APPLIED];
  if (!text) return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The new object plus `null` for every map key the last apply set and this one dropped. */
function removals(previous: unknown, next: unknown): unknown {
  if (!isMap(previous) || !isMap(next)) return next;
  const out: Record<string, unknown> = { ...next };
  for (const key of Object.keys(previous)) {
    if (!(key in next)) out[key] = null;
    else out[key] = removals(previous[key], next[key]);
  }
  return out;
}

function removalsOnly(previous: unknown, next: unknown): Record<string, unknown> {
  if (!isMap(previous) || !isMap(next)) return {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(previous)) {
    if (!(key in next)) out[key] = null;
    else {
      const inner = removalsOnly(previous[key], next[key]);
      if (Object.keys(inner).length > 0) out[key] = inner;
    }
  }
  return out;
}

/** Whether every field the manifest sets already has that value in the live object. */
function isSubset(wanted: unknown, live: unknown): boolean {
  if (isMap(wanted)) {
    return isMap(live) && Object.entries(wanted).every(([k, v]) => isSubset(v, live[k]));
  }
  if (Array.isArray(wanted)) {
    return (
      Array.isArray(live) &&
      wanted.length === live.length &&
      wanted.every((item, i) => isSubset(item, live[i]))
    );
  }
  return wanted === live;
}
