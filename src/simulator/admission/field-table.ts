/**
 * The field table of every Kubernetes 1.32 model: JSON field name → type string, as
 * `@kubernetes/client-node`'s generated models describe them (`V1PodSpec`, `Array<V1Container>`,
 * `{ [key: string]: string; }`, `number:int32`, `IntOrString`, `Date`, `any`…).
 *
 * The JSON is generated at build time by `scripts/gen-field-table.mjs`; importing client-node at
 * runtime would cost half a second of the simulator's start.
 */

import table from './generated/field-table.json' with { type: 'json' };

export type ModelFields = Readonly<Record<string, string>>;

const models: Readonly<Record<string, ModelFields>> = table;

/** Fields of a model (`V1Pod`), or undefined when the table has no such model. */
export function modelFields(model: string): ModelFields | undefined {
  return Object.hasOwn(models, model) ? models[model] : undefined;
}

export function hasModel(model: string): boolean {
  return Object.hasOwn(models, model);
}

export function modelNames(): string[] {
  return Object.keys(models);
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * The model that describes `apiVersion` + `kind`: `v1`/`Pod` → `V1Pod`, `apps/v1`/`Deployment` →
 * `V1Deployment`, `rbac.authorization.k8s.io/v1`/`Role` → `V1Role`. Where two groups share a kind,
 * client-node prefixes the group (`CoreV1Event` for `v1`, `EventsV1Event` for `events.k8s.io/v1`),
 * so the group-prefixed name is tried first.
 *
 * The table cannot tell which group serves a kind: the caller only asks for kinds it serves.
 */
export function modelNameFor(apiVersion: string, kind: string): string | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  const version = slash === -1 ? apiVersion : apiVersion.slice(slash + 1);
  if (!version || !kind) return undefined;
  const groupWord = capitalize(group === '' ? 'core' : (group.split('.')[0] ?? ''));
  const candidates = [`${groupWord}${capitalize(version)}${kind}`, `${capitalize(version)}${kind}`];
  return candidates.find((name) => hasModel(name));
}

/** `V1PodSpec` → `PodSpec`, `CoreV1Event` → `Event`, `V1beta1Lease` → `Lease`: Go's struct name. */
export function goStructName(model: string): string {
  const match = /^(?:[A-Z][a-z]+)*V\d+(?:(?:alpha|beta)\d+)?(?=[A-Z])/.exec(model);
  return match ? model.slice(match[0].length) : model;
}

/** `V1PodSpec` → `v1`, `V1beta1Lease` → `v1beta1`: the Go package name that qualifies the type. */
export function goPackageName(model: string): string {
  const match = /V(\d+(?:(?:alpha|beta)\d+)?)(?=[A-Z])/.exec(model);
  return match ? `v${match[1]}` : 'v1';
}
