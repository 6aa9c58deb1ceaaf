import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { runCli } from '../support/cli-process.js';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';

const LESSON = fileURLToPath(new URL('../../lessons/12-podpreset', import.meta.url));
const PRESET = join(LESSON, 'files', 'preset.yaml');
const WEBSITE = join(LESSON, 'files', 'website.yaml');
const LOCAL = join(LESSON, 'files', 'website-local.yaml');
const EN = { LANG: 'C' };

/** `pod-course preset PRESET.yaml POD.yaml`: the removed PodPreset plugin's merge, offline. */
describe('pod-course preset', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pod-course-preset-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const file = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };

  it("prints the notes' Pod merged, as the lesson's reference solution has it", async () => {
    const result = await runCli(['preset', PRESET, WEBSITE], EN);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'PodPreset allow-database merged into Pod website (annotation podpreset.admission.kubernetes.io/podpreset-<name> added).\n',
    );
    const solution = await readFile(join(LESSON, 'solution', 'website.yaml'), 'utf8');
    expect(parse(result.stdout)).toEqual(parse(solution));
    expect(result.stdout).toContain(
      'annotations:\n    podpreset.admission.kubernetes.io/podpreset-allow-database: ""\n',
    );
    expect(result.stdout).toContain('env:\n        - name: DB_PORT\n          value: "6379"\n');
  });

  it('prints JSON with -o json, and one report document with --json', async () => {
    const json = await runCli(['preset', PRESET, WEBSITE, '-o', 'json'], EN);
    expect(json.code).toBe(0);
    const pod = JSON.parse(json.stdout);
    expect(pod.spec.volumes).toEqual([{ name: 'cache-volume', emptyDir: {} }]);
    const report = await runCli(['preset', PRESET, WEBSITE, '--json'], EN);
    expect(JSON.parse(report.stdout)).toMatchObject({
      outcome: 'merged',
      applied: ['allow-database'],
      pod: { metadata: { name: 'website' } },
    });
  });

  it('on a conflict: the plugin line and our explanation on stderr, the Pod unchanged, exit 1', async () => {
    const result = await runCli(['preset', PRESET, LOCAL], EN);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        'The PodPreset admission plugin logged (on the API server, not to the user):',
        'conflict occurred while applying podpresets: allow-database on pod:  err: merging env for allow-database has a conflict on DB_PORT: ',
        'v1.EnvVar{Name:"DB_PORT", Value:"6379", ValueFrom:(*v1.EnvVarSource)(nil)}',
        'does not match',
        'core.EnvVar{Name:"DB_PORT", Value:"5432", ValueFrom:(*core.EnvVarSource)(nil)}',
        ' in container',
        '- preset allow-database sets env DB_PORT="6379", but container website already has DB_PORT="5432"',
        'On a conflict the plugin changed nothing at all, and the API server still created the Pod. So the Pod website-local you wrote is printed unchanged, with none of the presets.',
        '',
      ].join('\n'),
    );
    expect(parse(result.stdout)).toEqual(parse(await readFile(LOCAL, 'utf8')));
  });

  it('leaves a Pod the selector misses, or one that opts out, and says why', async () => {
    const backend = await file(
      'backend.yaml',
      (await readFile(WEBSITE, 'utf8')).replace('role: frontend', 'role: backend'),
    );
    const missed = await runCli(['preset', PRESET, backend], EN);
    expect(missed.code).toBe(0);
    expect(missed.stderr).toContain(
      'No PodPreset selects Pod website (its labels: app=website,role=backend; presets: allow-database)',
    );
    expect(parse(missed.stdout).metadata.annotations).toBeUndefined();
    const debug = join(LESSON, 'solution', 'website-debug.yaml');
    const excluded = await runCli(['preset', PRESET, debug, '--lang', 'zh'], EN);
    expect(excluded.code).toBe(0);
    expect(excluded.stderr).toContain(
      'Pod website-debug 带有注解 podpreset.admission.kubernetes.io/exclude: "true"',
    );
  });

  it('writes strings kubectl reads back as strings (YAML 1.1: "yes", "on", dates)', async () => {
    const pod = await file(
      'odd.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: odd\n  labels: {role: frontend, a: "yes", b: "2024-01-01", c: "0o17"}\nspec:\n  containers: [{name: c, image: busybox:1.36}]\n',
    );
    const result = await runCli(['preset', PRESET, pod], EN);
    expect(result.stdout).toContain('a: "yes"\n');
    expect(result.stdout).toContain('b: "2024-01-01"\n');
    expect(result.stdout).toContain('c: "0o17"\n');
  });

  it('refuses bad input with exit 2 and one line that names the problem', async () => {
    const run = async (...args: string[]) => {
      const r = await runCli(['preset', ...args], EN);
      return { code: r.code, stderr: r.stderr, stdout: r.stdout };
    };
    expect(await run(PRESET)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'pod-course: usage: pod-course preset PRESET.yaml POD.yaml [-o yaml|json]\n',
    });
    expect((await run(WEBSITE, PRESET)).stderr).toBe(
      `pod-course: ${WEBSITE} holds a Pod: name the PodPreset file first, then the Pod file\n`,
    );
    expect((await run(PRESET, join(dir, 'nope.yaml'))).stderr).toBe(
      `pod-course: cannot read ${join(dir, 'nope.yaml')}: ENOENT\n`,
    );
    expect((await run(PRESET, WEBSITE, '-o', 'xml')).stderr).toBe(
      'pod-course: -o takes yaml or json, got "xml"\n',
    );
    const unquoted = await file(
      'unquoted.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  annotations:\n    podpreset.admission.kubernetes.io/exclude: true\nspec:\n  containers: [{name: c, image: busybox:1.36}]\n',
    );
    const bool = await run(PRESET, unquoted);
    expect(bool.code).toBe(2);
    expect(bool.stderr).toBe(
      `pod-course: ${unquoted}: metadata.annotations["podpreset.admission.kubernetes.io/exclude"] must be a string, got true (quote it in YAML)\n`,
    );
    const badSelector = await file(
      'bad-selector.yaml',
      'apiVersion: settings.k8s.io/v1alpha1\nkind: PodPreset\nmetadata: {name: p}\nspec:\n  selector: {matchExpressions: [{key: role, operator: Equals, values: [a]}]}\n  env: [{name: A, value: b}]\n',
    );
    expect((await run(badSelector, WEBSITE)).stderr).toBe(
      'pod-course: PodPreset p has an invalid selector: "Equals" is not a valid pod selector operator\n',
    );
    const broken = await file('broken.yaml', 'kind: Pod\n  name: [\n');
    const yaml = await run(PRESET, broken);
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toMatch(new RegExp(`^pod-course: ${broken} is not valid YAML: `));
  });
});

