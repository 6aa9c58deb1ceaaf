/**
 * A readable imitation of the `go-cmp` diff that follows `pod updates may not change fields
 * other than …`: Go field names, `-`/`+` lines for what changed, `... // N identical fields`
 * for what did not. Only the first line of that error is fixed text; this part explains.
 */

import { isPlainObject } from '../kube-object.js';
import { GO_NAMES, LIST_TYPES, ORDERS, STRUCT_TYPES, ZERO_VALUES } from './go-core-structs.js';
import { goQuote } from './go-text.js';

function goName(field: string): string {
  return GO_NAMES[field] ?? field.charAt(0).toUpperCase() + field.slice(1);
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/** Equality as Go's semantic DeepEqual sees decoded objects: nil and empty lists are equal. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => semanticEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => semanticEqual(a[k], b[k]));
  }
  return a === b;
}

/** A compact Go-syntax rendering of a value. */
function render(value: unknown): string {
  if (value === undefined || value === null) return 'nil';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `{${value.map(render).join(', ')}}`;
  if (isPlainObject(value)) {
    const fields = Object.entries(value)
      .filter(([, v]) => !isEmpty(v))
      .map(([k, v]) => `${goName(k)}: ${render(v)}`);
    return `{${fields.join(', ')}}`;
  }
  return String(value);
}

/** A field of a Go struct as decoded: what the JSON holds, else the field's zero value. */
function fieldValue(type: string, object: Record<string, unknown>, field: string): unknown {
  const value = object[field];
  return value === undefined || value === null ? ZERO_VALUES[type]?.[field] : value;
}

/** Semantic equality of two decoded Go structs of a known type, zero values included. */
function structEqual(type: string, a: Record<string, unknown>, b: Record<string, unknown>) {
  return orderedKeys(type, a, b).every((field) =>
    fieldEqual(type, field, fieldValue(type, a, field), fieldValue(type, b, field)),
  );
}

/** Semantic equality of one field's values, typed where the field's Go type is known. */
function fieldEqual(type: string, field: string, before: unknown, after: unknown): boolean {
  const listType = LIST_TYPES[field];
  if (listType && Array.isArray(before) && Array.isArray(after)) {
    return (
      before.length === after.length &&
      before.every((item, i) => itemEqual(listType, item, after[i]))
    );
  }
  const structType = STRUCT_TYPES[`${type}.${field}`];
  if (structType && isPlainObject(before) && isPlainObject(after)) {
    return structEqual(structType, before, after);
  }
  return semanticEqual(before, after);
}

function itemEqual(listType: string, item: unknown, other: unknown): boolean {
  return isPlainObject(item) && isPlainObject(other)
    ? structEqual(listType, item, other)
    : semanticEqual(item, other);
}

/**
 * `apiequality.Semantic.DeepEqual` of two pod specs in their internal (`core.PodSpec`) shape:
 * the deprecated `serviceAccount` alias is not part of it, and a string left out equals `""`.
 */
export function podSpecsEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return structEqual('core.PodSpec', internalPodSpec(a), internalPodSpec(b));
}

function orderedKeys(
  type: string,
  a: Record<string, unknown>,
  b: Record<string, unknown>,
): string[] {
  const union = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const order = ORDERS[type];
  if (!order) return union;
  return [...order, ...union.filter((k) => !order.includes(k))];
}

function diffStruct(
  type: string,
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  depth: number,
  lines: string[],
): void {
  const indent = '\t'.repeat(depth);
  let identical = 0;
  const flush = () => {
    if (identical > 0)
      lines.push(`  ${indent}... // ${identical} identical field${identical === 1 ? '' : 's'}`);
    identical = 0;
  };
  for (const field of orderedKeys(type, a, b)) {
    const before = fieldValue(type, a, field);
    const after = fieldValue(type, b, field);
    if (fieldEqual(type, field, before, after)) {
      identical++;
      continue;
    }
    flush();
    const listType = LIST_TYPES[field];
    if (
      listType &&
      Array.isArray(before) &&
      Array.isArray(after) &&
      before.length === after.length
    ) {
      lines.push(`  ${indent}${goName(field)}: []${listType}{`);
      before.forEach((item, i) => {
        const other = after[i];
        if (itemEqual(listType, item, other)) {
          lines.push(
            `  ${indent}\t{${isPlainObject(item) && item.name ? `Name: ${render(item.name)}, ` : ''}...},`,
          );
        } else if (isPlainObject(item) && isPlainObject(other)) {
          lines.push(`  ${indent}\t{`);
          diffStruct(listType, item, other, depth + 2, lines);
          lines.push(`  ${indent}\t},`);
        }
      });
      lines.push(`  ${indent}},`);
    } else if (isPlainObject(before) && isPlainObject(after)) {
      lines.push(`  ${indent}${goName(field)}: &{`);
      diffStruct(STRUCT_TYPES[`${type}.${field}`] ?? '', before, after, depth + 1, lines);
      lines.push(`  ${indent}},`);
    } else {
      lines.push(`- ${indent}${goName(field)}: ${render(before)},`);
      lines.push(`+ ${indent}${goName(field)}: ${render(after)},`);
    }
  }
  flush();
}

/** The diff of two pod specs, as lines after the Forbidden message. */
export function podSpecDiff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string {
  const lines = ['  core.PodSpec{'];
  diffStruct('core.PodSpec', internalPodSpec(before), internalPodSpec(after), 1, lines);
  lines.push('  }');
  return lines.join('\n');
}

/**
 * The internal `core.PodSpec` keeps the host namespaces in its security context and has no
 * deprecated `serviceAccount` alias: `Convert_v1_PodSpec_To_core_PodSpec` reads it only when
 * `serviceAccountName` is empty. The diff shows the internal shape, as the API server does.
 */
function internalPodSpec(spec: Record<string, unknown>): Record<string, unknown> {
  const internal: Record<string, unknown> = { ...spec };
  const security = isPlainObject(spec.securityContext) ? { ...spec.securityContext } : {};
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'hostUsers']) {
    if (internal[field] !== undefined) security[field] = internal[field];
    delete internal[field];
  }
  if (!internal.serviceAccountName && internal.serviceAccount) {
    internal.serviceAccountName = internal.serviceAccount;
  }
  delete internal.serviceAccount;
  internal.securityContext = security;
  return internal;
}
