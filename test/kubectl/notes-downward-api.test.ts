import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { type NotesCluster, notesCluster } from './notes-support.js';

/**
 * The Downward API of notes 1 and 4 — the pod's labels as a file, its name, namespace and IP
 * as variables, its container's requests and limits as numbers — and the env plumbing around
 * it: envFrom with a prefix and `$(VAR)` references.
 */
const CONTAINER_VARS = `apiVersion: v1
kind: Pod
metadata:
  name: dapi-test-pod-container-vars
spec:
  containers:
  - name: test-container
    image: busybox
    imagePullPolicy: Never
    command: ["sh", "-c"]
    args:
    - while true; do
        echo -en '\\n';
        printenv MY_CPU_REQUEST MY_CPU_LIMIT;
        printenv MY_MEM_REQUEST MY_MEM_LIMIT;
        sleep 3600;
      done;
    resources:
      requests:
        memory: "32Mi"
        cpu: "125m"
      limits:
        memory: "64Mi"
        cpu: "250m"
    env:
    - name: MY_CPU_REQUEST
      valueFrom:
        resourceFieldRef:
          containerName: test-container
          resource: requests.cpu #容器的CPU请求值
    - name: MY_CPU_LIMIT
      valueFrom:
        resourceFieldRef:
          containerName: test-container
          resource: limits.cpu #容器的CPU限制值
    - name: MY_MEM_REQUEST
      valueFrom:
        resourceFieldRef:
          containerName: test-container
          resource: requests.memory #容器的内存请求值
    - name: MY_MEM_LIMIT
      valueFrom:
        resourceFieldRef:
          containerName: test-container
          resource: limits.memory #容器的内存限制值
  restartPolicy: Never
`;

const DOWNWARD_LABELS = `apiVersion: v1
kind: Pod
metadata:
  name: my-downward-api-pod
  labels:
    zone: asia-taipei
    cluster: my-k8s
    rack: rack-1
    traefik.enable: "true"
spec:
  containers:
  - name: my-downward-api-container
    image: busybox
    command: [ "/bin/sh", "-c" ]
    args:
    - while true; do
        if [[ -e /etc/podinfo/labels ]]; then
        echo -en '\\n\\n'; cat /etc/podinfo/labels; fi;
        sleep 5;
      done;
    volumeMounts:
    - name: podinfo
      mountPath: /etc/podinfo
  volumes:
  - name: podinfo
    downwardAPI:
      items:
      - path: "labels"
        fieldRef:
          fieldPath: metadata.labels
      - path: "cpu_limit"
        resourceFieldRef:
          containerName: my-downward-api-container
          resource: limits.cpu
          divisor: 1m
      - path: "memory_limit"
        resourceFieldRef:
          containerName: my-downward-api-container
          resource: limits.memory
          divisor: 1Mi
`;

const DAPI_ENV = `apiVersion: v1
kind: Pod
metadata:
  name: dapi-test-pod
spec:
  containers:
  - name: test-container
    image: busybox
    command: ["/bin/sh", "-c", "env"]
    env:
    - name: MY_POD_NAME
      valueFrom:
        fieldRef:
          fieldPath: metadata.name #Pod名称
    - name: MY_POD_NAMESPACE
      valueFrom:
        fieldRef:
          fieldPath: metadata.namespace #Pod所在的Namespace
    - name: MY_POD_IP
      valueFrom:
        fieldRef:
          fieldPath: status.podIP #Pod IP,在status中是因为IP属于状态数据而非元数据(metadata)
  restartPolicy: Never
`;

const MYSECRET = `apiVersion: v1
kind: Secret
metadata:
  name: mysecret
type: Opaque
data:
  user: YWRtaW4=
  pass: MWYyZDFlMmU2N2Rm
`;

/** envFrom with a prefix, and `$(VAR)` in env values and in args (`$$` escapes). */
const EXPANSION = `apiVersion: v1
kind: Pod
metadata:
  name: expansion
spec:
  restartPolicy: Never
  containers:
  - name: app
    image: busybox:1.36
    envFrom:
    - prefix: DB_
      secretRef:
        name: mysecret
    env:
    - name: DSN
      value: "mysql://$(DB_user):$(DB_pass)@db/$(MISSING)"
    - name: DB_user
      value: root
    command: ["sh", "-c", "printenv DSN DB_user DB_pass; echo \\"$1\\" \\"$2\\"", "--"]
    args: ["$(DB_user)", "$$(DB_user)"]
`;

