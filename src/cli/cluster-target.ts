import { existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { type BackendChoice, readBackendChoice, saveBackendChoice } from './backend-choice.js';
import { CliError, EXIT } from './exit-codes.js';
import type { Language } from './ui/language.js';
import { targetMessages } from './ui/target-messages.js';

export const SIM_CONTEXT = 'pod-course-sim';
export const KIND_CONTEXT = 'kind-pod-course';

/** Where a command works: a kubeconfig, a context in it, a namespace; and how progress is keyed. */
export interface ClusterTarget {
  backend: 'sim' | 'kind' | 'cluster';
  /** The progress key (`sim`, `kind`, `context:<name>`). */
  key: string;
  kubeconfig: string;
  context: string | undefined;
  namespace: string;
  /** Set when this call started the simulator: how long it took. */
  startedInMs?: number;
}

export interface TargetFlags {
  kind?: boolean | undefined;
  context?: string | undefined;
  kubeconfig?: string | undefined;
  namespace?: string | undefined;
  yes?: boolean | undefined;
}

export interface TargetOptions {
  language: Language;
  /** Asks to confirm a foreign context (only with a TTY); absent → `--yes` is required. */
  confirm?: (question: string) => Promise<boolean>;
  /** Told before a slow start (simulator spawn, kind create). */
  onStarting?: (what: 'sim' | 'kind') => void;
  /** Overrides the simulator's state directory (selftest's throwaway simulator). */
  simStateDir?: string;
  /**
   * False: only work out which backend and namespace (for progress keys), without starting
   * the simulator or kind (`hint`, `report`, `progress`).
   */
  start?: boolean;
  /** The simulator whatever the flags and remembered choice say (selftest). */
  forceSim?: boolean;
}

/**
 * Resolves the backend from the flags (CLI.md § Global), else the remembered choice, else
 * the simulator; starts the simulator or the kind cluster when that is the backend. This is
 * the composition root's one place that knows backends by name.
 */
export async function resolveTarget(
  flags: TargetFlags,
  options: TargetOptions,
): Promise<ClusterTarget> {
  const t = targetMessages(options.language);
  if (options.forceSim) return simTarget(flags, options);
  const remembered =
    flags.kind || flags.context || flags.kubeconfig ? undefined : await readBackendChoice();
  const start = options.start ?? true;
  if (flags.kind || remembered?.backend === 'kind') {
    if (!start)
      return {
        backend: 'kind',
        key: 'kind',
        kubeconfig: '',
        context: KIND_CONTEXT,
        namespace: flags.namespace ?? 'default',
      };
    return kindTarget(flags, options);
  }
  if (flags.context || flags.kubeconfig || remembered?.backend === 'cluster') {
    const kubeconfig = flags.kubeconfig ?? remembered?.kubeconfig ?? defaultKubeconfig();
    if (!existsSync(kubeconfig)) throw new CliError(t.noKubeconfig(kubeconfig), EXIT.usage);
    const context = flags.context ?? remembered?.context ?? (await currentContext(kubeconfig));
    if (context === SIM_CONTEXT) return simTarget(flags, options, kubeconfig);
    if (context === KIND_CONTEXT) {
      return {
        backend: 'kind',
        key: 'kind',
        kubeconfig,
        context,
        namespace: flags.namespace ?? 'default',
      };
    }
    const namespace = flags.namespace ?? remembered?.namespace ?? `pod-course-${safeUser()}`;
    if (start) await confirmForeign(kubeconfig, context, namespace, flags, options, remembered);
    return {
      backend: 'cluster',
      key: `context:${context ?? '(current)'}`,
      kubeconfig,
      context,
      namespace,
    };
  }
  if (!start)
    return {
      backend: 'sim',
      key: 'sim',
      kubeconfig: '',
      context: SIM_CONTEXT,
      namespace: flags.namespace ?? 'default',
    };
  return simTarget(flags, options);
}

async function simTarget(
  flags: TargetFlags,
  options: TargetOptions,
  kubeconfig?: string,
): Promise<ClusterTarget> {
  const { ensureSimulator } = await import('./ensure-simulator.js');
  const sim = await ensureSimulator({
    language: options.language,
    ...(options.simStateDir ? { stateDir: options.simStateDir } : {}),
    onStarting: () => options.onStarting?.('sim'),
  });
  return {
    backend: 'sim',
    key: 'sim',
    kubeconfig: kubeconfig ?? sim.kubeconfig,
    context: SIM_CONTEXT,
    namespace: flags.namespace ?? 'default',
    ...(sim.started ? { startedInMs: sim.elapsedMs } : {}),
  };
}

async function kindTarget(flags: TargetFlags, options: TargetOptions): Promise<ClusterTarget> {
  const { ensureKindCluster } = await import('../cluster/kind/kind-cli.js');
  options.onStarting?.('kind');
  const kind = await ensureKindCluster({ language: options.language });
  return {
    backend: 'kind',
    key: 'kind',
    kubeconfig: kind.kubeconfig,
    context: kind.context,
    namespace: flags.namespace ?? 'default',
  };
}

/** `$KUBECONFIG`'s first file, else `~/.kube/config`, as kubectl reads them. */
export function defaultKubeconfig(env: NodeJS.ProcessEnv = process.env) {
  const first = env.KUBECONFIG?.split(delimiter).find(Boolean);
  return first ?? join(homedir(), '.kube', 'config');
}

async function currentContext(kubeconfig: string) {
  const { loadClientNode } = await import('../cluster/client-node.js');
  const k8s = await loadClientNode();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  return kc.getCurrentContext() || undefined;
}

/** A namespace name from the login name: lower-case, DNS-label safe. */
function safeUser() {
  let name = 'learner';
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (containers): keep the fallback
  }
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (cleaned || 'learner').slice(0, 40);
}

/**
 * Working in someone else's cluster needs a yes: once per context, remembered; `--yes` for
 * scripts; without a TTY and without `--yes`, a usage error that says so.
 */
async function confirmForeign(
  kubeconfig: string,
  context: string | undefined,
  namespace: string,
  flags: TargetFlags,
  options: TargetOptions,
  remembered: BackendChoice | undefined,
) {
  const t = targetMessages(options.language);
  const id = `${context ?? ''}@${kubeconfig}`;
  const previous = remembered ?? (await readBackendChoice());
  if (previous?.accepted?.includes(id)) return;
  if (!flags.yes) {
    if (!options.confirm)
      throw new CliError(t.foreignNeedsYes(context ?? '', namespace), EXIT.usage);
    if (!(await options.confirm(t.foreignQuestion(context ?? '', namespace)))) {
      throw new CliError(t.foreignDeclined(), EXIT.usage);
    }
  }
  await saveBackendChoice({
    ...(previous ?? { backend: 'sim' }),
    accepted: [...(previous?.accepted ?? []), id],
  });
}
