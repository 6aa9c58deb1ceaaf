import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';
import { manifestWriter, untilJsonpath, untilReady } from './helpers.js';

/**
 * Services and their endpoints as real kubectl 1.32 sees them: the Endpoints and EndpointSlices
 * the controllers keep (`get`, `describe service` — which reads the slices — and `describe
 * endpoints`), the `kubernetes` Service's endpoints at the API server, the group-qualified 422
 * message next to kubectl's own wording, and a static pod whose mirror the API server refuses.
 */
const WEB_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: http
`;

const WEB_POD = (name: string, node: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
    app: web
spec:
  nodeName: ${node}
  containers:
  - name: nginx
    image: nginx:1.25
    ports:
    - name: http
      containerPort: 80
`;

/** Ready only once `/tmp/ready` exists. */
const GATED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: gated
  labels:
    app: gated
spec:
  containers:
  - name: main
    image: busybox:1.36
    command: ['sleep', '3600']
    readinessProbe:
      exec:
        command: ['cat', '/tmp/ready']
      periodSeconds: 1
`;

const GATED_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: gated
spec:
  selector:
    app: gated
  ports:
  - port: 8080
`;

/** A hostPID pod on the worker that can write the node's static pod manifests. */
const WRITER = `apiVersion: v1
kind: Pod
metadata:
  name: writer
spec:
  nodeName: pod-course-worker
  hostPID: true
  volumes:
  - name: manifests
    hostPath:
      path: /etc/kubernetes/manifests
      type: Directory
  containers:
  - name: writer
    image: busybox:1.36
    command: ['sleep', '3600']
    volumeMounts:
    - name: manifests
      mountPath: /manifests
`;

const STATIC = (name: string, extra: string, seconds: number) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
${extra}  containers:
  - name: main
    image: busybox:1.36
    command: ['sleep', '${seconds}']
