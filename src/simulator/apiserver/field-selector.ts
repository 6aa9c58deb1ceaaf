import type { KubeObject } from '../kube-object.js';
import { badRequest } from './status.js';

/**
 * Field selectors (`?fieldSelector=metadata.name=web,status.phase!=Failed`). Each resource
 * supports a fixed set of fields, as the real registries do; any other field is refused with
 * the real message rather than silently matching everything.
 */

export interface FieldRequirement {
  field: string;
  value: string;
  negate: boolean;
}

type FieldReader = (object: KubeObject) => string;

const meta = (o: KubeObject) => o.metadata;
const at = (o: KubeObject, ...path: string[]) => {
  let v: unknown = o;
  for (const p of path) v = (v as Record<string, unknown> | undefined)?.[p];
  return v;
};
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

const COMMON: Record<string, FieldReader> = {
  'metadata.name': (o) => str(meta(o).name),
  'metadata.namespace': (o) => str(meta(o).namespace),
};

const BY_RESOURCE: Record<string, Record<string, FieldReader>> = {
  pods: {
    'spec.nodeName': (o) => str(at(o, 'spec', 'nodeName')),
    'spec.restartPolicy': (o) => str(at(o, 'spec', 'restartPolicy')),
    'spec.schedulerName': (o) => str(at(o, 'spec', 'schedulerName')),
    'spec.serviceAccountName': (o) => str(at(o, 'spec', 'serviceAccountName')),
    'spec.hostNetwork': (o) => String(at(o, 'spec', 'hostNetwork') === true),
    'status.phase': (o) => str(at(o, 'status', 'phase')),
    'status.podIP': (o) => str(at(o, 'status', 'podIP')),
    'status.nominatedNodeName': (o) => str(at(o, 'status', 'nominatedNodeName')),
  },
  events: {
    'involvedObject.kind': (o) => str(at(o, 'involvedObject', 'kind')),
    'involvedObject.namespace': (o) => str(at(o, 'involvedObject', 'namespace')),
    'involvedObject.name': (o) => str(at(o, 'involvedObject', 'name')),
    'involvedObject.uid': (o) => str(at(o, 'involvedObject', 'uid')),
    'involvedObject.apiVersion': (o) => str(at(o, 'involvedObject', 'apiVersion')),
    'involvedObject.resourceVersion': (o) => str(at(o, 'involvedObject', 'resourceVersion')),
    'involvedObject.fieldPath': (o) => str(at(o, 'involvedObject', 'fieldPath')),
    reason: (o) => str(o.reason),
    reportingComponent: (o) => str(o.reportingComponent),
    source: (o) => str(at(o, 'source', 'component')),
    type: (o) => str(o.type),
  },
  secrets: { type: (o) => str(o.type) },
  nodes: { 'spec.unschedulable': (o) => String(at(o, 'spec', 'unschedulable') === true) },
  namespaces: { 'status.phase': (o) => str(at(o, 'status', 'phase')) },
};

/** Undoes the escaping of `fields.EscapeValue` (`\,` `\=` `\\`). */
function unescapeValue(value: string) {
  return value.replace(/\\(.)/g, '$1');
}

export function parseFieldSelector(
  text: string | null | undefined,
  resource: string,
): FieldRequirement[] {
  if (!text?.trim()) return [];
  const readers = { ...COMMON, ...(BY_RESOURCE[resource] ?? {}) };
  const requirements: FieldRequirement[] = [];
  for (const term of text.split(/(?<!\\),/)) {
    const match = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/s.exec(term.trim());
    if (!match) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const field = match[1] ?? '';
    if (!readers[field]) throw badRequest(`field label not supported: ${field}`);
    requirements.push({ field, value: unescapeValue(match[3] ?? ''), negate: match[2] === '!=' });
  }
  return requirements;
}

export function matchesFields(
  requirements: FieldRequirement[],
  resource: string,
  object: KubeObject,
) {
  if (requirements.length === 0) return true;
  const readers = { ...COMMON, ...(BY_RESOURCE[resource] ?? {}) };
  return requirements.every((r) => {
    const read = readers[r.field];
    const actual = read ? read(object) : '';
    return r.negate ? actual !== r.value : actual === r.value;
  });
}
