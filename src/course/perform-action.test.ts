import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../../test/support/simulator.js';
import { ClusterClient } from '../cluster/cluster-client.js';
import type { Action, Lesson } from './lesson-types.js';
import { ActionFailed, performAction } from './perform-action.js';

/** Lesson actions against a real simulator, through the API. */
describe('performAction', () => {
  let cluster: TestCluster;
  let client: ClusterClient;
  let dir: string;
  let lesson: Lesson;

  beforeAll(async () => {
    cluster = await startTestCluster({ runPods: false });
    client = await ClusterClient.connect({ kubeconfigPath: cluster.simulator.kubeconfigPath });
    dir = await mkdtemp(join(tmpdir(), 'pod-course-actions-'));
    await writeFile(join(dir, 'password.txt'), 'secret-1\n');
    await writeFile(
      join(dir, 'typo.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: typo\nspec:\n  containers:\n  - name: c\n    image: busybox\n    imagePullPolice: Always\n',
    );
    lesson = { id: 'actions', dir } as Lesson;
  });
  afterAll(async () => {
    await cluster?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('create makes a labelled Secret from files, and brings an existing one to the same data', async () => {
    const create: Action = {
      type: 'create',
      kind: 'Secret',
      name: 'pass',
      fromFiles: ['password.txt'],
    };
    await performAction(client, lesson, create);
    const first = await client.getObject<{
      data: Record<string, string>;
      metadata: { labels: Record<string, string> };
    }>('Secret', 'pass');
    expect(Buffer.from(first?.data['password.txt'] ?? '', 'base64').toString()).toBe('secret-1\n');
    expect(first?.metadata.labels['pod-course.dev/lesson']).toBe('actions');

    await writeFile(join(dir, 'password.txt'), 'secret-2\n');
    const lines: string[] = [];
    await performAction(client, lesson, create, { onProgress: (line) => lines.push(line) });
    const second = await client.getObject<{ data: Record<string, string> }>('Secret', 'pass');
    expect(Buffer.from(second?.data['password.txt'] ?? '', 'base64').toString()).toBe('secret-2\n');
    expect(lines).toEqual(['secret/pass replaced']);
  });

  it('apply sends the manifest as written: a typo meets strict field validation', async () => {
    const failure = await performAction(client, lesson, { type: 'apply', file: 'typo.yaml' }).catch(
      (e) => e,
    );
    expect(failure).toBeInstanceOf(ActionFailed);
    expect(failure.message).toContain('unknown field "spec.containers[0].imagePullPolice"');
  });
});
