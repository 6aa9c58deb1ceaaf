import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../../test/support/simulator.js';
import { ClusterClient } from '../cluster/cluster-client.js';
import { SimClock } from '../simulator/clock.js';
import { ClusterTime } from './cluster-time.js';
import type { Lesson } from './lesson-types.js';
import { ActionFailed } from './perform-action.js';
import { performActions } from './selftest-actions.js';

/**
 * The self-test's waits on a simulator whose clock stands still (speed 0): only fast-forwarding
 * can bring a pull or a container start, so a wait that arrives proves the clock was moved.
 */
describe('performActions with ClusterTime on a stopped simulated clock', () => {
  let cluster: TestCluster;
  let client: ClusterClient;
  let clock: SimClock;
  let dir: string;
  let lesson: Lesson;
  let time: ClusterTime;

  beforeAll(async () => {
    clock = new SimClock({ speed: 0 });
    cluster = await startTestCluster({ clock });
    client = await ClusterClient.connect({ kubeconfigPath: cluster.simulator.kubeconfigPath });
    dir = await mkdtemp(join(tmpdir(), 'pod-course-selftest-actions-'));
    await writeFile(
      join(dir, 'sleeper.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: sleeper\nspec:\n  containers:\n  - name: main\n    image: busybox\n    command: ["sleep", "3600"]\n',
    );
    lesson = { id: 'selftest-actions', dir } as Lesson;
    time = await ClusterTime.of(client);
  });
  afterAll(async () => {
    await cluster?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('knows the simulator has a clock, and pass() moves it by exactly the step', async () => {
    expect(time.fastForward).toBe(true);
    const before = clock.nowMs();
    await time.pass(1.5);
    expect(clock.nowMs() - before).toBe(1500);
  });

  it('a wait for running fast-forwards until the pod runs, and stops there', async () => {
    const before = clock.nowMs();
    await performActions(
      client,
      lesson,
      [
        { type: 'apply', file: 'sleeper.yaml' },
        {
          type: 'wait',
          target: { kind: 'Pod', name: 'sleeper' },
          for: 'running',
          timeoutSeconds: 60,
        },
      ],
      time,
    );
    const pod = await client.getObject<{ status: { phase: string } }>('Pod', 'sleeper');
    expect(pod?.status.phase).toBe('Running');
    const passed = clock.nowMs() - before;
    // Time moved (nothing else would have started the container), in 200 ms steps, and not
    // much past the start: the wait stopped once it saw the state.
    expect(passed).toBeGreaterThan(0);
    expect(passed % 200).toBe(0);
    expect(passed).toBeLessThan(10_000);
  });

  it('a wait that never arrives fails as waitFor does, after its timeout in simulated time', async () => {
    const before = clock.nowMs();
    const failure = await performActions(
      client,
      lesson,
      [
        {
          type: 'wait',
          target: { kind: 'Pod', name: 'sleeper' },
          for: 'succeeded',
          timeoutSeconds: 1,
        },
      ],
      time,
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ActionFailed);
    expect((failure as Error).message).toBe(
      'pod/sleeper did not become succeeded within 1 s (last seen: phase Running)',
    );
    expect(clock.nowMs() - before).toBeGreaterThanOrEqual(1000);
  });

  it('other actions are performed as performAction does (labelled with the lesson)', async () => {
    const pod = await client.getObject<{ metadata: { labels: Record<string, string> } }>(
      'Pod',
      'sleeper',
    );
    expect(pod?.metadata.labels['pod-course.dev/lesson']).toBe('selftest-actions');
  });
});
