import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';
import { untilJsonpath } from './helpers.js';

/** The pod of the real `describe-pending` capture (kind, kubectl 1.32), as a manifest. */
const PENDING_POD = `apiVersion: v1
kind: Pod
metadata:
  name: pending-pod
  labels: {run: crasher}
spec:
  containers:
  - name: crasher
    image: busybox:1.36
    command: [sh, -c, exit 1]
    resources:
      limits: {memory: 1Gi}
      requests: {cpu: "64", memory: 1Gi}
`;

const SCHEDULER_MESSAGE =
  '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';

/**
 * `kubectl describe pod pending-pod` from a real kind cluster (shared/reference/describe-samples/
 * describe-pending.txt) with two edits: the projected volume's random suffix is `VOLUME`, and
 * the event's age (81s there) is `AGE`: the test describes the pod as soon as the scheduler has
 * given up on it. Both cells fit their columns, so the layout is the sample's.
 */
const DESCRIBE_PENDING = `Name:             pending-pod
Namespace:        default
Priority:         0
Service Account:  default
Node:             <none>
Labels:           run=crasher
Annotations:      <none>
Status:           Pending
IP:               
IPs:              <none>
Containers:
  crasher:
    Image:      busybox:1.36
    Port:       <none>
    Host Port:  <none>
    Command:
      sh
      -c
      exit 1
    Limits:
      memory:  1Gi
    Requests:
      cpu:        64
      memory:     1Gi
    Environment:  <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from VOLUME (ro)
Conditions:
  Type           Status
  PodScheduled   False 
Volumes:
  VOLUME:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   Burstable
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type     Reason            Age   From               Message
  ----     ------            ----  ----               -------
  Warning  FailedScheduling  AGE   default-scheduler  ${SCHEDULER_MESSAGE}
`;

/** RFC 3339 without fractions, as Event timestamps are stored. */
const ago = (ms: number) => new Date(Date.now() - ms).toISOString().replace(/\.\d+Z$/, 'Z');