`;

/** Bytes as Go compares strings: how Endpoints sort their addresses. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe.skipIf(!KUBECTL)(
  `real kubectl: Endpoints, EndpointSlices and mirror pods${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let cluster: TestCluster;
    let write: ReturnType<typeof manifestWriter>;
    const ok = async (args: string[], input?: string) => {
      const r = await cluster.kubectl(args, input === undefined ? {} : { input });
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };
    const apply = async (file: string, text: string) =>
      ok(['apply', '-f', await write(file, text)]);

    beforeAll(async () => {
      cluster = await startTestCluster();
      write = manifestWriter(cluster.dir);
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    it('serves endpoints (ep) in v1 and endpointslices in discovery.k8s.io/v1', async () => {
      const out = await ok(['api-resources', '-o', 'wide']);
      const verbs = 'create,delete,deletecollection,get,list,patch,update,watch';
      expect(out).toMatch(
        new RegExp(`^endpoints\\s+ep\\s+v1\\s+true\\s+Endpoints\\s+${verbs}\\s*$`, 'm'),
      );
      expect(out).toMatch(
        new RegExp(
          `^endpointslices\\s+discovery\\.k8s\\.io/v1\\s+true\\s+EndpointSlice\\s+${verbs}\\s*$`,
          'm',
        ),
      );
      expect(await ok(['api-versions'])).toContain('discovery.k8s.io/v1\n');
    });

    it('points the kubernetes Service at the control plane’s API server, port 6443', async () => {
      expect(await ok(['get', 'endpoints', 'kubernetes'])).toMatch(
        /^NAME {9}ENDPOINTS {9}AGE\nkubernetes {3}172\.18\.0\.2:6443 {3}\d+s\n$/,
      );
      expect(await ok(['get', 'endpointslices', 'kubernetes'])).toMatch(
        /^NAME {9}ADDRESSTYPE {3}PORTS {3}ENDPOINTS {4}AGE\nkubernetes {3}IPv4 {10}6443 {4}172\.18\.0\.2 {3}\d+s\n$/,
      );
      expect(await ok(['describe', 'service', 'kubernetes'])).toMatch(
        /^TargetPort: {15}6443\/TCP\nEndpoints: {16}172\.18\.0\.2:6443\n/m,
      );
    });

    it('lists a Service’s ready pods; a pod deleted leaves its endpoints', async () => {
      await apply('web-svc.yaml', WEB_SERVICE);
      await apply('web-1.yaml', WEB_POD('web-1', 'pod-course-worker'));
      await apply('web-2.yaml', WEB_POD('web-2', 'pod-course-worker2'));
      await untilReady(cluster.kubectl, 'web-1');
      await untilReady(cluster.kubectl, 'web-2');
      const ip = async (pod: string) => ok(['get', 'pod', pod, '-o', 'jsonpath={.status.podIP}']);
      const [ip1, ip2] = [await ip('web-1'), await ip('web-2')];
      const sorted = [ip1, ip2].sort(byBytes);
      await untilJsonpath(
        cluster.kubectl,
        ['endpoints', 'web'],
        '{.subsets[*].addresses[*].ip}',
        (v) => v === sorted.join(' '),
      );
      const endpoints = await ok(['get', 'endpoints', 'web']);
      expect(endpoints).toMatch(
        new RegExp(
          `^NAME +ENDPOINTS +AGE\\nweb +${sorted.map((i) => `${i}:80`).join(',')} +\\d+s\\n$`,
        ),
      );

      // The slice lists the endpoints in the order the pods became ready.
      const slices = await untilJsonpath(
        cluster.kubectl,
        ['endpointslices', '-l', 'kubernetes.io/service-name=web'],
        '{.items[*].endpoints[*].addresses[0]}',
        (v) => v.split(' ').sort(byBytes).join(' ') === sorted.join(' '),
      );
      const order = slices.split(' ');
      const table = (
        await ok(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web'])
      ).split('\n');
      expect(table[0]).toMatch(/^NAME +ADDRESSTYPE +PORTS +ENDPOINTS +AGE$/);
      expect(table[1]).toMatch(
        new RegExp(`^web-[bcdfghjklmnpqrstvwxz2456789]{5} +IPv4 +80 +${order.join(',')} +\\d+s$`),
      );
      expect(table.slice(2)).toEqual(['']);

      // kubectl 1.32 describes a Service from its EndpointSlices.
      const described = await ok(['describe', 'service', 'web']);
      expect(described).toContain(
        `Port:                     <unset>  80/TCP\nTargetPort:               http/TCP\nEndpoints:                ${order.map((i) => `${i}:80`).join(',')}\n`,
      );
      const describedEndpoints = await ok(['describe', 'endpoints', 'web']);
      expect(describedEndpoints).toContain(
        `Subsets:\n  Addresses:          ${sorted.join(',')}\n  NotReadyAddresses:  <none>\n  Ports:\n    Name     Port  Protocol\n    ----     ----  --------\n    <unset>  80    TCP\n`,
      );

      await ok(['delete', 'pod', 'web-2']);
      await untilJsonpath(
        cluster.kubectl,
        ['endpoints', 'web'],
        '{.subsets[*].addresses[*].ip}',
        (v) => v === ip1,
      );
      expect(
        await ok([
          'get',
          'endpointslices',
          '-l',
          'kubernetes.io/service-name=web',
          '-o',
          'jsonpath={.items[*].endpoints[*].addresses[0]}',
        ]),
      ).toBe(ip1);
    });

    it('holds an unready pod back until its readiness probe passes', async () => {
      await apply('gated-svc.yaml', GATED_SERVICE);
      await apply('gated.yaml', GATED_POD);
      const ip = await untilJsonpath(
        cluster.kubectl,
        ['pod', 'gated'],
        '{.status.podIP}',
        (v) => v !== '',
      );
      await untilJsonpath(
        cluster.kubectl,
        ['endpoints', 'gated'],
        '{.subsets[*].notReadyAddresses[*].ip}',
        (v) => v === ip,
      );
      // Not ready: nothing in ENDPOINTS (not `<none>`: there is a subset).
      expect(await ok(['get', 'endpoints', 'gated'])).toMatch(
        /^NAME +ENDPOINTS +AGE\ngated +\d+s\n$/,
      );
      expect(
        await ok([
          'get',
          'endpointslices',
          '-l',
          'kubernetes.io/service-name=gated',
          '-o',
          'jsonpath={.items[0].endpoints[0].conditions}',
        ]),
      ).toBe('{"ready":false,"serving":false,"terminating":false}');
      expect(await ok(['describe', 'service', 'gated'])).toMatch(/^Endpoints: {16}\s*$/m);

      await ok(['exec', 'gated', '--', 'touch', '/tmp/ready']);
      await untilJsonpath(
        cluster.kubectl,
        ['endpoints', 'gated'],
        '{.subsets[*].addresses[*].ip}',
        (v) => v === ip,
      );
      expect(await ok(['get', 'endpoints', 'gated'])).toMatch(
        new RegExp(`^NAME +ENDPOINTS +AGE\\ngated +${ip.replaceAll('.', '\\.')}:8080 +\\d+s\\n$`),
      );
      expect(await ok(['describe', 'service', 'gated'])).toMatch(
        new RegExp(`^Endpoints: +${ip.replaceAll('.', '\\.')}:8080$`, 'm'),
      );
    });

    it('runs a static pod naming a service account without a mirror pod', async () => {
      await apply('writer.yaml', WRITER);
      await untilReady(cluster.kubectl, 'writer');
      const manifest = async (file: string, text: string) =>
        ok(['exec', '-i', 'writer', '--', 'sh', '-c', `cat > /manifests/${file}`], text);
      await manifest('plain.yaml', STATIC('plain', '', 6666));
      await manifest('with-sa.yaml', STATIC('with-sa', '  serviceAccountName: default\n', 7777));
      // The plain one is mirrored; both run on the node, as its process list shows.
      await untilReady(cluster.kubectl, 'plain-pod-course-worker');
      for (;;) {
        const ps = await ok(['exec', 'writer', '--', 'ps']);
        if (ps.includes('sleep 6666') && ps.includes('sleep 7777')) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const missing = await cluster.kubectl(['get', 'pod', 'with-sa-pod-course-worker']);
      expect(missing).toEqual({
        code: 1,
        stdout: '',
        stderr: 'Error from server (NotFound): pods "with-sa-pod-course-worker" not found\n',
      });
      const names = await ok(['get', 'pods', '-o', 'name']);
      expect(names).toContain('pod/plain-pod-course-worker\n');
      expect(names).not.toContain('with-sa');
    });
  },
);
