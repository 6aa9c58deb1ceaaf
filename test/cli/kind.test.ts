import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type KindValues, runKind } from '../../src/cli/commands/kind.js';
import type { Language } from '../../src/cli/ui/language.js';
import { KIND_NODE_IMAGE } from '../../src/cluster/kind/kind-config.js';

/**
 * `pod-course kind create | delete` end to end against fake `kind` and `docker` executables:
 * shell scripts first on PATH that record their argv and print what the real programs print
 * (kind v0.31 and Docker 28 output). kind cannot run here; everything pod-course does around
 * it — finding the tools, the command lines, the files, the messages, the exit codes, the
 * JSON — runs for real.
 */

const FAKE_KIND = String.raw`#!/bin/sh
PATH=/usr/bin:/bin; export PATH
dir="$FAKE_KIND_DIR"
{ printf 'kind'; for a in "$@"; do printf '\t%s' "$a"; done; printf '\n'; } >> "$dir/calls.log"
state="$dir/clusters"
kubeconfig=""; config=""; prev=""
for a in "$@"; do
  [ "$prev" = "--kubeconfig" ] && kubeconfig="$a"
  [ "$prev" = "--config" ] && config="$a"
  prev="$a"
done
write_kubeconfig() {
  cat > "$kubeconfig" <<EOF
apiVersion: v1
kind: Config
current-context: kind-pod-course
clusters:
- name: kind-pod-course
  cluster:
    server: https://127.0.0.1:40001
contexts:
- name: kind-pod-course
  context:
    cluster: kind-pod-course
    user: kind-pod-course
users:
- name: kind-pod-course
  user: {}
EOF
}
if [ "$1" = version ]; then echo "kind $FAKE_KIND_VERSION go1.25.5 linux/amd64"; exit 0; fi
case "$1 $2" in
  "get clusters")
    if [ -s "$state" ]; then cat "$state"; else echo "No kind clusters found." >&2; fi ;;
  "create cluster")
    echo 'Creating cluster "pod-course" ...' >&2
    if [ -n "$FAKE_KIND_CREATE_FAIL" ]; then
      echo ' ✗ Ensuring node image (kindest/node:v1.32.11) 🖼' >&2
      echo 'ERROR: failed to create cluster: failed to pull image "kindest/node:v1.32.11@sha256:5fc52d52": command "docker pull kindest/node:v1.32.11@sha256:5fc52d52" failed with error: exit status 1' >&2
      echo 'Command Output: Error response from daemon: Get "https://registry-1.docker.io/v2/": net/http: request canceled while waiting for connection' >&2
      exit 1
    fi
    cp "$config" "$dir/received-config.yaml"
    for step in 'Ensuring node image (kindest/node:v1.32.11) 🖼' 'Preparing nodes 📦 📦 📦' 'Writing configuration 📜' 'Starting control-plane 🕹️' 'Installing CNI 🔌' 'Installing StorageClass 💾' 'Joining worker nodes 🚜' 'Waiting ≤ 5m0s for control-plane = Ready ⏳'; do
      echo " ✓ $step" >&2
    done
    echo ' • Ready after 14s 💚' >&2
    echo pod-course >> "$state"
    write_kubeconfig
    echo 'Set kubectl context to "kind-pod-course"' >&2 ;;
  "export kubeconfig")
    write_kubeconfig
    echo 'Set kubectl context to "kind-pod-course"' >&2 ;;
  "delete cluster")
    echo 'Deleting cluster "pod-course" ...' >&2
    grep -vx pod-course "$state" > "$state.new" || true
    mv "$state.new" "$state"
    printf 'apiVersion: v1\nkind: Config\n' > "$kubeconfig"
    echo 'Deleted nodes: ["pod-course-worker" "pod-course-control-plane" "pod-course-worker2"]' >&2 ;;
  "load docker-image")
    for node in pod-course-control-plane pod-course-worker pod-course-worker2; do
      echo "Image: \"$3\" with ID \"sha256:0f1e\" not yet present on node \"$node\", loading..." >&2
    done ;;
  *) echo "ERROR: unknown command \"$1 $2\" for \"kind\"" >&2; exit 1 ;;
esac
`;

