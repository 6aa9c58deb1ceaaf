/**
 * `metav1.LabelSelector` as objects carry it (`matchLabels`, `matchExpressions`), turned into
 * what `metav1.LabelSelectorAsSelector` makes of it: a predicate over labels, or an error. The
 * controllers select their pods and ReplicaSets with it; validation asks whether it is valid
 * and prints it the way Go's `%#v` does.
 */

import { goQuote } from './go-text.js';
import { asArray, asObject, asObjects, asString, type JsonObject } from './json-access.js';
import { isQualifiedName, isValidLabelValue } from './name-validation.js';

export type Labels = Readonly<Record<string, string>>;

/** What the selector tests; `empty` when it has no requirement (it then selects everything). */
export type CompiledSelector = ((labels: Labels | undefined) => boolean) & { empty: boolean };

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

function requirementValid(key: string, operator: string, values: string[]): boolean {
  if (isQualifiedName(key).length > 0 || !OPERATORS.has(operator)) return false;
  const needsValues = operator === 'In' || operator === 'NotIn';
  if (needsValues !== values.length > 0) return false;
  return values.every((value) => isValidLabelValue(value).length === 0);
}

/**
 * `LabelSelectorAsSelector`: undefined when the selector is invalid (Go returns an error);
 * a nil selector matches nothing, an empty one (`{}`) everything.
 */
export function compileSelector(selector: unknown): CompiledSelector | undefined {
  const object = asObject(selector);
  if (!object) return Object.assign(() => false, { empty: false });
  const tests: ((labels: Labels) => boolean)[] = [];
  for (const [key, raw] of Object.entries(asObject(object.matchLabels) ?? {})) {
    const value = asString(raw);
    if (isQualifiedName(key).length > 0 || isValidLabelValue(value).length > 0) return undefined;
    tests.push((labels) => Object.hasOwn(labels, key) && labels[key] === value);
  }
  for (const expression of asObjects(object.matchExpressions)) {
    const key = asString(expression.key);
    const operator = asString(expression.operator);
    const values = asArray(expression.values).map(asString);
    if (!requirementValid(key, operator, values)) return undefined;
    tests.push((labels) => {
      const has = Object.hasOwn(labels, key);
      if (operator === 'In') return has && values.includes(labels[key] ?? '');
      if (operator === 'NotIn') return !has || !values.includes(labels[key] ?? '');
      return operator === 'Exists' ? has : !has;
    });
  }
  const matches = (labels: Labels | undefined) => tests.every((test) => test(labels ?? {}));
  return Object.assign(matches, { empty: tests.length === 0 });
}

/** Whether `selector` selects `labels`; an invalid or nil selector selects nothing. */
export function selectorMatches(selector: unknown, labels: Labels | undefined): boolean {
  return compileSelector(selector)?.(labels) ?? false;
}

/** `%#v` of a `map[string]string`: keys sorted, `(nil)` when absent. */
export function goStringMap(value: unknown): string {
  const object = asObject(value);
  if (!object) return 'map[string]string(nil)';
  const entries = Object.keys(object)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(asString(object[k]))}`);
  return `map[string]string{${entries.join(', ')}}`;
}

function goStrings(value: unknown): string {
  if (!Array.isArray(value)) return '[]string(nil)';
  return `[]string{${value.map((v) => goQuote(asString(v))).join(', ')}}`;
}

/** `%#v` of a `metav1.LabelSelector` (the value a field error about a selector shows). */
export function goLabelSelector(selector: JsonObject): string {
  const expressions = Array.isArray(selector.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${asObjects(selector.matchExpressions)
        .map(
          (e) =>
            `v1.LabelSelectorRequirement{Key:${goQuote(asString(e.key))}, Operator:${goQuote(asString(e.operator))}, Values:${goStrings(e.values)}}`,
        )
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(selector.matchLabels)}, MatchExpressions:${expressions}}`;
}
