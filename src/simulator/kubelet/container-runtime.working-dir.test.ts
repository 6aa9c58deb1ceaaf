/**
 * The container's working directory (`workingDir`, else the image's, else `/`) is where every
 * process of the container starts, as runc sets it for the task and for each exec: the main
 * process, `kubectl exec`, exec probes and lifecycle hooks.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execInPod, type KubeletCluster, kubeletCluster } from './kubelet.test-support.js';

let c: KubeletCluster;

beforeEach(async () => {
  c = await kubeletCluster();
});

afterEach(() => {
  c.stop();
  expect(c.errors).toEqual([]);
});

describe('workingDir', () => {
  it('is the cwd of the main process, exec sessions, exec probes and postStart hooks', async () => {
    await c.run({
      containers: [
        {
          name: 'app',
          image: 'busybox:1.36',
          workingDir: '/srv/app',
          command: ['sh', '-c', 'pwd > main-cwd; sleep 3600'],
          // Relative paths: the probe passes only when it runs in /srv/app.
          readinessProbe: { exec: { command: ['cat', 'main-cwd'] }, periodSeconds: 1 },
          lifecycle: { postStart: { exec: { command: ['sh', '-c', 'pwd > /tmp/hook-cwd'] } } },
        },
      ],
    });
    await c.advance(3000);
    expect(c.pod('p').status.containerStatuses[0].ready).toBe(true);
    expect(await execInPod(c, 'p', 'app', ['cat', 'main-cwd'])).toEqual({
      code: 0,
      stdout: '/srv/app\n',
      stderr: '',
    });
    expect((await execInPod(c, 'p', 'app', ['sh', '-c', 'pwd'])).stdout).toBe('/srv/app\n');
    expect((await execInPod(c, 'p', 'app', ['cat', '/tmp/hook-cwd'])).stdout).toBe('/srv/app\n');
  });

  it('is / without one, and an exec fails as runc does once the directory is gone', async () => {
    await c.run({
      containers: [
        { name: 'plain', image: 'busybox:1.36', command: ['sleep', '3600'] },
        { name: 'wd', image: 'busybox:1.36', workingDir: '/w', command: ['sleep', '3600'] },
      ],
    });
    await c.advance(3000);
    expect((await execInPod(c, 'p', 'plain', ['sh', '-c', 'pwd'])).stdout).toBe('/\n');
    await execInPod(c, 'p', 'wd', ['rm', '-rf', '/w']);
    await expect(execInPod(c, 'p', 'wd', ['sh', '-c', 'pwd'])).rejects.toThrow(
      /OCI runtime exec failed: exec failed: unable to start container process: chdir to cwd \("\/w"\) set in config\.json failed: no such file or directory: unknown$/,
    );
  });
});
