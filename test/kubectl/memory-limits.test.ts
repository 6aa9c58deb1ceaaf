import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { type NotesCluster, notesCluster } from './notes-support.js';

/**
 * Memory limits enforced by the OOM killer (pod-facts §3.3: reason OOMKilled, exit code 137),
 * as the Kubernetes docs show them ("Assign Memory Resources to Containers and Pods":
 * polinux/stress allocating more than its limit) and as a shell fills a tmpfs with dd.
 */
const stressPod = (
  name: string,
  limit: string,
  bytes: string,
  restartPolicy = 'Always',
) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  restartPolicy: ${restartPolicy}
  containers:
  - name: ${name}-ctr
    image: polinux/stress
    resources:
      requests:
        memory: "50Mi"
      limits:
        memory: "${limit}"
    command: ["stress"]
    args: ["--vm", "1", "--vm-bytes", "${bytes}", "--vm-hang", "1"]
`;

const SHM_FILLER = `apiVersion: v1
kind: Pod
metadata:
  name: shm-filler
spec:
  restartPolicy: Never
  containers:
  - name: filler
    image: busybox
    resources:
      limits:
        memory: "32Mi"
    command: ["sh", "-c", "echo filling; dd if=/dev/zero of=/dev/shm/fill bs=1M count=64; echo never"]
`;

describe.skipIf(!KUBECTL)(
  `real kubectl: memory limits and OOMKilled${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let n: NotesCluster;
    beforeAll(async () => {
      n = await notesCluster();
    });
    afterAll(async () => {
      await n?.stop();
    });

    it('keeps a container running that stays under its limit (the docs’ memory-demo)', async () => {
      await n.apply('memory-demo.yaml', stressPod('memory-demo', '200Mi', '150M'));
      await n.runUntil('memory-demo', '{.status.phase}', 'Running');
      await n.advance(5000);
      expect(await n.statusColumns('memory-demo')).toBe('1/1 Running 0');
      const logs = await n.kubectl(['logs', 'memory-demo']);
      expect(logs.stdout).toBe('stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd\n');
    });

    it('OOM-kills one that goes over, restarts it, and describe tells why (memory-demo-2)', async () => {
      await n.apply('memory-demo-2.yaml', stressPod('memory-demo-2', '100Mi', '250M'));
      await n.runUntil(
        'memory-demo-2',
        '{.status.containerStatuses[0].lastState.terminated.reason}',
        'OOMKilled',
      );
      const terminated = await n.kubectl([
        'get',
        'pod',
        'memory-demo-2',
        '-o',
        'jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode} {.status.containerStatuses[0].restartCount}',
      ]);
      const [code, restarts] = terminated.stdout.split(' ');
      expect(code).toBe('137');
      expect(Number(restarts)).toBeGreaterThanOrEqual(1);
      const describe = await n.kubectl(['describe', 'pod', 'memory-demo-2']);
      expect(describe.stdout).toMatch(
        /\n {4}Last State: {5}Terminated\n {6}Reason: {7}OOMKilled\n {6}Exit Code: {4}137\n/,
      );
      expect(describe.stdout).toContain('\n    Limits:\n      memory:  100Mi\n');
    });

    it('shows OOMKilled in the STATUS column when the container stays dead (restartPolicy Never)', async () => {
      await n.apply('memory-demo-3.yaml', stressPod('memory-demo-3', '100Mi', '250M', 'Never'));
      await n.runUntil('memory-demo-3', '{.status.phase}', 'Failed');
      expect(await n.statusColumns('memory-demo-3')).toBe('0/1 OOMKilled 0');
      const state = await n.kubectl([
        'get',
        'pod',
        'memory-demo-3',
        '-o',
        'jsonpath={.status.containerStatuses[0].state.terminated.reason} {.status.containerStatuses[0].state.terminated.exitCode}',
      ]);
      expect(state.stdout).toBe('OOMKilled 137');
    });

    it('counts what a shell writes into /dev/shm against the limit', async () => {
      await n.apply('shm-filler.yaml', SHM_FILLER);
      await n.runUntil('shm-filler', '{.status.phase}', 'Failed');
      expect(await n.statusColumns('shm-filler')).toBe('0/1 OOMKilled 0');
      // Killed inside dd: the line after it never ran, dd printed no statistics.
      expect((await n.kubectl(['logs', 'shm-filler'])).stdout).toBe('filling\n');
    });
  },
);
