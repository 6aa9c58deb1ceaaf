import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { collect, readyLine, runCli, spawnCli } from '../support/cli-process.js';
import { KUBECTL, kubectlFor, NO_KUBECTL_REASON } from '../support/kubectl.js';

function get(url: string, path: string, token?: string, method = 'GET', payload?: unknown) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    const req = request(`${url}${path}`, { method, rejectUnauthorized: false, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        body += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(payload === undefined ? undefined : JSON.stringify(payload));
  });
}

async function tokenOf(kubeconfig: string): Promise<string> {
  return parse(await readFile(kubeconfig, 'utf8')).users[0].user.token;
}

describe('pod-course sim serve', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pod-course-cli-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a 0600 block-style kubeconfig, serves /readyz anonymously and needs the token elsewhere', async () => {
    const child = spawnCli(['sim', 'serve', '--json', '--state', join(dir, 'state')]);
    const ready = await readyLine(child);
    expect(ready.kubeconfig).toBe(join(dir, 'state', 'kubeconfig'));
    const mode = (await stat(ready.kubeconfig)).mode & 0o777;
    expect(mode).toBe(0o600);
    const text = await readFile(ready.kubeconfig, 'utf8');
    expect(text).not.toContain('{');
    const config = parse(text);
    expect(config['current-context']).toBe('pod-course-sim');
    expect(config.contexts[0]).toEqual({
      name: 'pod-course-sim',
      context: { cluster: 'pod-course-sim', user: 'pod-course-sim', namespace: 'default' },
    });
    expect(config.clusters[0].cluster.server).toBe(ready.url);
    expect(ready.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const token: string = config.users[0].user.token;
    expect(token.length).toBeGreaterThanOrEqual(32);

    expect(await get(ready.url, '/readyz')).toEqual({ status: 200, body: 'ok' });
    expect(await get(ready.url, '/livez')).toEqual({ status: 200, body: 'ok' });
    const version = await get(ready.url, '/version');
    expect(JSON.parse(version.body).gitVersion).toMatch(/^v1\.32\./);
    const anonymous = await get(ready.url, '/api/v1/namespaces/default/pods');
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body)).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
      code: 401,
    });
    const authorized = await get(ready.url, '/api/v1/namespaces/default/pods', token);
    expect(authorized.status).toBe(200);

    child.kill('SIGTERM');
    const result = await collect(child);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Simulator stopped');
  });

  it.skipIf(!KUBECTL)(
    `runs pods: kubectl run reaches Running${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
    async () => {
      const child = spawnCli(['sim', 'serve', '--json', '--state', join(dir, 'state')]);
      try {
        const ready = await readyLine(child);
        const kubectl = kubectlFor(ready.kubeconfig, join(dir, 'kube-cache'));
        const run = await kubectl(['run', 'x', '--image=busybox', '--', 'sleep', '3600']);
        expect(run).toEqual({ code: 0, stdout: 'pod/x created\n', stderr: '' });
        // The default simulator schedules the pod and its kubelet starts the container.
        const waited = await kubectl(['wait', '--for=jsonpath={.status.phase}=Running', 'pod/x']);
        expect(waited).toEqual({ code: 0, stdout: 'pod/x condition met\n', stderr: '' });
        const row = await kubectl(['get', 'pod', 'x', '--no-headers']);
        expect(row.stdout.split(/\s+/).slice(0, 4)).toEqual(['x', '1/1', 'Running', '0']);
      } finally {
        child.kill('SIGTERM');
        expect((await collect(child)).code).toBe(0);
      }
    },
  );

  it('honours --kubeconfig and POD_COURSE_HOME, and keeps objects across a restart', async () => {
    const home = join(dir, 'home');
    const kubeconfig = join(dir, 'elsewhere', 'config');
    const first = spawnCli(['sim', 'serve', '--json', '--kubeconfig', kubeconfig], {
      POD_COURSE_HOME: home,
    });
    const ready = await readyLine(first);
    expect(ready.kubeconfig).toBe(kubeconfig);
    expect(ready.stateDir).toBe(join(home, 'sim'));
    const token = await tokenOf(kubeconfig);
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kept' },
      data: { a: 'b' },
    };
    const created = await get(
      ready.url,
      '/api/v1/namespaces/default/configmaps',
      token,
      'POST',
      configMap,
    );
    expect(created.status).toBe(201);
    first.kill('SIGINT');
    expect((await collect(first)).code).toBe(0);
    const second = spawnCli(['sim', 'serve', '--json', '--kubeconfig', kubeconfig], {
      POD_COURSE_HOME: home,
    });
    const again = await readyLine(second);
    const kept = await get(
      again.url,
      '/api/v1/namespaces/default/configmaps/kept',
      await tokenOf(kubeconfig),
    );
    expect(kept.status).toBe(200);
    expect(JSON.parse(kept.body).data).toEqual({ a: 'b' });
    second.kill('SIGTERM');
    expect((await collect(second)).code).toBe(0);
  });

  it('starts over a stale lock left by a killed process', async () => {
    const state = join(dir, 'state');
    const child = spawnCli(['sim', 'serve', '--json', '--state', state]);
    await readyLine(child);
    child.kill('SIGKILL');
    await collect(child);
    const again = spawnCli(['sim', 'serve', '--json', '--state', state]);
    const ready = await readyLine(again);
    expect((await get(ready.url, '/readyz')).body).toBe('ok');
    again.kill('SIGTERM');
    expect((await collect(again)).code).toBe(0);
  });

  it('refuses a foreign state directory with a clear message and exit code 3', async () => {
    const state = join(dir, 'state');
    const storeDir = join(state, 'store');
    await mkdir(storeDir, { recursive: true });
    await writeFile(
      join(storeDir, 'store-format.json'),
      '{"format":"something-else","version":7}\n',
    );
    const result = await runCli(['sim', 'serve', '--state', state, '--lang', 'en']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /^pod-course: the simulator could not start: its state directory cannot be used\. Move it away/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const zh = await runCli(['sim', 'serve', '--state', state, '--lang', 'zh']);
    expect(zh.code).toBe(3);
    expect(zh.stderr).toContain('它的状态目录无法使用');
  });

  it('rejects bad options with exit code 2 in the chosen language', async () => {
    const en = await runCli(['sim', 'serve', '--port', 'abc', '--lang', 'en']);
    expect(en.code).toBe(2);
    expect(en.stderr).toBe('pod-course: --port must be a number from 0 to 65535, got "abc"\n');
    const zh = await runCli(['sim', 'serve', '--speed', '0', '--lang', 'zh']);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('--speed 必须是正数');
    const unknown = await runCli(['sim', 'serve', '--bogus', '--lang', 'en']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--bogus'");
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
    // Pods always run: the experimental switch of earlier builds is gone.
    const runPods = await runCli(['sim', 'serve', '--run-pods', '--lang', 'en']);
    expect(runPods.code).toBe(2);
    expect(runPods.stderr).toContain("Unknown option '--run-pods'");
  });
});
