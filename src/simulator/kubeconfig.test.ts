import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writeKubeconfig } from './kubeconfig.js';
import { StartError } from './start-error.js';

const SIM = { server: 'https://127.0.0.1:6443', caPem: 'CA', token: 'secret-token' };

describe('writeKubeconfig', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pod-course-kubeconfig-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a new block-style kubeconfig readable by its owner only', async () => {
    const path = join(dir, 'nested', 'config');
    await writeKubeconfig(path, SIM);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const text = await readFile(path, 'utf8');
    expect(text).not.toMatch(/[{}]/);
    expect(parse(text)).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'pod-course-sim',
          cluster: { server: SIM.server, 'certificate-authority-data': 'Q0E=' },
        },
      ],
      users: [{ name: 'pod-course-sim', user: { token: 'secret-token' } }],
      contexts: [
        {
          name: 'pod-course-sim',
          context: { cluster: 'pod-course-sim', user: 'pod-course-sim', namespace: 'default' },
        },
      ],
      'current-context': 'pod-course-sim',
    });
  });

  it('merges into an existing kubeconfig, keeping the other entries and replacing its own', async () => {
    const path = join(dir, 'config');
    await writeFile(
      path,
      'apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster: {server: https://prod}\n- name: pod-course-sim\n  cluster: {server: https://old}\nusers:\n- name: me\n  user: {token: t}\ncontexts:\n- name: prod\n  context: {cluster: prod, user: me}\ncurrent-context: prod\n',
    );
    await writeKubeconfig(path, SIM);
    const config = parse(await readFile(path, 'utf8'));
    expect(config.clusters.map((c: { name: string }) => c.name)).toEqual([
      'prod',
      'pod-course-sim',
    ]);
    expect(config.clusters[1].cluster.server).toBe(SIM.server);
    expect(config.users.map((u: { name: string }) => u.name)).toEqual(['me', 'pod-course-sim']);
    expect(config.contexts.map((c: { name: string }) => c.name)).toEqual([
      'prod',
      'pod-course-sim',
    ]);
    expect(config['current-context']).toBe('pod-course-sim');
  });

  it('refuses to overwrite a file that is not a kubeconfig', async () => {
    const path = join(dir, 'config');
    await writeFile(path, '- just\n- a list\n');
    await expect(writeKubeconfig(path, SIM)).rejects.toBeInstanceOf(StartError);
    expect(await readFile(path, 'utf8')).toBe('- just\n- a list\n');
  });
});
