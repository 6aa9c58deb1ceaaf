/**
 * How printers spell label selectors: `metav1.LabelSelectorAsSelector(sel).String()` (requirements
 * sorted by key, `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`) and `labels.FormatLabels` for
 * plain maps (services, daemon sets).
 */
import { isPlainObject } from '../../kube-object.js';
import { list, obj, str } from './read.js';

interface Requirement {
  key: string;
  text: string;
}

/** Go's `sets`/`sort.Strings` order: byte-wise, which equals UTF-16 order for label syntax. */
function sorted(values: readonly string[]): string[] {
  return [...values].sort();
}

function requirementText(key: string, operator: string, values: readonly string[]): string | null {
  const joined = () => (values.length === 1 ? (values[0] ?? '') : sorted(values).join(','));
  switch (operator) {
    case 'In':
      return values.length === 0 ? null : `${key} in (${joined()})`;
    case 'NotIn':
      return values.length === 0 ? null : `${key} notin (${joined()})`;
    case 'Exists':
      return values.length === 0 ? key : null;
    case 'DoesNotExist':
      return values.length === 0 ? `!${key}` : null;
    default:
      return null;
  }
}

/**
 * The selector's string form; `''` for a nil or empty selector, null when it is invalid
 * (unknown operator, missing or extra values), where Go returns an error.
 */
export function labelSelectorString(selector: unknown): string | null {
  if (!isPlainObject(selector)) return '';
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(obj(selector.matchLabels))) {
    requirements.push({ key, text: `${key}=${str(value)}` });
  }
  for (const expression of list(selector.matchExpressions).map(obj)) {
    const key = str(expression.key);
    const values = list(expression.values).map(str);
    const text = requirementText(key, str(expression.operator), values);
    if (text === null) return null;
    requirements.push({ key, text });
  }
  // internalSelector.Add sorts by key only; a stable sort keeps insertion order for equal keys.
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return requirements.map((r) => r.text).join(',');
}

/** `metav1.FormatLabelSelector`: `<error>` when invalid, `<none>` when empty. */
export function formatLabelSelector(selector: unknown): string {
  const text = labelSelectorString(selector);
  if (text === null) return '<error>';
  return text === '' ? '<none>' : text;
}

/** `labels.FormatLabels`: `k=v` sorted by key, comma-joined; `<none>` when empty. */
export function formatLabels(labels: unknown): string {
  const entries = Object.entries(obj(labels)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return '<none>';
  return entries.map(([k, v]) => `${k}=${str(v)}`).join(',');
}
