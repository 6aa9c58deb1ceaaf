import { join } from 'node:path';
import { defaultSimDir } from '../../home.js';
import { StartError } from '../../simulator/start-error.js';
import { CliError, EXIT } from '../exit-codes.js';
import { parsePort, parseSpeed } from '../sim-options.js';
import type { Messages } from '../ui/messages.js';

export const SIM_SERVE_OPTIONS = {
  port: { type: 'string' },
  state: { type: 'string' },
  speed: { type: 'string' },
  'cluster-shape': { type: 'string' },
} as const;

interface SimServeValues {
  port?: string;
  state?: string;
  speed?: string;
  kubeconfig?: string;
  json?: boolean;
  'cluster-shape'?: string;
}

/**
 * `pod-course sim serve`: the simulator in the foreground until SIGINT/SIGTERM. Without
 * `--state`/`--kubeconfig` it uses `<home>/sim/`, where the other commands look for it.
 */
export async function runSimServe(values: SimServeValues, t: Messages): Promise<number> {
  const port = parsePort(values.port, t);
  const speed = parseSpeed(values.speed, t);
  const simDir = defaultSimDir();
  const stateDir = values.state ?? simDir;
  const kubeconfigPath = values.kubeconfig ?? join(values.state ?? simDir, 'kubeconfig');
  const shapeFile = values['cluster-shape'];
  const clusterShape = shapeFile === undefined ? undefined : await loadClusterShape(shapeFile, t);

  // Listen for Ctrl-C / SIGTERM before starting, so a signal during start-up still stops cleanly.
  const stopRequested = new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  const started = performance.now();
  // Loaded here, not at the top: `--help` and other commands never pay for the simulator.
  const { startSimulator } = await import('../../simulator/index.js');
  let simulator: Awaited<ReturnType<typeof startSimulator>>;
  try {
    simulator = await startSimulator({
      stateDir,
      port,
      kubeconfigPath,
      speed,
      // kubectl computes some ages against the host's clock: show times in host time, so that
      // `sim advance` never makes them `<invalid>` (src/simulator/apiserver/time-view.ts).
      hostTimeView: true,
      ...(clusterShape ? { clusterShape } : {}),
    });
  } catch (error) {
    if (error instanceof StartError) {
      // The store's detail names the file and is in English; the next step comes in the learner's language.
      const reason =
        error.code === 'port-in-use'
          ? t.simPortInUse(port)
          : error.code === 'locked'
            ? t.simStateLocked(error.message)
            : t.simStateUnusable(error.message);
      throw new CliError(t.simFailed(reason), EXIT.clusterUnavailable);
    }
    throw error;
  }
  const elapsed = Math.round(performance.now() - started);
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ url: simulator.url, kubeconfig: simulator.kubeconfigPath, stateDir, pid: process.pid })}\n`,
    );
  } else {
    process.stdout.write(`${t.simServing(simulator.url, simulator.kubeconfigPath, elapsed)}\n`);
  }

  await stopRequested;
  process.stderr.write(`${t.simStopping()}\n`);
  await simulator.stop();
  process.stderr.write(`${t.simStopped()}\n`);
  return EXIT.ok;
}

/** `--cluster-shape FILE`: a refused file is a usage error (exit 2) naming what is wrong. */
async function loadClusterShape(path: string, t: Messages) {
  const { ClusterShapeError, readClusterShape } = await import(
    '../../simulator/cluster-shape-file.js'
  );
  try {
    return await readClusterShape(path);
  } catch (error) {
    if (error instanceof ClusterShapeError)
      throw new CliError(t.badClusterShape(path, error.message), EXIT.usage);
    throw error;
  }
}
