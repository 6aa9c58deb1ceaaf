import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';
import { UNSCHEDULABLE_OVERRIDES, untilReady, untilWatching, watchers } from './helpers.js';

const TIMED_OUT = /error: timed out waiting for the condition on pods\/([a-z0-9-]+)\n$/;

/**
 * `kubectl wait` reads the object, then lists and watches it, judging every event
 * (kubectl-protocol.md §14). A pod that cannot be scheduled is never Ready: that wait must end
 * in kubectl's own timeout, exit code 1.
 */
describe.skipIf(!KUBECTL)(`real kubectl: wait${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`, () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const run = async (name: string, ...flags: string[]) => {
    const r = await cluster.kubectl(['run', name, '--image=nginx', ...flags]);
    expect(r.code, r.stderr).toBe(0);
  };

  it('times out waiting for Ready, with the real message and exit code 1', async () => {
    await run('never-ready', UNSCHEDULABLE_OVERRIDES);
    await run('never-deleted');
    // Both timeouts run side by side: the file's time is one timeout, not two.
    const [ready, deleted] = await Promise.all([
      cluster.kubectl(['wait', '--for=condition=Ready', 'pod/never-ready', '--timeout=2s']),
      cluster.kubectl(['wait', '--for=delete', 'pod/never-deleted', '--timeout=2s']),
    ]);
    expect(ready.code).toBe(1);
    expect(ready.stdout).toBe('');
    expect(ready.stderr).toMatch(TIMED_OUT);
    expect(TIMED_OUT.exec(ready.stderr)?.[1]).toBe('never-ready');
    expect(deleted.code).toBe(1);
    expect(TIMED_OUT.exec(deleted.stderr)?.[1]).toBe('never-deleted');
  });

  it('meets a jsonpath condition that already holds', async () => {
    // Pending for good: no node matches its selector.
    await run('pending', UNSCHEDULABLE_OVERRIDES);
    const r = await cluster.kubectl([
      'wait',
      '--for=jsonpath={.status.phase}=Pending',
      'pod/pending',
      '--timeout=10s',
    ]);
    expect(r).toEqual({ code: 0, stdout: 'pod/pending condition met\n', stderr: '' });
  });

  it('meets a jsonpath condition when a later change makes it hold', async () => {
    await run('later');
    const baseline = await watchers(cluster);
    const waiting = cluster.kubectl([
      'wait',
      '--for=jsonpath={.metadata.labels.checked}=yes',
      'pod/later',
      '--timeout=30s',
    ]);
    await untilWatching(cluster, baseline);
    const labelled = await cluster.kubectl(['label', 'pod', 'later', 'checked=yes']);
    expect(labelled.code, labelled.stderr).toBe(0);
    expect(await waiting).toEqual({ code: 0, stdout: 'pod/later condition met\n', stderr: '' });
  });

  it('meets --for=delete when the pod goes', async () => {
    // A running nginx stops on SIGTERM; its kubelet then removes the pod.
    await run('doomed');
    await untilReady(cluster.kubectl, 'doomed');
    const baseline = await watchers(cluster);
    const waiting = cluster.kubectl(['wait', '--for=delete', 'pod/doomed', '--timeout=30s']);
    await untilWatching(cluster, baseline);
    const deleted = await cluster.kubectl(['delete', 'pod', 'doomed', '--wait=false']);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(await waiting).toEqual({ code: 0, stdout: 'pod/doomed condition met\n', stderr: '' });
  });

  it('meets condition=Ready once the kubelet has started the containers', async () => {
    await run('ready');
    const r = await cluster.kubectl([
      'wait',
      '--for=condition=Ready',
      'pod/ready',
      '--timeout=55s',
    ]);
    expect(r).toEqual({ code: 0, stdout: 'pod/ready condition met\n', stderr: '' });
  });

  it('reports a missing pod as NotFound', async () => {
    const r = await cluster.kubectl([
      'wait',
      '--for=condition=Ready',
      'pod/missing',
      '--timeout=2s',
    ]);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): pods "missing" not found\n',
    });
  });
});
