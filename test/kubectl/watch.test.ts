import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';
import { untilReady } from './helpers.js';
import { type KubectlProcess, startKubectl, tableLines } from './kubectl-process.js';

/**
 * Pods no scheduler serves: they stay Pending with no writer but the test, so the rows a watch
 * prints are the test's changes alone.
 */
const UNSERVED = '--overrides={"spec":{"schedulerName":"nobody"}}';

/** Rows as [EVENT?, NAME, READY, STATUS, RESTARTS]: everything but the clock-dependent AGE. */
const withoutAge = (stdout: string) => tableLines(stdout).map((cells) => cells.slice(0, -1));

describe.skipIf(!KUBECTL)(`real kubectl: get -w${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`, () => {
  let cluster: TestCluster;
  const running: KubectlProcess[] = [];
  const watch = (args: string[]) => {
    const process = startKubectl(cluster, args);
    running.push(process);
    return process;
  };
  const kubectl = async (args: string[]) => {
    const r = await cluster.kubectl(args);
    expect(r.code, `kubectl ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };

  beforeAll(async () => {
    cluster = await startTestCluster();
    await kubectl(['create', 'namespace', 'w']);
    // A running pod that stays as it is: its kubelet writes nothing more once it is Ready.
    await kubectl(['run', 'first', '--image=busybox:1.36', '-n', 'w', '--', 'sleep', '3600']);
    await untilReady(cluster.kubectl, 'first', '-n', 'w');
  });
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop()));
    await cluster?.stop();
  });

  it('get pods -w: the list, then a row per change, from the list’s resourceVersion', async () => {
    const w = watch(['get', 'pods', '-n', 'w', '-w', '--output-watch-events']);
    await w.watchOpen();
    await kubectl(['run', 'second', '--image=busybox:1.36', '-n', 'w', UNSERVED]);
    await kubectl(['label', 'pod', 'first', '-n', 'w', 'color=blue']);
    await kubectl(['delete', 'pod', 'second', '-n', 'w', '--wait=false']);
    await w.waitFor('the DELETED row', (out) => /^DELETED\s+second\s/m.test(out));
    const rows = withoutAge(w.stdout());
    expect(rows.slice(0, 4)).toEqual([
      ['EVENT', 'NAME', 'READY', 'STATUS', 'RESTARTS'],
      ['ADDED', 'first', '1/1', 'Running', '0'],
      ['ADDED', 'second', '0/1', 'Pending', '0'],
      ['MODIFIED', 'first', '1/1', 'Running', '0'],
    ]);
    // Only the deletion of `second` follows (no replay of the initial list, no duplicates).
    expect(rows.slice(4).map((r) => `${r[0]} ${r[1]}`)).not.toContain('ADDED first');
    expect(rows.at(-1)?.slice(0, 2)).toEqual(['DELETED', 'second']);
  });

  it('deleting an unscheduled pod: MODIFIED as Terminating, then DELETED', async () => {
    await kubectl(['run', 'doomed', '--image=busybox:1.36', '-n', 'w', UNSERVED]);
    const w = watch(['get', 'pod', 'doomed', '-n', 'w', '-w', '--output-watch-events']);
    await w.watchOpen();
    await kubectl(['delete', 'pod', 'doomed', '-n', 'w', '--wait=false']);
    await w.waitFor('the DELETED row', (out) => /^DELETED\s+doomed\s/m.test(out));
    // Its grace period comes out as 0 (never scheduled), yet the store first writes the
    // deletionTimestamp (MODIFIED, printed Terminating), then removes the pod (DELETED), as
    // `updateForGracefulDeletionAndFinalizers` then `deleteImmediately` do in the real store.
    expect(withoutAge(w.stdout())).toEqual([
      ['EVENT', 'NAME', 'READY', 'STATUS', 'RESTARTS'],
      ['ADDED', 'doomed', '0/1', 'Pending', '0'],
      ['MODIFIED', 'doomed', '0/1', 'Terminating', '0'],
      ['DELETED', 'doomed', '0/1', 'Terminating', '0'],
    ]);
  });

  it('get pods -w without events: plain rows, header once', async () => {
    const w = watch(['get', 'pods', '-n', 'w', '-w']);
    await w.waitFor('the list', (out) => /^first\s/m.test(out));
    await w.watchOpen();
    await kubectl(['annotate', 'pod', 'first', '-n', 'w', 'note=hi']);
    await w.waitFor('the change', (out) => out.match(/^first\s/gm)?.length === 2);
    expect(withoutAge(w.stdout())).toEqual([
      ['NAME', 'READY', 'STATUS', 'RESTARTS'],
      ['first', '1/1', 'Running', '0'],
      ['first', '1/1', 'Running', '0'],
    ]);
  });

  it('get pod NAME -w: the object, then only its changes (the synthetic ADDED is dropped)', async () => {
    const w = watch(['get', 'pod', 'first', '-n', 'w', '-w']);
    await w.watchOpen();
    expect(w.stderr()).toMatch(
      /GET https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/w\/pods\?fieldSelector=metadata\.name%3Dfirst&resourceVersion=0&watch=true 200 OK/,
    );
    await kubectl(['label', 'pod', 'first', '-n', 'w', 'size=s']);
    await w.waitFor('the change', (out) => out.match(/^first\s/gm)?.length === 2);
    expect(withoutAge(w.stdout())).toEqual([
      ['NAME', 'READY', 'STATUS', 'RESTARTS'],
      ['first', '1/1', 'Running', '0'],
      ['first', '1/1', 'Running', '0'],
    ]);
  });

  it('get pods -w -l: objects enter and leave the selection as ADDED and DELETED', async () => {
    const w = watch(['get', 'pods', '-n', 'w', '-w', '-l', 'team=x', '--output-watch-events']);
    await w.watchOpen();
    await kubectl(['run', 'third', '--image=busybox:1.36', '-n', 'w', UNSERVED]);
    await kubectl(['label', 'pod', 'third', '-n', 'w', 'team=x']);
    await kubectl(['label', 'pod', 'third', '-n', 'w', 'team-']);
    await w.waitFor('the pod leaving', (out) => /^DELETED\s+third\s/m.test(out));
    expect(withoutAge(w.stdout()).map((r) => r.slice(0, 2))).toEqual([
      ['EVENT', 'NAME'],
      ['ADDED', 'third'],
      ['DELETED', 'third'],
    ]);
  });

  it('get -w on other kinds: a namespace appearing', async () => {
    const w = watch(['get', 'namespaces', '-w', '--output-watch-events']);
    await w.waitFor('the list', (out) => /^ADDED\s+w\s/m.test(out));
    await w.watchOpen();
    await kubectl(['create', 'namespace', 'later']);
    await w.waitFor('the new namespace', (out) => /^ADDED\s+later\s+Active\s/m.test(out));
    const names = withoutAge(w.stdout()).map((r) => r.slice(0, 3));
    expect(names).toEqual([
      ['EVENT', 'NAME', 'STATUS'],
      ['ADDED', 'default', 'Active'],
      ['ADDED', 'kube-node-lease', 'Active'],
      ['ADDED', 'kube-public', 'Active'],
      ['ADDED', 'kube-system', 'Active'],
      ['ADDED', 'w', 'Active'],
      ['ADDED', 'later', 'Active'],
    ]);
  });
});
