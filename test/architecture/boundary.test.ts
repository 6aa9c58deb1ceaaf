import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * DESIGN.md's one rule: the engine, checks and lessons reach a cluster only through the
 * Kubernetes API. So nothing imports src/simulator except the composition root — the CLI
 * commands that start a simulator — and tests.
 */
const COMPOSITION_ROOT = ['src/cli/commands/sim-serve.ts', 'src/cli/sim-process.ts'];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    const isSource = entry.name.endsWith('.ts') && !/\.test(-support)?\.ts$/.test(entry.name);
    return isSource ? [path] : [];
  });
}

const importsOf = (file: string) =>
  [...readFileSync(join(ROOT, file), 'utf8').matchAll(/(?:from\s+|import\()\s*'([^']+)'/g)].map(
    (m) => m[1] ?? '',
  );

describe('architecture: the simulator sits behind the Kubernetes API', () => {
  const outside = ['src/cli', 'src/course', 'src/cluster', 'checks'].flatMap(sources);

  it('finds the files it guards', () => {
    expect(outside).toContain('src/course/course-session.ts');
    expect(outside).toContain('checks/lib/check-context.ts');
  });

  it('only the composition root imports src/simulator', () => {
    const offenders = outside.filter(
      (file) =>
        !COMPOSITION_ROOT.includes(file) &&
        importsOf(file).some(
          (spec) => spec.startsWith('.') && join(file, '..', spec).includes('src/simulator'),
        ),
    );
    expect(offenders).toEqual([]);
  });

  it('checks and the engine never run kubectl nor parse its output', () => {
    const engine = ['src/course', 'src/cluster', 'checks']
      .flatMap(sources)
      .filter((f) => !f.includes('/kind/'));
    const offenders = engine.filter((file) =>
      /['"`]kubectl['"`]|execa|child_process/.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(offenders.map((f) => relative('.', f))).toEqual([]);
  });
});
