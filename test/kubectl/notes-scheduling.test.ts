import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { type NotesCluster, notesCluster } from './notes-support.js';

/**
 * Notes 3 and 4 on placing pods ("NodeSelector", "NodeName"): the notes' selectors name the
 * author's own machines (`172.31.2.12`), which this kind-shaped cluster does not have — so the
 * scheduler says why nothing fits, and a pod whose nodeName names a missing node waits forever.
 */
const NODE_SELECT = `apiVersion: v1
kind: Pod
metadata:
  name: gysl-nodeselect
spec:
  nodeSelector:
    kubernetes.io/hostname: 172.31.2.12
  containers:
  - name: gysl-nginx
    image: nginx
`;

const NODE_NAME = `apiVersion: v1
kind: Pod
metadata:
  name: gysl-nodename
spec:
  nodeName: 172.31.2.12
  containers:
  - name: gysl-nginx
    image: nginx
`;

/** Notes 4: `disktype: ssd` — the label `pod-course kind create` puts on the first worker. */
const SSD = `apiVersion: v1
kind: Pod
metadata:
  name: ssd
spec:
  nodeSelector:
    disktype: ssd
  containers:
  - name: nginx
    image: nginx
`;

const NOTHING_FITS =
  "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";

describe.skipIf(!KUBECTL)(
  `notes: nodeSelector and nodeName${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let n: NotesCluster;
    beforeAll(async () => {
      n = await notesCluster();
    });
    afterAll(async () => {
      await n?.stop();
    });

    it('leaves gysl-nodeselect Pending with FailedScheduling', async () => {
      await n.apply('nodeselect.yaml', NODE_SELECT);
      await n.untilEvent('gysl-nodeselect', `FailedScheduling: ${NOTHING_FITS}`);
      expect(await n.statusColumns('gysl-nodeselect')).toBe('0/1 Pending 0');
      const describe = (await n.kubectl(['describe', 'pod', 'gysl-nodeselect'])).stdout;
      expect(describe).toMatch(/^Node: +<none>$/m);
      expect(describe).toMatch(/^Node-Selectors: +kubernetes\.io\/hostname=172\.31\.2\.12$/m);
      expect(describe).toContain('Conditions:\n  Type           Status\n  PodScheduled   False \n');
      expect(describe).toMatch(
        new RegExp(
          `^ {2}Warning {2}FailedScheduling {2}\\S+ +default-scheduler {2}${NOTHING_FITS.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
          'm',
        ),
      );
      const condition = await n.kubectl([
        'get',
        'pod',
        'gysl-nodeselect',
        '-o',
        'jsonpath={.status.conditions[0].reason}: {.status.conditions[0].message}',
      ]);
      expect(condition.stdout).toBe(`Unschedulable: ${NOTHING_FITS}`);
    });

    it('leaves gysl-nodename Pending without any event: no kubelet has that name', async () => {
      await n.apply('nodename.yaml', NODE_NAME);
      await n.advance(10_000);
      expect(await n.statusColumns('gysl-nodename')).toBe('0/1 Pending 0');
      const wide = (await n.kubectl(['get', 'pod', 'gysl-nodename', '-o', 'wide', '--no-headers']))
        .stdout;
      expect(wide.trim().split(/\s+/).slice(5)).toEqual([
        '<none>',
        '172.31.2.12',
        '<none>',
        '<none>',
      ]);
      expect(await n.events('gysl-nodename')).toEqual([]);
    });

    it('puts the disktype=ssd pod on pod-course-worker and runs it there', async () => {
      await n.apply('ssd.yaml', SSD);
      expect(await n.nodeOf('ssd')).toBe('pod-course-worker');
      await n.runUntil('ssd', '{.status.phase}', 'Running');
      const events = await n.events('ssd');
      expect(events[0]).toBe('Scheduled: Successfully assigned default/ssd to pod-course-worker');
      expect(events.slice(1)).toEqual([
        'Pulling: Pulling image "nginx"',
        expect.stringMatching(
          /^Pulled: Successfully pulled image "nginx" in \d+ms \(\d+ms including waiting\)\. Image size: 48498745 bytes\.$/,
        ),
        'Created: Created container nginx',
        'Started: Started container nginx',
      ]);
    });

    it('binds the waiting pod once a node carries the hostname label it asks for', async () => {
      // The kubelet sets kubernetes.io/hostname from the node's name; only relabelling a node by
      // hand makes it match, and the scheduler then binds the pod that waited.
      const r = await n.kubectl([
        'label',
        'node',
        'pod-course-worker2',
        'kubernetes.io/hostname=172.31.2.12',
        '--overwrite',
      ]);
      expect(r.stdout).toBe('node/pod-course-worker2 labeled\n');
      await n.advance(10_000);
      expect(await n.nodeOf('gysl-nodeselect')).toBe('pod-course-worker2');
      await n.untilEvent(
        'gysl-nodeselect',
        'Scheduled: Successfully assigned default/gysl-nodeselect to pod-course-worker2',
      );
    });
  },
);
