/**
 * logs, exec and attach end to end: the real kubectl and @kubernetes/client-node against the
 * real API server over HTTPS, with a test kubelet behind our `NodeStreams` hook.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { Attach, Exec, KubeConfig, Log, type V1Status } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../../../../test/support/kubectl.js';
import {
  createPod,
  type StreamCluster,
  startStreamCluster,
  testKubelet,
} from './stream-cluster.test-support.js';

const kubelet = testKubelet();
let cluster: StreamCluster;

const pod = (name: string, nodeName: string, containers: string[]) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: {
    nodeName,
    containers: containers.map((c) => ({ name: c, image: 'busybox', stdin: true })),
  },
});

beforeAll(async () => {
  cluster = await startStreamCluster(kubelet);
  for (const body of [
    pod('web', 'pod-course-worker', ['app', 'sidecar']),
    pod('sleepy-pod', 'pod-course-worker', ['sleepy']),
  ]) {
    const created = await createPod(cluster, body);
    expect(created.status, created.body).toBe(201);
  }
});

afterAll(async () => {
  await cluster?.stop();
});

describe.skipIf(!KUBECTL)(
  `real kubectl with a running container${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    it('exec prints the output and exits 0', async () => {
      const r = await cluster.kubectl(['exec', 'web', '-c', 'app', '--', 'echo', 'hi']);
      expect(r).toMatchObject({ code: 0, stdout: 'hi\n' });
    });

    it('exec exits with the command’s exit code', async () => {
      const r = await cluster.kubectl(['exec', 'web', '-c', 'app', '--', 'sh', '-c', 'exit 3']);
      expect(r.code).toBe(3);
      expect(r.stderr).toBe('command terminated with exit code 3\n');
    });

    it('exec passes stderr through', async () => {
      const r = await cluster.kubectl(['exec', 'web', '-c', 'app', '--', 'warn', 'disk', 'full']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('disk full\ncommand terminated with exit code 1\n');
    });

    it('exec -i streams stdin and ends it with [255,0] at EOF', async () => {
      const r = await cluster.kubectl(['exec', '-i', 'web', '-c', 'app', '--', 'cat'], {
        input: 'hello\nworld\n',
      });
      expect(r).toMatchObject({ code: 0, stdout: 'hello\nworld\n' });
    });

    it('exec -it sends the terminal size on the resize channel', async () => {
      const command = [
        'stty cols 100 rows 30;',
        KUBECTL,
        `--kubeconfig=${cluster.kubeconfigPath}`,
        `--cache-dir=${join(cluster.dir, 'kube-cache')}`,
        'exec -it web -c app -- size',
      ].join(' ');
      const output = await new Promise<string>((resolve) => {
        const child = spawn('script', ['-qec', command, '/dev/null'], {
          env: { ...process.env, HOME: cluster.dir },
        });
        let text = '';
        child.stdout.on('data', (c: Buffer) => {
          text += c.toString();
        });
        child.on('close', () => resolve(text));
      });
      expect(output).toContain('100x30');
      expect(kubelet.resizes[0]).toEqual({ width: 100, height: 30 });
    });

    it('exec reports a runtime failure as the API server does', async () => {
      const r = await cluster.kubectl(['exec', 'web', '-c', 'app', '--', 'missing']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'error: Internal error occurred: Internal error occurred: error executing command in container: exec: "missing": executable file not found in $PATH\n',
      );
    });

    it('exec into a container that is not running: the kubelet refusal', async () => {
      const r = await cluster.kubectl(['exec', 'sleepy-pod', '--', 'echo', 'hi']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'error: Internal error occurred: unable to upgrade connection: container not found ("sleepy")\n',
      );
    });

    it('exec -c with a container the pod does not have (checked by the server)', async () => {
      const r = await cluster.kubectl(['exec', 'web', '-c', 'nope', '--', 'echo', 'hi']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'Error from server (BadRequest): container nope is not valid for pod web\n',
      );
    });

    it('attach -i shows the process output and relays stdin', async () => {
      const r = await cluster.kubectl(['attach', '-i', 'web', '-c', 'app'], { input: 'typed\n' });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('attached\ntyped\n');
    });

    it('logs forwards the options kubectl sends', async () => {
      const r = await cluster.kubectl([
        'logs',
        'web',
        '-c',
        'sidecar',
        '--tail=2',
        '--timestamps',
        '--since=10s',
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        container: 'sidecar',
        node: 'pod-course-worker',
        follow: false,
        previous: false,
        timestamps: true,
        tailLines: 2,
        sinceSeconds: 10,
      });
    });

    it('logs -f prints lines as they come and exits 0 when the stream ends', async () => {
      const child = spawn(
        KUBECTL ?? 'kubectl',
        [
          `--kubeconfig=${cluster.kubeconfigPath}`,
          `--cache-dir=${join(cluster.dir, 'kube-cache')}`,
          'logs',
          '-f',
          'web',
          '-c',
          'app',
        ],
        { env: { ...process.env, HOME: cluster.dir } },
      );
      let stdout = '';
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (c: Buffer) => {
          stdout += c.toString();
          if (stdout.includes('first\n')) resolve();
        });
      });
      kubelet.finishFollowing();
      expect(await exited).toBe(0);
      expect(stdout).toBe('first\nsecond\n');
    });

    it('logs of a container that has not started: the kubelet’s 400', async () => {
      const r = await cluster.kubectl(['logs', 'sleepy-pod']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'Error from server (BadRequest): container "sleepy" in pod "sleepy-pod" is waiting to start: ContainerCreating\n',
      );
    });
  },
);

describe('@kubernetes/client-node with a running container', () => {
  const config = () => {
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    return kc;
  };

  function collector() {
    let text = '';
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        text += chunk.toString();
        callback();
      },
    });
    return { stream, text: () => text };
  }

  function exec(command: string[], stdin: Readable | null) {
    const stdout = collector();
    const stderr = collector();
    return new Promise<{ status: V1Status; stdout: string; stderr: string }>((resolve, reject) => {
      new Exec(config())
        .exec(
          'default',
          'web',
          'app',
          command,
          stdout.stream,
          stderr.stream,
          stdin,
          false,
          (status) => resolve({ status, stdout: stdout.text(), stderr: stderr.text() }),
        )
        .catch(reject);
    });
  }

  it('Exec delivers output and a Success status', async () => {
    const r = await exec(['echo', 'from', 'client-node'], null);
    expect(r.stdout).toBe('from client-node\n');
    expect(r.status).toEqual({ metadata: {}, status: 'Success' });
  });

  it('Exec delivers the exit code as a NonZeroExitCode status', async () => {
    const r = await exec(['sh', '-c', 'exit 3'], null);
    expect(r.status).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
  });

  it('Exec sends stdin and closes it when the stream ends', async () => {
    const r = await exec(['cat'], Readable.from([Buffer.from('piped in')]));
    expect(r.stdout).toBe('piped in');
    expect(r.status.status).toBe('Success');
  });

  it('Attach receives the process output', async () => {
    const stdout = collector();
    const ws = await new Attach(config()).attach(
      'default',
      'web',
      'app',
      stdout.stream,
      null,
      null,
      false,
    );
    await new Promise((resolve) => ws.on('close', resolve));
    expect(stdout.text()).toBe('attached\n');
  });

  it('Log streams the container log', async () => {
    const out = collector();
    const done = new Promise((resolve) => out.stream.on('finish', resolve));
    await new Log(config()).log('default', 'web', 'app', out.stream, { tailLines: 5 });
    await done;
    expect(JSON.parse(out.text())).toMatchObject({ container: 'app', tailLines: 5, follow: false });
  });
});
