import { goQuote } from '../admission/go-text.js';
import type { KubeObject } from '../kube-object.js';
import { badRequest } from './status.js';

/**
 * Field selectors (`?fieldSelector=metadata.name=web,status.phase!=Failed`): apimachinery's
 * `fields.ParseSelector` grammar, then each resource's field-label conversion — the registered
 * one for pods, nodes, events, namespaces and secrets, `DefaultMetaV1FieldSelectorConversion`
 * for the rest — so an unsupported field fails with the message that resource's real
 * conversion gives, never silently matching everything.
 */

export interface FieldRequirement {
  field: string;
  value: string;
  negate: boolean;
}

type FieldReader = (object: KubeObject) => string;

const at = (o: KubeObject, ...path: string[]) => {
  let v: unknown = o;
  for (const p of path) v = (v as Record<string, unknown> | undefined)?.[p];
  return v;
};
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const name: FieldReader = (o) => str(o.metadata.name);
const namespace: FieldReader = (o) => str(o.metadata.namespace);

interface FieldRules {
  /** Field labels the conversion accepts, and what each reads (aliases read another field). */
  readers: Record<string, FieldReader>;
  /** The conversion's error for any other label. */
  reject: (label: string) => string;
}

const notSupported = (label: string) => `field label not supported: ${label}`;

const BY_RESOURCE: Record<string, FieldRules> = {
  pods: {
    readers: {
      'metadata.name': name,
      'metadata.namespace': namespace,
      'spec.nodeName': (o) => str(at(o, 'spec', 'nodeName')),
      // Old v1 clients send spec.host; the conversion renames it.
      'spec.host': (o) => str(at(o, 'spec', 'nodeName')),
      'spec.restartPolicy': (o) => str(at(o, 'spec', 'restartPolicy')),
      'spec.schedulerName': (o) => str(at(o, 'spec', 'schedulerName')),
      'spec.serviceAccountName': (o) => str(at(o, 'spec', 'serviceAccountName')),
      'spec.hostNetwork': (o) => String(at(o, 'spec', 'hostNetwork') === true),
      'status.phase': (o) => str(at(o, 'status', 'phase')),
      // PodToSelectableFields reads the first of status.podIPs.
      'status.podIP': (o) => str(at(o, 'status', 'podIPs', '0', 'ip') ?? at(o, 'status', 'podIP')),
      // Accepted by the conversion but not in the selectable set: it reads as empty.
      'status.podIPs': () => '',
      'status.nominatedNodeName': (o) => str(at(o, 'status', 'nominatedNodeName')),
    },
    reject: notSupported,
  },
  nodes: {
    readers: {
      'metadata.name': name,
      'spec.unschedulable': (o) => String(at(o, 'spec', 'unschedulable') === true),
    },
    reject: notSupported,
  },
  namespaces: {
    readers: {
      'metadata.name': name,
      'status.phase': (o) => str(at(o, 'status', 'phase')),
    },
    reject: notSupported,
  },
  secrets: {
    readers: { 'metadata.name': name, 'metadata.namespace': namespace, type: (o) => str(o.type) },
    reject: notSupported,
  },
  events: {
    readers: {
      'metadata.name': name,
      'metadata.namespace': namespace,
      'involvedObject.kind': (o) => str(at(o, 'involvedObject', 'kind')),
      'involvedObject.namespace': (o) => str(at(o, 'involvedObject', 'namespace')),
      'involvedObject.name': (o) => str(at(o, 'involvedObject', 'name')),
      'involvedObject.uid': (o) => str(at(o, 'involvedObject', 'uid')),
      'involvedObject.apiVersion': (o) => str(at(o, 'involvedObject', 'apiVersion')),
      'involvedObject.resourceVersion': (o) => str(at(o, 'involvedObject', 'resourceVersion')),
      'involvedObject.fieldPath': (o) => str(at(o, 'involvedObject', 'fieldPath')),
      reason: (o) => str(o.reason),
      reportingComponent: (o) => str(o.reportingComponent),
      // The event strategy falls back to the reporting controller when source is empty.
      source: (o) => str(at(o, 'source', 'component')) || str(o.reportingComponent),
      type: (o) => str(o.type),
    },
    reject: notSupported,
  },
};

/** `runtime.DefaultMetaV1FieldSelectorConversion`, for every resource without its own. */
const DEFAULT_RULES: FieldRules = {
  readers: { 'metadata.name': name, 'metadata.namespace': namespace },
  reject: (label) =>
    `${goQuote(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
};

function rulesFor(resource: string): FieldRules {
  return BY_RESOURCE[resource] ?? DEFAULT_RULES;
}

/** `fields.splitTerms`: commas split terms unless backslash-escaped. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

/** `fields.splitTerm`: the first `!=`, `==` or `=` from the left, no trimming. */
function splitTerm(term: string): [string, string, string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '=']) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** `fields.UnescapeValue`, with its error texts (a bare rune prints as its number via %v). */
function unescapeValue(value: string): string {
  let out = '';
  let inSlash = false;
  for (const c of value) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') {
      throw badRequest(
        `invalid field selector: unescaped character in value: ${c.codePointAt(0) ?? 0}`,
      );
    } else out += c;
  }
  if (inSlash) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

export function parseFieldSelector(
  text: string | null | undefined,
  resource: string,
): FieldRequirement[] {
  if (!text) return [];
  const rules = rulesFor(resource);
  // The parser sorts the terms; conversion errors therefore name the first in sorted order.
  const terms = splitTerms(text).sort();
  const parsed: FieldRequirement[] = [];
  for (const term of terms) {
    if (term === '') continue;
    const split = splitTerm(term);
    if (!split) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const [field, op, rhs] = split;
    parsed.push({ field, value: unescapeValue(rhs), negate: op === '!=' });
  }
  for (const requirement of parsed) {
    if (!Object.hasOwn(rules.readers, requirement.field)) {
      throw badRequest(rules.reject(requirement.field));
    }
  }
  return parsed;
}

export function matchesFields(
  requirements: FieldRequirement[],
  resource: string,
  object: KubeObject,
) {
  if (requirements.length === 0) return true;
  const { readers } = rulesFor(resource);
  return requirements.every((r) => {
    const actual = readers[r.field]?.(object) ?? '';
    return r.negate ? actual !== r.value : actual === r.value;
  });
}
