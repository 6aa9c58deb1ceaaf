/**
 * `apiequality.Semantic.DeepEqual` over JSON: what the endpoint controllers compare before they
 * write. As in Go, a nil slice or map equals an empty one (absent, `null`, `[]` and `{}` are all
 * the same here), and key order does not matter.
 */

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.length === 0 ? undefined : value.map((item) => normalize(item) ?? null);
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => [key, normalize((value as Record<string, unknown>)[key])] as const)
      .filter(([, item]) => item !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value ?? undefined;
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}