describe.skipIf(!KUBECTL)(
  `pod-course preset | kubectl apply -f -${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let cluster: TestCluster;
    beforeAll(async () => {
      cluster = await startTestCluster({ runPods: false });
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    it('the PodPreset itself is refused by kubectl, as on every cluster since 1.20', async () => {
      const result = await cluster.kubectl(['apply', '-f', PRESET]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `error: resource mapping not found for name: "allow-database" namespace: "" from "${PRESET}": no matches for kind "PodPreset" in version "settings.k8s.io/v1alpha1"\nensure CRDs are installed first\n`,
      );
    });

    it('the merged manifest goes through kubectl as it is', async () => {
      const merged = await runCli(['preset', PRESET, WEBSITE], EN);
      const applied = await cluster.kubectl(['apply', '-f', '-'], { input: merged.stdout });
      expect(applied).toMatchObject({ code: 0, stdout: 'pod/website created\n' });
      const pod = await cluster.kubectl(['get', 'pod', 'website', '-o', 'json']);
      const stored = JSON.parse(pod.stdout);
      expect(stored.metadata.annotations).toMatchObject({
        'podpreset.admission.kubernetes.io/podpreset-allow-database': '',
      });
      expect(stored.spec.containers[0].env).toEqual([{ name: 'DB_PORT', value: '6379' }]);
      expect(parseAllDocuments(merged.stdout)).toHaveLength(1);
    });
  },
);
