import { formatDuration } from '../duration.js';
import { ensureSimulator } from '../ensure-simulator.js';
import { CliError, EXIT } from '../exit-codes.js';
import { parsePort, parseSpeed } from '../sim-options.js';
import type { Language } from '../ui/language.js';
import type { Messages } from '../ui/messages.js';

export const SIM_START_OPTIONS = {
  port: { type: 'string' },
  state: { type: 'string' },
  speed: { type: 'string' },
} as const;

interface SimStartValues {
  port?: string;
  state?: string;
  speed?: string;
  kubeconfig?: string;
  json?: boolean;
}

/**
 * `pod-course sim start`: the simulator as a background process, reused when one already
 * serves the state directory (exit 0 either way); exit 3 when it cannot start.
 */
export async function runSimStart(
  values: SimStartValues,
  t: Messages,
  language: Language,
): Promise<number> {
  // `sim status`/`stop` and every engine command look for <state>/kubeconfig: another path
  // would make this simulator invisible to them. `sim serve --kubeconfig` remains for that.
  if (values.kubeconfig !== undefined) throw new CliError(t.simStartNoKubeconfig(), EXIT.usage);
  const port = values.port === undefined ? undefined : parsePort(values.port, t);
  const speed = values.speed === undefined ? undefined : parseSpeed(values.speed, t);
  const sim = await ensureSimulator({
    language,
    onStarting: () => {
      if (!values.json) process.stderr.write(`${t.simStarting()}\n`);
    },
    ...(values.state !== undefined ? { stateDir: values.state } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(speed !== undefined ? { speed } : {}),
  });
  const uptime = sim.startedAt ? formatDuration(Date.now() - sim.startedAt.getTime()) : undefined;
  if (!sim.started && (port !== undefined || speed !== undefined)) {
    process.stderr.write(`${t.simOptionsIgnored()}\n`);
  }
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({
        url: sim.url,
        pid: sim.pid,
        kubeconfig: sim.kubeconfig,
        stateDir: sim.stateDir,
        log: sim.logFile,
        started: sim.started,
        elapsedMs: sim.elapsedMs,
      })}\n`,
    );
  } else if (sim.started) {
    process.stdout.write(
      `${t.simStarted(sim.url, sim.pid, sim.kubeconfig, sim.elapsedMs, sim.logFile)}\n`,
    );
  } else {
    process.stdout.write(`${t.simAlreadyRunning(sim.url, sim.pid, sim.kubeconfig, uptime)}\n`);
  }
  return EXIT.ok;
}