describe.skipIf(!KUBECTL)(
  `real kubectl: describe${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let cluster: TestCluster;
    const ok = async (args: string[]) => {
      const r = await cluster.kubectl(args);
      expect(r.code, `kubectl ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout;
    };
    /** Creates a core/v1 Event about a pod through the API, as a scheduler or kubelet would. */
    const createEvent = async (
      name: string,
      pod: { name: string; uid: string },
      fields: object,
    ) => {
      const file = join(cluster.dir, `${name}.json`);
      await writeFile(
        file,
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name, namespace: 'default' },
          involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace: 'default', ...pod },
          ...fields,
        }),
      );
      await ok(['create', '-f', file]);
    };

    beforeAll(async () => {
      cluster = await startTestCluster();
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    it('describe pod: the shape of a real unscheduled pod, with its events', async () => {
      const file = join(cluster.dir, 'pending.yaml');
      await writeFile(file, PENDING_POD);
      await ok(['apply', '-f', file]);
      // No node has 64 CPUs to spare: the scheduler records why, as an event and a condition.
      await untilJsonpath(
        cluster.kubectl,
        ['events', '--field-selector', 'involvedObject.name=pending-pod,reason=FailedScheduling'],
        '{.items[*].reason}',
        (reasons) => reasons === 'FailedScheduling',
      );
      await untilJsonpath(
        cluster.kubectl,
        ['pod', 'pending-pod'],
        '{.status.conditions[?(@.type=="PodScheduled")].reason}',
        (reason) => reason === 'Unschedulable',
      );
      // describe selects events by the pod's uid too: one about an older pod of that name is not shown.
      await createEvent(
        'pending-pod.old',
        { name: 'pending-pod', uid: '00000000-0000-0000-0000-000000000000' },
        { reason: 'Killing', message: 'old pod', type: 'Normal', source: { component: 'kubelet' } },
      );
      const out = await ok(['describe', 'pod', 'pending-pod']);
      const normalised = out
        .replace(/kube-api-access-[a-z0-9]{5}/g, 'VOLUME')
        .replace(
          /^( {2}Warning {2}FailedScheduling {2})(\d+s +)/m,
          (_line, head: string, age: string) => `${head}${'AGE'.padEnd(age.length)}`,
        );
      expect(normalised).toBe(DESCRIBE_PENDING);
    });

    it('describe pod: repeated events read "(xN over …)", oldest first', async () => {
      // A scheduler name nobody serves: no scheduler or kubelet adds events of its own, so the
      // two this test writes are all there is.
      await ok([
        'run',
        'busy',
        '--image=busybox:1.36',
        '--overrides={"spec":{"schedulerName":"nobody"}}',
      ]);
      const uid = await ok(['get', 'pod', 'busy', '-o', 'jsonpath={.metadata.uid}']);
      await createEvent(
        'busy.2',
        { name: 'busy', uid },
        {
          reason: 'BackOff',
          message: 'Back-off restarting failed container busy in pod busy_default(x)',
          type: 'Warning',
          source: { component: 'kubelet', host: 'pod-course-worker' },
          firstTimestamp: ago(10 * 3600_000),
          lastTimestamp: ago(20 * 60_000),
          count: 3,
        },
      );
      await createEvent(
        'busy.1',
        { name: 'busy', uid },
        {
          reason: 'Scheduled',
          message: 'Successfully assigned default/busy to pod-course-worker',
          type: 'Normal',
          source: { component: 'default-scheduler' },
          firstTimestamp: ago(11 * 3600_000),
          lastTimestamp: ago(11 * 3600_000),
          count: 1,
        },
      );
      const out = await ok(['describe', 'pod', 'busy']);
      const events = out.slice(out.indexOf('Events:'));
      expect(events).toBe(
        [
          'Events:',
          '  Type     Reason     Age                From               Message',
          '  ----     ------     ----               ----               -------',
          '  Normal   Scheduled  11h                default-scheduler  Successfully assigned default/busy to pod-course-worker',
          '  Warning  BackOff    20m (x3 over 10h)  kubelet            Back-off restarting failed container busy in pod busy_default(x)',
          '',
        ].join('\n'),
      );
    });

    it('describe node: a kind node, its lease, conditions and resources', async () => {
      const out = await ok(['describe', 'node', 'pod-course-control-plane']);
      expect(out).toMatch(/^Name:\s+pod-course-control-plane$/m);
      expect(out).toMatch(/^Roles:\s+control-plane$/m);
      expect(out).toMatch(
        /^CreationTimestamp:\s+\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/m,
      );
      expect(out).toMatch(/^Taints:\s+node-role\.kubernetes\.io\/control-plane:NoSchedule$/m);
      expect(out).toMatch(/^Unschedulable:\s+false$/m);
      expect(out).toMatch(/^Lease:\n {2}HolderIdentity:\s+pod-course-control-plane\n/m);
      expect(out).toMatch(
        /^ {2}Ready\s+True\s+.+\s+KubeletReady\s+kubelet is posting ready status$/m,
      );
      expect(out).toMatch(/^ {2}InternalIP:\s+172\.18\.0\.\d+$/m);
      expect(out).toMatch(/^ {2}Kubelet Version:\s+v1\.32\.\d+$/m);
      expect(out).toMatch(/^Non-terminated Pods:\s+\(\d+ in total\)$/m);
      expect(out).toMatch(
        /^Allocated resources:\n {2}\(Total limits may be over 100 percent, i\.e\., overcommitted\.\)$/m,
      );
      expect(out).toMatch(/^Events:\s+<none>$/m);
    });

    it('describe secret: sizes, never values', async () => {
      await ok([
        'create',
        'secret',
        'generic',
        'creds',
        '--from-literal=user=admin',
        '--from-literal=password=s3cr3t!',
      ]);
      const lines = (await ok(['describe', 'secret', 'creds'])).split('\n');
      expect(lines.slice(0, 10)).toEqual([
        'Name:         creds',
        'Namespace:    default',
        'Labels:       <none>',
        'Annotations:  <none>',
        '',
        'Type:  Opaque',
        '',
        'Data',
        '====',
        expect.stringMatching(/^(password|user): /),
      ]);
      // kubectl walks a Go map here, so the keys come in random order.
      expect(lines.slice(9, 11).sort()).toEqual(['password:  7 bytes', 'user:      5 bytes']);
      expect(lines.slice(11)).toEqual(['']);
    });

    it('describe configmap: every key with its value', async () => {
      await ok([
        'create',
        'configmap',
        'settings',
        '--from-literal=color=blue',
        '--from-literal=motd=line 1\nline 2',
      ]);
      const text = await ok(['describe', 'configmap', 'settings']);
      const head =
        'Name:         settings\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\n';
      const tail = '\nBinaryData\n====\n\nEvents:  <none>\n';
      expect(text.startsWith(head)).toBe(true);
      expect(text.endsWith(tail)).toBe(true);
      // kubectl walks a Go map here, so the keys come in random order.
      const blocks = ['color:\n----\nblue\n', 'motd:\n----\nline 1\nline 2\n'];
      const data = text.slice(head.length, text.length - tail.length);
      expect([`${blocks[0]}\n${blocks[1]}\n`, `${blocks[1]}\n${blocks[0]}\n`]).toContain(data);
    });
  },
);
