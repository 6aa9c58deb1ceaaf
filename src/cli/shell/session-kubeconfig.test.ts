import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findKubectl } from './kubectl-install.js';
import { sessionKubeconfig } from './session-kubeconfig.js';

const kubectl = findKubectl();
if (!kubectl)
  console.warn('skipping the kubectl reading of session kubeconfigs: kubectl is not on PATH');

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: classroom
  cluster:
    server: https://classroom.example:6443
    certificate-authority: certs/ca.crt
- name: home
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority: /etc/home/ca.crt
contexts:
- name: classroom
  context:
    cluster: classroom
    user: alice
- name: home
  context:
    cluster: home
    user: alice
    namespace: pod-course-alice
current-context: classroom
users:
- name: alice
  user:
    client-certificate: certs/alice.crt
    client-key: certs/alice.key
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: bin/login-helper
`;

describe('sessionKubeconfig', () => {
  let root: string;
  let source: string;
  let session: string;
  beforeEach(async () => {
    root = await realpath(await mkdtemp(join(tmpdir(), 'pod-course-kubeconfig-')));
    source = join(root, 'kube', 'config');
    session = join(root, 'session');
    await mkdir(join(root, 'kube'));
    await mkdir(session);
    await writeFile(source, KUBECONFIG);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('uses the file itself when its current context has the namespace; none means default', async () => {
    expect(await sessionKubeconfig(source, 'default', session)).toEqual({
      path: source,
      copied: false,
      context: 'classroom',
    });
  });

  it('otherwise writes a private copy whose current context has the namespace', async () => {
    const result = await sessionKubeconfig(source, 'pod-course-bob', session);
    expect(result).toEqual({
      path: join(session, 'kubeconfig'),
      copied: true,
      context: 'classroom',
    });
    expect((await stat(result.path)).mode & 0o777).toBe(0o600);
    expect(await readFile(source, 'utf8')).toBe(KUBECONFIG);

    const copy = parse(await readFile(result.path, 'utf8'));
    expect(copy.contexts[0]).toEqual({
      name: 'classroom',
      context: { cluster: 'classroom', user: 'alice', namespace: 'pod-course-bob' },
    });
    // Relative file references now name the files next to the original.
    expect(copy.clusters[0].cluster['certificate-authority']).toBe(join(root, 'kube/certs/ca.crt'));
    expect(copy.clusters[1].cluster['certificate-authority']).toBe('/etc/home/ca.crt');
    expect(copy.users[0].user['client-certificate']).toBe(join(root, 'kube/certs/alice.crt'));
    expect(copy.users[0].user['client-key']).toBe(join(root, 'kube/certs/alice.key'));
    expect(copy.users[0].user.exec.command).toBe(join(root, 'kube/bin/login-helper'));
  });

  it('switches to the context asked for', async () => {
    const result = await sessionKubeconfig(source, 'pod-course-alice', session, 'home');
    expect(result.copied).toBe(true);
    expect(parse(await readFile(result.path, 'utf8'))['current-context']).toBe('home');
  });

  it('explains what is wrong with a kubeconfig it cannot use', async () => {
    await expect(sessionKubeconfig(source, 'default', session, 'nope')).rejects.toThrow(
      `${source} has no context named "nope"`,
    );
    await writeFile(source, 'apiVersion: v1\nkind: Config\n');
    await expect(sessionKubeconfig(source, 'default', session)).rejects.toThrow(
      `${source} has no current context`,
    );
    await expect(sessionKubeconfig(join(root, 'missing'), 'default', session)).rejects.toThrow(
      /ENOENT/,
    );
  });

  it.skipIf(!kubectl)(
    'kubectl reads the copy as intended: namespace, context, absolute paths',
    async () => {
      const result = await sessionKubeconfig(source, 'pod-course-bob', session);
      const view = execFileSync(
        kubectl ?? 'kubectl',
        [
          'config',
          'view',
          '--minify',
          '-o',
          'jsonpath={.contexts[0].context.namespace} {.clusters[0].cluster.certificate-authority}',
        ],
        { env: { ...process.env, KUBECONFIG: result.path }, encoding: 'utf8' },
      );
      expect(view).toBe(`pod-course-bob ${join(root, 'kube/certs/ca.crt')}`);
    },
  );
});
