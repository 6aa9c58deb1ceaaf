/**
 * Test support, not product code: a throwaway HTTPS "API server" that serves just enough for
 * real kubectl (version, aggregated discovery) and records every POST body it receives, so tests
 * can decode the exact protobuf bytes kubectl sends. Each capture runs kubectl with its own
 * HOME, kubeconfig and --cache-dir, so nothing under the user's ~/.kube is read or written.
 */

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { X509CertificateCreateSelfSignedParams } from '@peculiar/x509';
import { ApiError } from '../status.js';
import { decodeKubeProtobuf, PROTOBUF_CONTENT_TYPE } from './decode.js';

export interface CapturedRequest {
  method: string;
  path: string;
  contentType: string;
  body: Buffer;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

const DISCOVERY_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const ALL_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

function resource(group: string, plural: string, kind: string, scope: 'Namespaced' | 'Cluster') {
  return {
    resource: plural,
    responseKind: { group, version: 'v1', kind },
    scope,
    singularResource: kind.toLowerCase(),
    verbs: ALL_VERBS,
  };
}

function discoveryList(groups: { name: string; resources: unknown[] }[]) {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((g) => ({
      metadata: g.name ? { name: g.name } : {},
      versions: [{ version: 'v1', resources: g.resources, freshness: 'Current' }],
    })),
  };
}

const CORE = discoveryList([
  {
    name: '',
    resources: [
      resource('', 'pods', 'Pod', 'Namespaced'),
      resource('', 'secrets', 'Secret', 'Namespaced'),
      resource('', 'configmaps', 'ConfigMap', 'Namespaced'),
      resource('', 'serviceaccounts', 'ServiceAccount', 'Namespaced'),
      resource('', 'namespaces', 'Namespace', 'Cluster'),
    ],
  },
]);

const RBAC = 'rbac.authorization.k8s.io';
const GROUPS = discoveryList([
  { name: 'apps', resources: [resource('apps', 'deployments', 'Deployment', 'Namespaced')] },
  {
    name: RBAC,
    resources: [
      resource(RBAC, 'roles', 'Role', 'Namespaced'),
      resource(RBAC, 'rolebindings', 'RoleBinding', 'Namespaced'),
      resource(RBAC, 'clusterroles', 'ClusterRole', 'Cluster'),
      resource(RBAC, 'clusterrolebindings', 'ClusterRoleBinding', 'Cluster'),
    ],
  },
]);

/** An EC P-256 self-signed certificate and its PKCS#8 key, PEM-encoded. */
export async function selfSignedCertificate(
  commonName: string,
): Promise<{ certPem: string; keyPem: string }> {
  await import('reflect-metadata'); // @peculiar/x509's dependency injection needs it first
  const x509 = await import('@peculiar/x509');
  const { webcrypto } = await import('node:crypto');
  // Node's webcrypto is the WebCrypto the library expects; only the DOM typings differ.
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${commonName}`,
    notBefore: new Date(Date.now() - 3_600_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keys: keys as unknown as X509CertificateCreateSelfSignedParams['keys'],
    signingAlgorithm: algorithm,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }])],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const keyPem = x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
  return { certPem: cert.toString('pem'), keyPem };
}

export class KubectlCapture {
  readonly requests: CapturedRequest[] = [];
  private constructor(
    private readonly server: Server,
    readonly dir: string,
    private readonly kubeconfig: string,
  ) {}

  static async start(): Promise<KubectlCapture> {
    const dir = await mkdtemp(join(tmpdir(), 'pb-capture-'));
    const { certPem, keyPem } = await selfSignedCertificate('pb-capture');
    let capture: KubectlCapture | undefined;
    const server = createServer({ cert: certPem, key: keyPem }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'https://127.0.0.1');
        const body = Buffer.concat(chunks);
        const send = (code: number, value: unknown, type = 'application/json') => {
          res.writeHead(code, { 'Content-Type': type });
          res.end(JSON.stringify(value));
        };
        if (req.method === 'GET' && url.pathname === '/version') {
          send(200, { major: '1', minor: '32', gitVersion: 'v1.32.0', platform: 'linux/amd64' });
        } else if (req.method === 'GET' && url.pathname === '/api') {
          send(200, CORE, DISCOVERY_TYPE);
        } else if (req.method === 'GET' && url.pathname === '/apis') {
          send(200, GROUPS, DISCOVERY_TYPE);
        } else if (req.method === 'POST') {
          const contentType = req.headers['content-type'] ?? '';
          capture?.requests.push({ method: 'POST', path: url.pathname, contentType, body });
          try {
            const object = contentType.startsWith(PROTOBUF_CONTENT_TYPE)
              ? decodeKubeProtobuf(body)
              : JSON.parse(body.toString('utf8'));
            send(201, object);
          } catch (error) {
            const status = error instanceof ApiError ? error.status : undefined;
            send(status?.code ?? 500, status ?? { message: String(error) });
          }
        } else {
          send(404, {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: 'the server could not find the requested resource',
            reason: 'NotFound',
            code: 404,
          });
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const kubeconfig = join(dir, 'kubeconfig');
    await writeFile(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: capture',
        '  cluster:',
        `    server: https://127.0.0.1:${port}`,
        '    insecure-skip-tls-verify: true',
        'contexts:',
        '- name: capture',
        '  context: {cluster: capture, user: capture, namespace: default}',
        'current-context: capture',
        'users:',
        '- name: capture',
        '  user: {token: capture-token}',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    capture = new KubectlCapture(server, dir, kubeconfig);
    return capture;
  }

  /** Runs `kubectl ARGS` against this server; never rejects, the exit code is in the result. */
  kubectl(args: string[]): Promise<KubectlResult> {
    const fullArgs = [
      '--kubeconfig',
      this.kubeconfig,
      '--cache-dir',
      join(this.dir, 'cache'),
      ...args,
    ];
    const env = { ...process.env, HOME: this.dir, KUBECONFIG: this.kubeconfig };
    return new Promise((resolve) => {
      execFile(
        'kubectl',
        fullArgs,
        { env, timeout: 60_000, encoding: 'utf8' },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  /** Runs a `kubectl create …` and returns the one POST it made. */
  async captureCreate(args: string[]): Promise<CapturedRequest> {
    const before = this.requests.length;
    const result = await this.kubectl(args);
    const posted = this.requests.slice(before);
    if (result.code !== 0 || posted.length !== 1 || !posted[0]) {
      throw new Error(
        `kubectl ${args.join(' ')} exited ${result.code} after ${posted.length} POST(s): ${result.stderr}`,
      );
    }
    return posted[0];
  }

  /** What kubectl itself prints for the same command with `--dry-run=client -o json`. */
  async dryRunJson(args: string[]): Promise<unknown> {
    // Flags go before a `--`, after which everything is the container's command.
    const split = args.includes('--') ? args.indexOf('--') : args.length;
    const flags = ['--dry-run=client', '-o', 'json'];
    const result = await this.kubectl([...args.slice(0, split), ...flags, ...args.slice(split)]);
    if (result.code !== 0)
      throw new Error(`kubectl ${args.join(' ')} --dry-run failed: ${result.stderr}`);
    return JSON.parse(result.stdout);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.dir, { recursive: true, force: true });
  }
}
