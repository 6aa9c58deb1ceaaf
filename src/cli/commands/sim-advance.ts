import { join } from 'node:path';
import { defaultSimDir } from '../../home.js';
import { parseDuration } from '../duration.js';
import { CliError, EXIT } from '../exit-codes.js';
import { callSim, endpointFromKubeconfig } from '../sim-client.js';
import type { Messages } from '../ui/messages.js';

interface SimAdvanceValues {
  kubeconfig?: string;
  json?: boolean;
}

/** `pod-course sim advance DURATION`: moves the simulator's clock, running all that falls due. */
export async function runSimAdvance(
  duration: string | undefined,
  values: SimAdvanceValues,
  t: Messages,
) {
  const ms = duration === undefined ? undefined : parseDuration(duration);
  if (ms === undefined) throw new CliError(t.badDuration(duration ?? ''), EXIT.usage);
  const kubeconfig = values.kubeconfig ?? join(defaultSimDir(), 'kubeconfig');
  let endpoint: Awaited<ReturnType<typeof endpointFromKubeconfig>>;
  try {
    endpoint = await endpointFromKubeconfig(kubeconfig);
  } catch (error) {
    throw new CliError(
      t.simUnreachable(kubeconfig, (error as Error).message),
      EXIT.clusterUnavailable,
    );
  }
  if (!endpoint) throw new CliError(t.simNotRunning(kubeconfig), EXIT.clusterUnavailable);
  let answer: { status: number; body: string };
  try {
    answer = await callSim(endpoint, 'POST', '/pod-course/v1/clock/advance', {
      seconds: ms / 1000,
    });
  } catch (error) {
    throw new CliError(
      t.simUnreachable(endpoint.server, (error as Error).message),
      EXIT.clusterUnavailable,
    );
  }
  if (answer.status === 404) throw new CliError(t.noClock(endpoint.server), EXIT.notPassed);
  if (answer.status !== 200) {
    throw new CliError(
      t.simUnreachable(endpoint.server, `HTTP ${answer.status}: ${answer.body.slice(0, 200)}`),
      EXIT.clusterUnavailable,
    );
  }
  const clock = JSON.parse(answer.body) as { now: string; speed: number };
  process.stdout.write(
    values.json ? `${JSON.stringify(clock)}\n` : `${t.advanced(duration ?? '', clock.now)}\n`,
  );
  return EXIT.ok;
}