const FAKE_DOCKER = String.raw`#!/bin/sh
PATH=/usr/bin:/bin; export PATH
dir="$FAKE_KIND_DIR"
{ printf 'docker'; for a in "$@"; do printf '\t%s' "$a"; done; printf '\n'; } >> "$dir/calls.log"
case "$1" in
  info)
    if [ -n "$FAKE_DOCKER_DOWN" ]; then
      echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' >&2
      exit 1
    fi
    echo 28.2.2 ;;
  image)
    if grep -qxF "$5" "$dir/images" 2>/dev/null; then echo sha256:0f1e; else echo "Error response from daemon: No such image: $5" >&2; exit 1; fi ;;
  pull)
    if [ "$2" = "$FAKE_DOCKER_PULL_FAIL" ]; then
      echo 'Error response from daemon: Get "https://registry-1.docker.io/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)' >&2
      exit 1
    fi
    echo "Using default tag: latest"
    echo "Status: Downloaded newer image for $2"
    echo "$2" >> "$dir/images" ;;
  *) exit 1 ;;
esac
`;

const REAL_DOCKER = (() => {
  const found = spawnSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' });
  if (found.status !== 0) return undefined;
  const path = found.stdout.trim();
  const info = spawnSync(path, ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
  // Only a docker whose daemon is down can show the real "not running" message.
  return info.status !== 0 && /daemon/i.test(info.stderr) ? path : undefined;
})();
if (!REAL_DOCKER) {
  console.warn(
    '[pod-course tests] no docker client with a stopped daemon: the real-docker case is skipped',
  );
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** `--json` means exactly one JSON document on stdout: one line, parsed whole. */
function onlyDocument(stdout: string): Record<string, unknown> {
  const lines = stdout.split('\n');
  expect(lines.length, stdout).toBe(2);
  expect(lines[1]).toBe('');
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe.skipIf(process.platform === 'win32')('pod-course kind create | delete (fake kind)', () => {
  let dir: string;
  let state: string;
  let home: string;
  let kindBin: string;
  let dockerBin: string;
  let lessons: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pod-course-kind-'));
    state = join(dir, 'fake');
    home = join(dir, 'home');
    kindBin = join(dir, 'kind-bin');
    dockerBin = join(dir, 'docker-bin');
    lessons = join(dir, 'lessons');
    for (const directory of [state, kindBin, dockerBin]) await mkdir(directory);
    await writeFile(join(kindBin, 'kind'), FAKE_KIND, { mode: 0o755 });
    await writeFile(join(dockerBin, 'docker'), FAKE_DOCKER, { mode: 0o755 });
    await chmod(join(kindBin, 'kind'), 0o755);
    await chmod(join(dockerBin, 'docker'), 0o755);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = async (
    sub: 'create' | 'delete',
    values: KindValues = {},
    options: {
      language?: Language;
      path?: string[];
      env?: Record<string, string>;
      platform?: NodeJS.Platform;
    } = {},
  ): Promise<Outcome> => {
    let stdout = '';
    let stderr = '';
    const code = await runKind(sub, values, options.language ?? 'en', {
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => (stderr += chunk) },
      env: {
        PATH: (options.path ?? [kindBin, dockerBin]).join(':'),
        POD_COURSE_HOME: home,
        FAKE_KIND_DIR: state,
        FAKE_KIND_VERSION: 'v0.31.0',
        ...options.env,
      },
      lessonsDir: lessons,
      ...(options.platform ? { platform: options.platform } : {}),
    });
    return { code, stdout, stderr };
  };
  /** Every kind and docker invocation so far, as argv arrays. */
  const calls = async () =>
    (await readFile(join(state, 'calls.log'), 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t'));
  const kindCalls = async () =>
    (await calls()).filter((argv) => argv[0] === 'kind' && argv[1] !== 'version');
  const kindDir = () => join(home, 'kind');

  it('creates the cluster when kind lists none, with the generated config and its own kubeconfig', async () => {
    const result = await run('create', { json: true });
    expect(result.code, result.stderr).toBe(0);
    const document = onlyDocument(result.stdout);
    expect(document).toMatchObject({
      cluster: 'pod-course',
      context: 'kind-pod-course',
      kubeconfig: join(kindDir(), 'kubeconfig'),
      created: true,
      image: KIND_NODE_IMAGE,
      mirror: null,
      preload: null,
    });
    expect(document.nodes).toEqual([
      { name: 'pod-course-control-plane', role: 'control-plane', labels: {} },
      { name: 'pod-course-worker', role: 'worker', labels: { disktype: 'ssd' } },
      { name: 'pod-course-worker2', role: 'worker', labels: {} },
    ]);
    expect(await kindCalls()).toEqual([
      ['kind', 'get', 'clusters'],
      [
        'kind',
        'create',
        'cluster',
        '--name',
        'pod-course',
        '--config',
        join(kindDir(), 'cluster.yaml'),
        '--kubeconfig',
        join(kindDir(), 'kubeconfig'),
        '--wait',
        '5m',
      ],
    ]);
    expect((await calls())[0]).toEqual(['docker', 'info', '--format', '{{.ServerVersion}}']);
    // kind got the config pod-course wrote, and the kubeconfig is where the engine looks.
    const config = parse(await readFile(join(state, 'received-config.yaml'), 'utf8'));
    expect(config.nodes[1].labels).toEqual({ disktype: 'ssd' });
    expect(config.nodes[0].extraMounts[0].hostPath).toBe(join(kindDir(), 'certs.d', 'docker.io'));
    expect(await readFile(join(kindDir(), 'kubeconfig'), 'utf8')).toContain('kind-pod-course');
    const hosts = await readFile(join(kindDir(), 'certs.d', 'docker.io', 'hosts.toml'), 'utf8');
    expect(hosts).toContain('server = "https://registry-1.docker.io"');
    expect(hosts).not.toContain('[host.');
    // kind's progress reaches the user's stderr, line by line; stdout holds only the document.
    expect(result.stderr).toContain(
      'Creating the kind cluster "pod-course" (3 nodes, Kubernetes v1.32.11)',
    );
    expect(result.stderr).toContain(' ✓ Joining worker nodes 🚜');
    expect(result.stdout).not.toContain('✓');
  });

  it('reuses the cluster when kind lists it: exports the kubeconfig, creates nothing', async () => {
    await writeFile(join(state, 'clusters'), 'kind\npod-course\n');
    const result = await run('create');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('The kind cluster "pod-course" already exists; using it.');
    expect(result.stdout).toContain(`kubeconfig: ${join(kindDir(), 'kubeconfig')}`);
    expect(await kindCalls()).toEqual([
      ['kind', 'get', 'clusters'],
      [
        'kind',
        'export',
        'kubeconfig',
        '--name',
        'pod-course',
        '--kubeconfig',
        join(kindDir(), 'kubeconfig'),
      ],
    ]);
    const json = onlyDocument((await run('create', { json: true })).stdout);
    expect(json).toMatchObject({ created: false, elapsedMs: 0 });
  });

  it('deletes the cluster and its kubeconfig; a second delete has nothing to do', async () => {
    expect((await run('create')).code).toBe(0);
    const first = await run('delete', { json: true });
    expect(first.code, first.stderr).toBe(0);
    expect(onlyDocument(first.stdout)).toEqual({ cluster: 'pod-course', deleted: true });
    expect((await kindCalls()).at(-1)).toEqual([
      'kind',
      'delete',
      'cluster',
      '--name',
      'pod-course',
      '--kubeconfig',
      join(kindDir(), 'kubeconfig'),
    ]);
    await expect(stat(join(kindDir(), 'kubeconfig'))).rejects.toThrow();
    expect(first.stderr).toContain('Deleting the kind cluster "pod-course"…');

    const before = (await kindCalls()).length;
    const second = await run('delete');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('There is no kind cluster "pod-course"; nothing to delete.');
    expect((await kindCalls()).slice(before)).toEqual([['kind', 'get', 'clusters']]);
  });

  it('says how to install kind for the user’s OS when it is not on PATH, and runs nothing', async () => {
    const linux = await run('create', { json: true }, { path: [dockerBin], platform: 'linux' });
    expect(linux.code).toBe(3);
    expect(linux.stderr).toContain('pod-course: kind is not installed (or not on PATH).');
    expect(linux.stderr).toContain('https://kind.sigs.k8s.io/dl/v0.31.0/kind-linux-amd64');
    expect(onlyDocument(linux.stdout)).toEqual({
      error: { code: 'kind-missing', message: expect.stringContaining('kind is not installed') },
    });
    const mac = await run('create', {}, { path: [dockerBin], platform: 'darwin' });
    expect(mac.stderr).toContain('brew install kind');
    expect(mac.stdout).toBe('');
    const windows = await run('delete', {}, { path: [dockerBin], platform: 'win32' });
    expect(windows.stderr).toContain('winget install Kubernetes.kind');
    expect(await calls()).toEqual([]);
    expect(linux.stderr).not.toMatch(/\n\s+at /);
  });

  it('says Docker is missing when kind is there but no container runtime is', async () => {
    const result = await run('create', { json: true }, { path: [kindBin] });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('docker is not installed (or not on PATH)');
    expect(result.stderr).toContain('https://docs.docker.com/get-docker/');
    expect((onlyDocument(result.stdout).error as { code: string }).code).toBe('provider-missing');
  });

  it('says Docker is not running, quoting Docker, before kind runs', async () => {
    const result = await run('create', {}, { env: { FAKE_DOCKER_DOWN: '1' }, platform: 'linux' });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      'docker is installed but not running: run "sudo systemctl start docker"',
    );
    expect(result.stderr).toContain(
      'docker said: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    );
    expect(await kindCalls()).toEqual([]);
  });

  it.skipIf(!REAL_DOCKER)(
    'recognises the real docker client’s words for a stopped daemon',
    async () => {
      const result = await run(
        'create',
        { json: true },
        { path: [kindBin, dirname(REAL_DOCKER ?? '')] },
      );
      expect(result.code).toBe(3);
      const error = onlyDocument(result.stdout).error as { code: string; message: string };
      expect(error.code).toBe('provider-not-running');
      expect(error.message).toMatch(/docker said: .*daemon/i);
    },
  );

  it('quotes kind’s own lines when it fails, exit 3, with a hint for a node image that will not pull', async () => {
    const result = await run('create', { json: true }, { env: { FAKE_KIND_CREATE_FAIL: '1' } });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      `pod-course: "kind create cluster --name pod-course --config ${join(kindDir(), 'cluster.yaml')}`,
    );
    expect(result.stderr).toContain('failed (exit 1). Its last lines:');
    expect(result.stderr).toContain(
      '  ERROR: failed to create cluster: failed to pull image "kindest/node:v1.32.11',
    );
    expect(result.stderr).toContain('give Docker itself a registry mirror');
    const error = onlyDocument(result.stdout).error as { code: string; message: string };
    expect(error.code).toBe('kind-failed');
    expect(error.message).toContain('Command Output: Error response from daemon');
  });

  it('writes a Docker Hub mirror into the mounted hosts.toml, keeps it on reuse, changes it live', async () => {
    const created = onlyDocument(
      (await run('create', { json: true, mirror: 'mirror.example.com/' })).stdout,
    );
    expect(created.mirror).toBe('https://mirror.example.com');
    const hostsToml = join(kindDir(), 'certs.d', 'docker.io', 'hosts.toml');
    expect(await readFile(hostsToml, 'utf8')).toContain('[host."https://mirror.example.com"]');

    const reused = await run('create');
    expect(reused.stdout).toContain('Docker Hub mirror: https://mirror.example.com');
    const changed = onlyDocument(
      (await run('create', { json: true, mirror: 'http://10.0.0.5:5000' })).stdout,
    );
    expect(changed).toMatchObject({ created: false, mirror: 'http://10.0.0.5:5000' });
    expect(await readFile(hostsToml, 'utf8')).toContain('[host."http://10.0.0.5:5000"]');
  });

  it('refuses a bad --mirror, or options delete does not take, with exit 2 and nothing run', async () => {
    const bad = await run('create', { json: true, mirror: 'ftp://mirror.example.com' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--mirror needs an http or https URL');
    expect(onlyDocument(bad.stdout)).toMatchObject({ error: { code: 'usage' } });
    const onDelete = await run('delete', { preload: true });
    expect(onDelete.code).toBe(2);
    expect(onDelete.stderr).toContain('--preload only applies to "pod-course kind create"');
    expect(await calls()).toEqual([]);
  });

  it('preloads every lesson image: pulls what Docker lacks, loads all, notes untagged ones', async () => {
    await mkdir(join(lessons, '01-demo', 'files'), { recursive: true });
    await mkdir(join(lessons, '01-demo', 'near-miss'), { recursive: true });
    await writeFile(
      join(lessons, '01-demo', 'files', 'pod.yaml'),
      'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n    - name: shell\n      image: busybox\n',
    );
    await writeFile(
      join(lessons, '01-demo', 'near-miss', 'pod.yaml'),
      'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n',
    );
    await writeFile(join(state, 'images'), 'nginx:1.27\n');
    const result = await run('create', { json: true, preload: true });
    expect(result.code, result.stderr).toBe(0);
    expect(onlyDocument(result.stdout).preload).toEqual([
      { image: 'busybox', loaded: true },
      { image: 'nginx:1.27', loaded: true },
    ]);
    const all = await calls();
    expect(all.filter((argv) => argv[1] === 'pull')).toEqual([['docker', 'pull', 'busybox']]);
    expect(all.filter((argv) => argv[1] === 'load')).toEqual([
      ['kind', 'load', 'docker-image', 'busybox', '--name', 'pod-course'],
      ['kind', 'load', 'docker-image', 'nginx:1.27', '--name', 'pod-course'],
    ]);
    expect(result.stderr).toContain('note: busybox name no tag (":latest")');
    expect(result.stderr).not.toContain('note: busybox, nginx');
  });

  it('reports an image that cannot be pulled, loads the rest, and exits 1', async () => {
    await mkdir(join(lessons, '01-demo', 'solution'), { recursive: true });
    await writeFile(
      join(lessons, '01-demo', 'solution', 'pod.yaml'),
      'kind: Pod\nspec:\n  containers:\n    - image: busybox:1.36\n    - image: nginx:1.27\n',
    );
    const result = await run(
      'create',
      { json: true, preload: true },
      { env: { FAKE_DOCKER_PULL_FAIL: 'busybox:1.36' } },
    );
    expect(result.code).toBe(1);
    expect(onlyDocument(result.stdout).preload).toEqual([
      {
        image: 'busybox:1.36',
        loaded: false,
        error: expect.stringContaining('request canceled while waiting for connection'),
      },
      { image: 'nginx:1.27', loaded: true },
    ]);
    expect(result.stderr).toContain('1 image could not be loaded');
  });

  it('warns when kind is older than the release that built the node image', async () => {
    const result = await run('create', {}, { env: { FAKE_KIND_VERSION: 'v0.26.0' } });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('note: kind v0.26.0 is older than v0.31.0');
    expect((await run('create')).stderr).not.toContain('older than');
  });

  it('speaks Chinese with --lang zh, errors included', async () => {
    const created = await run('create', {}, { language: 'zh-CN' });
    expect(created.code).toBe(0);
    expect(created.stderr).toContain(
      '正在创建 kind 集群 "pod-course" (3 个节点，Kubernetes v1.32.11)',
    );
    expect(created.stdout).toContain('kind 集群 "pod-course" 已就绪');
    const missing = await run(
      'create',
      {},
      { language: 'zh-CN', path: [dockerBin], platform: 'linux' },
    );
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('没有安装 kind (或不在 PATH 中)');
    expect(missing.stderr).toContain(
      'GOPROXY=https://goproxy.cn go install sigs.k8s.io/kind@v0.31.0',
    );
    const deleted = await run('delete', {}, { language: 'zh-CN' });
    expect(deleted.stdout).toContain('kind 集群 "pod-course" 已删除。');
  });
});
