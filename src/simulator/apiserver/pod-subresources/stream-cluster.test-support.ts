/**
 * For the stream tests: the real API server (HTTPS, bootstrap objects, every handler) on an
 * in-memory store, with a test kubelet plugged into our `NodeStreams` hook, and a kubeconfig
 * for the real kubectl and client-node. Plus `testKubelet`, that hook's test implementation:
 * a few commands with fixed, checkable behaviour.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type KubectlRunner, kubectlFor } from '../../../../test/support/kubectl.js';
import { bootstrapCluster } from '../../bootstrap.js';
import { NamespaceController } from '../../controllers/namespace-controller.js';
import { writeKubeconfig } from '../../kubeconfig.js';
import { Store } from '../../store/index.js';
import { createSelfSignedCertificate } from '../../tls/certificate.js';
import { ApiServer, tokenMatches } from '../api-server.js';
import { Registry } from '../registry/registry.js';
import { podSubresources } from './index.js';
import {
  KubeletError,
  type NodeStreams,
  type SessionIO,
  type TerminalSize,
} from './node-streams.js';
import { podStreamUpgrade } from './upgrade.js';

export interface StreamCluster {
  url: string;
  kubeconfigPath: string;
  caPem: string;
  token: string;
  registry: Registry;
  kubectl: KubectlRunner;
  dir: string;
  stop(): Promise<void>;
}

export async function startStreamCluster(streams: NodeStreams): Promise<StreamCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'pod-course-streams-'));
  const store = Store.memory();
  const registry = new Registry(store);
  await bootstrapCluster(registry, new Date());
  const certificate = await createSelfSignedCertificate();
  // The default ServiceAccounts pod admission looks up.
  const namespaces = new NamespaceController(registry, certificate.caPem);
  namespaces.start();
  await namespaces.idle();
  const token = randomBytes(24).toString('base64url');
  const server = new ApiServer({
    registry,
    certPem: certificate.certPem,
    keyPem: certificate.keyPem,
    authenticate: (presented) => tokenMatches(token, presented),
    subresources: podSubresources(streams),
    upgrade: podStreamUpgrade(registry, streams),
  });
  const port = await server.listen(0);
  const url = `https://127.0.0.1:${port}`;
  const kubeconfigPath = join(dir, 'kubeconfig');
  await writeKubeconfig(kubeconfigPath, { server: url, caPem: certificate.caPem, token });
  return {
    url,
    kubeconfigPath,
    caPem: certificate.caPem,
    token,
    registry,
    kubectl: kubectlFor(kubeconfigPath, join(dir, 'kube-cache')),
    dir,
    async stop() {
      namespaces.stop();
      await server.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain HTTPS request with the cluster's token, for what no client sends on its own. */
export function rawRequest(
  cluster: { url: string; caPem: string; token: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${cluster.url}${path}`,
      {
        method,
        ca: cluster.caPem,
        headers: {
          Authorization: `Bearer ${cluster.token}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/**
 * Creates a pod, waiting out the moment after start-up when the namespace controller has not
 * yet created the `default` ServiceAccount that pod admission requires.
 */
export async function createPod(
  cluster: { url: string; caPem: string; token: string },
  body: unknown,
) {
  for (let attempt = 0; ; attempt++) {
    const created = await rawRequest(cluster, 'POST', '/api/v1/namespaces/default/pods', body);
    const waiting =
      created.status === 403 && created.body.includes('error looking up service account');
    if (!waiting || attempt >= 200) return created;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface TestKubelet extends NodeStreams {
  /** Resizes each session saw, in order. */
  resizes: TerminalSize[];
  /** Ends the `follow` log streams opened so far, after one more line. */
  finishFollowing(): void;
}

/**
 * Exec commands: `echo …`, `cat` (stdin to stdout), `sh -c 'exit N'`, `warn TEXT` (stderr,
 * exit 1), `size` (prints the first terminal size), `missing` (fails to start in the
 * runtime). Container `sleepy` is not running. Logs print the options they were given.
 */
export function testKubelet(): TestKubelet {
  const followers: Readable[] = [];
  const resizes: TerminalSize[] = [];
  const notRunning = (container: string) => {
    if (container === 'sleepy') throw new KubeletError(`container not found ("${container}")`, 500);
  };
  return {
    resizes,
    finishFollowing() {
      for (const stream of followers.splice(0)) {
        stream.push('second\n');
        stream.push(null);
      }
    },
    async logs(target, options) {
      if (target.container === 'sleepy') {
        throw new KubeletError(
          `container "sleepy" in pod "${target.podName}" is waiting to start: ContainerCreating`,
          400,
        );
      }
      if (options.follow) {
        const stream = new Readable({ read() {} });
        stream.push('first\n');
        followers.push(stream);
        return stream;
      }
      const { sinceTime, ...rest } = options;
      const shown = {
        container: target.container,
        node: target.nodeName,
        ...rest,
        ...(sinceTime ? { sinceTime: sinceTime.toISOString() } : {}),
      };
      return Readable.from([`${JSON.stringify(shown)}\n`]);
    },
    async exec(target, command) {
      notRunning(target.container);
      return { run: (io) => runCommand(command, io, resizes) };
    },
    async attach(target) {
      notRunning(target.container);
      return {
        async run(io) {
          io.stdout?.write('attached\n');
          for await (const chunk of io.stdin ?? []) io.stdout?.write(chunk);
          return { exitCode: 0 };
        },
      };
    },
  };
}

async function runCommand(command: readonly string[], io: SessionIO, resizes: TerminalSize[]) {
  const [program, ...args] = command;
  switch (program) {
    case 'echo':
      io.stdout?.write(`${args.join(' ')}\n`);
      return { exitCode: 0 };
    case 'cat':
      for await (const chunk of io.stdin ?? []) io.stdout?.write(chunk);
      return { exitCode: 0 };
    case 'sh': {
      const code = /^exit (\d+)$/.exec(args[1] ?? '');
      return { exitCode: code ? Number(code[1]) : 0 };
    }
    case 'warn':
      io.stderr?.write(`${args.join(' ')}\n`);
      return { exitCode: 1 };
    case 'size':
      for await (const size of io.resize ?? []) {
        resizes.push(size as TerminalSize);
        io.stdout?.write(`${(size as TerminalSize).width}x${(size as TerminalSize).height}\r\n`);
        break;
      }
      return { exitCode: 0 };
    default:
      throw new Error(`exec: "${program}": executable file not found in $PATH`);
  }
}
