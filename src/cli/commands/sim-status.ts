import { defaultSimDir } from '../../home.js';
import { formatDuration } from '../duration.js';
import { EXIT } from '../exit-codes.js';
import { probeSimulator } from '../sim-process.js';
import type { Messages } from '../ui/messages.js';

export const SIM_STATUS_OPTIONS = {
  state: { type: 'string' },
} as const;

interface SimStatusValues {
  state?: string;
  json?: boolean;
}

/**
 * `pod-course sim status`: exit 0 only when a simulator serves the state directory and
 * answers `/readyz`; 1 otherwise (not started, stale pid — removed —, or not answering).
 */
export async function runSimStatus(values: SimStatusValues, t: Messages): Promise<number> {
  const stateDir = values.state ?? defaultSimDir();
  const probe = await probeSimulator(stateDir);
  const { paths } = probe;
  const running = probe.pid !== undefined && probe.url !== undefined;
  const uptimeMs = probe.startedAt ? Date.now() - probe.startedAt.getTime() : undefined;
  if (values.json) {
    const document = running
      ? {
          running: true,
          url: probe.url,
          pid: probe.pid,
          kubeconfig: paths.kubeconfig,
          stateDir,
          log: paths.logFile,
          background: probe.background,
          uptimeSeconds: uptimeMs === undefined ? null : Math.floor(uptimeMs / 1000),
        }
      : {
          running: false,
          stateDir,
          kubeconfig: paths.kubeconfig,
          // A live process that does not answer /readyz (starting, hung, or its own kubeconfig).
          pid: probe.pid ?? null,
          stalePid: probe.stalePid ?? null,
        };
    process.stdout.write(`${JSON.stringify(document)}\n`);
    return running ? EXIT.ok : EXIT.notPassed;
  }
  if (probe.stalePid !== undefined) {
    process.stderr.write(`${t.simStalePidRemoved(probe.stalePid)}\n`);
  }
  if (running && probe.pid !== undefined && probe.url !== undefined) {
    const uptime = uptimeMs === undefined ? undefined : formatDuration(uptimeMs);
    process.stdout.write(
      `${t.simStatusRunning(probe.url, probe.pid, paths.kubeconfig, stateDir, uptime, probe.background)}\n`,
    );
    return EXIT.ok;
  }
  process.stdout.write(
    `${probe.pid === undefined ? t.simStatusNotRunning(stateDir) : t.simNotAnswering(probe.pid, paths.kubeconfig)}\n`,
  );
  return EXIT.notPassed;
}