describe.skipIf(!KUBECTL)(
  `notes: the Downward API and env${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let n: NotesCluster;
    beforeAll(async () => {
      n = await notesCluster();
    });
    afterAll(async () => {
      await n?.stop();
    });

    // First in the file: on a fresh node there is no busybox image yet.
    it('keeps the `imagePullPolicy: Never` pod in ErrImageNeverPull until busybox is on its node', async () => {
      await n.apply('container-vars.yaml', CONTAINER_VARS);
      const node = await n.nodeOf('dapi-test-pod-container-vars');
      await n.untilEvent(
        'dapi-test-pod-container-vars',
        'ErrImageNeverPull: Container image "busybox" is not present with pull policy of Never',
      );
      await n.untilEvent('dapi-test-pod-container-vars', 'Failed: Error: ErrImageNeverPull');
      expect(await n.statusColumns('dapi-test-pod-container-vars')).toBe('0/1 ErrImageNeverPull 0');

      // Another pod on the same node pulls busybox; the next sync finds it there.
      const puller = DAPI_ENV.replace('name: dapi-test-pod', 'name: puller').replace(
        'spec:\n',
        `spec:\n  nodeName: ${node}\n`,
      );
      await n.apply('puller.yaml', puller);
      await n.runUntil('puller', '{.status.phase}', 'Succeeded');
      await n.advance(10_000);
      await n.until('dapi-test-pod-container-vars', '{.status.phase}', 'Running');
      await n.untilEvent(
        'dapi-test-pod-container-vars',
        'Pulled: Container image "busybox" already present on machine',
      );
    });

    it('gives requests and limits in whole units, rounded up (125m → 1, 32Mi → 33554432)', async () => {
      const logs = await n.kubectl(['logs', 'dapi-test-pod-container-vars']);
      expect(logs.stdout).toBe('\n1\n1\n33554432\n67108864\n');
    });

    it('writes the labels file sorted, quoted, without a final newline; limits default to the node', async () => {
      await n.apply('downward.yaml', DOWNWARD_LABELS);
      await n.runUntil('my-downward-api-pod', '{.status.phase}', 'Running');
      const labels = 'cluster="my-k8s"\nrack="rack-1"\ntraefik.enable="true"\nzone="asia-taipei"';
      expect(
        (await n.exec('my-downward-api-pod', undefined, ['cat', '/etc/podinfo/labels'])).stdout,
      ).toBe(labels);
      // No limits set: the node's allocatable 2 CPUs and 8129540Ki, in the divisors' units.
      const limits = await n.exec('my-downward-api-pod', undefined, [
        'sh',
        '-c',
        'cat /etc/podinfo/cpu_limit; echo; cat /etc/podinfo/memory_limit',
      ]);
      expect(limits.stdout).toBe('2000\n7940');
      // The file has no final newline: the runtime holds its last line back until the next
      // output ends it (containerd writes whole lines to the log), so the zone shows one round late.
      const head = 'cluster="my-k8s"\nrack="rack-1"\ntraefik.enable="true"\n';
      expect((await n.kubectl(['logs', 'my-downward-api-pod'])).stdout).toBe(`\n\n${head}`);
      await n.advance(5000);
      await n.untilLogs('my-downward-api-pod', `\n\n${labels}\n\n${head}`);
    });

    it('rewrites the labels file when the labels change', async () => {
      const r = await n.kubectl([
        'label',
        'pod',
        'my-downward-api-pod',
        'zone=asia-tokyo',
        '--overwrite',
      ]);
      expect(r.stdout).toBe('pod/my-downward-api-pod labeled\n');
      const expected = 'cluster="my-k8s"\nrack="rack-1"\ntraefik.enable="true"\nzone="asia-tokyo"';
      for (;;) {
        const file = await n.exec('my-downward-api-pod', undefined, ['cat', '/etc/podinfo/labels']);
        if (file.stdout === expected) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await n.advance(5000);
      await n.advance(5000);
      const head = 'cluster="my-k8s"\nrack="rack-1"\ntraefik.enable="true"\n';
      await n.untilLogs('my-downward-api-pod', (logs) =>
        logs.endsWith(`\n\n${expected}\n\n${head}`),
      );
    });

    it("puts the pod's name, namespace and IP into variables", async () => {
      await n.apply('dapi-env.yaml', DAPI_ENV);
      await n.runUntil('dapi-test-pod', '{.status.phase}', 'Succeeded');
      const ip = await n.onNode('dapi-test-pod');
      expect(await n.statusColumns('dapi-test-pod')).toBe('0/1 Completed 0');
      const env = (await n.kubectl(['logs', 'dapi-test-pod'])).stdout.split('\n');
      expect(env).toEqual(
        expect.arrayContaining([
          'MY_POD_NAME=dapi-test-pod',
          'MY_POD_NAMESPACE=default',
          `MY_POD_IP=${ip}`,
          'HOSTNAME=dapi-test-pod',
          'KUBERNETES_SERVICE_HOST=10.96.0.1',
          'KUBERNETES_PORT=tcp://10.96.0.1:443',
        ]),
      );
    });

    it('prefixes envFrom keys and expands $(VAR) from earlier variables only', async () => {
      await n.apply('mysecret.yaml', MYSECRET);
      await n.apply('expansion.yaml', EXPANSION);
      await n.runUntil('expansion', '{.status.phase}', 'Succeeded');
      // DSN sees envFrom's DB_user (admin): the later `DB_user: root` entry overrides it for the
      // container, and args, expanded last, see root. An unknown reference stays as written.
      expect((await n.kubectl(['logs', 'expansion'])).stdout).toBe(
        'mysql://admin:1f2d1e2e67df@db/$(MISSING)\nroot\n1f2d1e2e67df\nroot $(DB_user)\n',
      );
    });
  },
);
