import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../../../../test/support/kubectl.js';
import { podQueries } from '../../../../test/support/pod-queries.js';
import { startTestCluster, type TestCluster } from '../../../../test/support/simulator.js';
import { SimClock } from '../../clock.js';

/**
 * The image's USER through the real kubectl: curlimages/curl runs as curl_user, exec sessions
 * too (`id`, `whoami`, `ps`), and the pod's securityContext overrides it the way containerd
 * resolves runAsUser/runAsGroup/fsGroup (the Kubernetes docs' `uid=1000 gid=3000 groups=2000,3000`).
 */

const OVERRIDES = `apiVersion: v1
kind: Pod
metadata:
  name: ids
spec:
  securityContext:
    runAsUser: 1000
    runAsGroup: 3000
    fsGroup: 2000
  containers:
  - name: box
    image: busybox:1.36
    command: ['sleep', '3600']
  - name: curl
    image: curlimages/curl
    command: ['sleep', '3600']
    securityContext:
      runAsUser: 0
`;

describe.skipIf(!KUBECTL)(
  `real kubectl: the image's user${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let cluster: TestCluster;
    let clock: SimClock;

    const { kubectl, until, advanceUntil, exec } = podQueries(
      () => cluster,
      () => clock,
    );

    beforeAll(async () => {
      clock = new SimClock({ speed: 0, start: new Date('2026-11-23T12:00:00Z') });
      cluster = await startTestCluster({ clock });
      const run = await kubectl(['run', 'c', '--image=curlimages/curl', '--', 'sleep', '3600']);
      expect(run.code, run.stderr).toBe(0);
      const apply = await kubectl(['apply', '-f', '-'], OVERRIDES);
      expect(apply.code, apply.stderr).toBe(0);
      for (const name of ['c', 'ids']) await until(name, '{.status.podIP}', (ip) => ip !== '');
      for (const name of ['c', 'ids']) {
        await advanceUntil(name, '{.status.phase}', (phase) => phase === 'Running');
      }
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    it('runs curlimages/curl as curl_user: id, whoami and ps in an exec session', async () => {
      expect(await exec('c', ['id'])).toEqual({
        code: 0,
        stdout: 'uid=100(curl_user) gid=101(curl_group) groups=101(curl_group)\n',
        stderr: '',
      });
      expect((await exec('c', ['whoami'])).stdout).toBe('curl_user\n');
      expect((await exec('c', ['id', '-un'])).stdout).toBe('curl_user\n');
      const ps = (await exec('c', ['ps'])).stdout.split('\n');
      expect(ps[1]).toMatch(/^\s+1 curl_use\s+0:00 sleep 3600$/);
      // The shell's prompt is `$` for a user that is not root.
      const shell = await exec('c', ['sh', '-c', 'echo "$HOME"; touch /tmp/f && echo ok']);
      expect(shell.stdout).toContain('ok\n');
    });

    it('securityContext runAsUser/runAsGroup/fsGroup override the image user', async () => {
      expect((await exec('ids', ['id'], 'box')).stdout).toBe(
        'uid=1000 gid=3000 groups=2000,3000\n',
      );
      const nameless = await exec('ids', ['whoami'], 'box');
      expect(nameless.code).toBe(1);
      expect(nameless.stderr).toContain('whoami: unknown uid 1000\n');
      // The container's runAsUser: 0 wins over the pod's; the pod's runAsGroup still applies,
      // and root keeps the groups Alpine's /etc/group lists it in (not `root`, named like it).
      expect((await exec('ids', ['id'], 'curl')).stdout).toBe(
        'uid=0(root) gid=3000 groups=1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video),2000,3000\n',
      );
      const ps = (await exec('ids', ['ps'], 'box')).stdout.split('\n');
      expect(ps[1]).toMatch(/^\s+1 1000\s+0:00 sleep 3600$/);
    });

    it('redis-server drops to the redis user (gosu), while kubectl exec stays root', async () => {
      const run = await kubectl(['run', 'r', '--image=redis:7.4']);
      expect(run.code, run.stderr).toBe(0);
      await until('r', '{.status.podIP}', (ip) => ip !== '');
      await advanceUntil('r', '{.status.phase}', (phase) => phase === 'Running');
      const status = await exec('r', ['sh', '-c', 'grep -E "^(Name|Uid|Gid)" /proc/1/status']);
      expect(status.stdout).toBe(
        'Name:\tredis-server\nUid:\t999\t999\t999\t999\nGid:\t999\t999\t999\t999\n',
      );
      expect((await exec('r', ['id', '-u'])).stdout).toBe('0\n');
    });
  },
);
