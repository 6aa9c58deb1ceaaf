import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCli } from '../support/cli-process.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';

const LESSON_01 = fileURLToPath(
  new URL('../../lessons/01-pod-and-infra-container', import.meta.url),
);

/**
 * "Any cluster" (`--kubeconfig`/`--context`): a classroom cluster shared by many learners.
 * The simulator stands in for it under another context name, so the engine cannot tell —
 * exactly as it must not (DESIGN.md: never ask which backend).
 */
describe('any cluster: one namespace per learner, only labelled objects touched', () => {
  let cluster: TestCluster;
  let dir: string;
  let kubeconfig: string;
  let env: Record<string, string>;
  let core: k8s.CoreV1Api;
  const namespace = 'pod-course-ada';
  const cli = (...args: string[]) =>
    runCli([...args, '--kubeconfig', kubeconfig, '--namespace', namespace], env);

  beforeAll(async () => {
    cluster = await startTestCluster();
    dir = await mkdtemp(join(tmpdir(), 'pod-course-any-'));
    const config = parse(await readFile(cluster.simulator.kubeconfigPath, 'utf8'));
    for (const context of config.contexts) context.name = 'classroom';
    config['current-context'] = 'classroom';
    kubeconfig = join(dir, 'classroom.yaml');
    await writeFile(kubeconfig, stringify(config), { mode: 0o600 });
    await cp(LESSON_01, join(dir, 'lessons', '01-pod-and-infra-container'), { recursive: true });
    env = {
      POD_COURSE_HOME: join(dir, 'home'),
      POD_COURSE_WORKSPACE: join(dir, 'workspace'),
      POD_COURSE_LESSONS: join(dir, 'lessons'),
      LANG: 'C',
    };
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfig);
    core = kc.makeApiClient(k8s.CoreV1Api);
  });
  afterAll(async () => {
    await cluster?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('without a terminal, a foreign context needs --yes, and nothing is created', async () => {
    const result = await cli('check', '01');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Context "classroom" is not the simulator\'s nor kind\'s');
    expect(result.stderr).toContain('--yes');
    await expect(core.readNamespace({ name: namespace })).rejects.toMatchObject({ code: 404 });
  });

  it('with --yes: the namespace is created and labelled, and the answer is remembered', async () => {
    const first = await cli('check', '01/share-pid', '--yes');
    expect(first.code).toBe(1);
    expect(first.stdout).toContain(`Pod nginx-busybox does not exist yet (namespace ${namespace})`);
    const ns = await core.readNamespace({ name: namespace });
    expect(ns.metadata?.labels?.['app.kubernetes.io/managed-by']).toBe('pod-course');
    expect((await cli('check', '01/share-pid')).code).toBe(1);
  });

  it('solve works in the learner namespace, and progress is keyed by the context', async () => {
    const solved = await cli('solve', '01/share-pid');
    expect(solved.code).toBe(0);
    const pod = await core.readNamespacedPod({ name: 'nginx-busybox', namespace });
    expect(pod.metadata?.labels).toMatchObject({
      app: 'nginx-busybox',
      'app.kubernetes.io/managed-by': 'pod-course',
      'pod-course.dev/lesson': 'pod-and-infra-container',
    });
    const pods = await core.listNamespacedPod({ namespace: 'default' });
    expect(pods.items.map((p) => p.metadata?.name)).not.toContain('nginx-busybox');
    const progress = JSON.parse(
      await readFile(join(env.POD_COURSE_HOME ?? '', 'progress.json'), 'utf8'),
    );
    expect(
      progress.backends['context:classroom'][namespace].lessons['pod-and-infra-container'].steps[
        'share-pid'
      ].status,
    ).toBe('passed');
  });

  it('reset deletes what the lesson made and names, and nothing else', async () => {
    await core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'learners-own' }, data: { a: '1' } },
    });
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'someone-else' }, data: { a: '1' } },
    });
    const reset = await cli('reset', '01');
    expect(reset.code).toBe(0);
    const left = await core.listNamespacedPod({ namespace });
    expect(left.items.filter((p) => !p.metadata?.deletionTimestamp)).toEqual([]);
    await expect(
      core.readNamespacedConfigMap({ name: 'learners-own', namespace }),
    ).resolves.toBeTruthy();
    await expect(
      core.readNamespacedConfigMap({ name: 'someone-else', namespace: 'default' }),
    ).resolves.toBeTruthy();
  });

  it('lesson availability comes from the API (access reviews, dry runs, the clock endpoint)', async () => {
    const result = await cli('list', '--json');
    expect(result.code).toBe(0);
    const [lesson] = JSON.parse(result.stdout).lessons;
    expect(lesson).toMatchObject({
      id: 'pod-and-infra-container',
      needs: ['exec'],
      available: true,
    });
  });
});
