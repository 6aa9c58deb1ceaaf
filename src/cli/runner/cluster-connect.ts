import type { ProgressStore } from '../../course/progress-store.js';
import { readBackendChoice } from '../backend-choice.js';
import { resolveTarget, type TargetFlags } from '../cluster-target.js';
import { asCliError } from '../course-command.js';
import { courseMessages } from '../ui/course-messages.js';
import type { Language } from '../ui/language.js';
import type { RunnerMessages } from '../ui/runner-messages.js';
import { readyLine } from './cluster-summary.js';
import type { Connected } from './runner-context.js';

/**
 * The progress key when it is known without the cluster: the simulator's and kind's are
 * fixed. Undefined for a kubeconfig context of the learner's own, which may need a yes
 * (and client-node, to read the kubeconfig) first.
 */
export async function keyWithoutCluster(
  flags: TargetFlags,
  language: Language,
): Promise<{ backend: string; namespace: string } | undefined> {
  if (flags.context || flags.kubeconfig) return undefined;
  if (!flags.kind && (await readBackendChoice())?.backend === 'cluster') return undefined;
  const planned = await resolveTarget(flags, { language, start: false });
  return planned.backend === 'cluster'
    ? undefined
    : { backend: planned.key, namespace: planned.namespace };
}

export interface ConnectOptions {
  flags: TargetFlags;
  language: Language;
  t: RunnerMessages;
  /** The store the session records progress through (the runner's own). */
  progress: ProgressStore;
  /** Resolves when this thread may do heavy work (the first screen is up). */
  begun: Promise<void>;
  /** What it is doing now (starting the simulator, kind). */
  say: (text: string) => void;
  /** Asks to confirm a foreign context; only when the runner connects in the foreground. */
  confirm?: (question: string) => Promise<boolean>;
}

/**
 * Reaches the cluster: the backend (starting the simulator or kind), a session, and the ready
 * line read from the cluster (UX.md: `Simulator ready (0.3 s) · 3 nodes · Kubernetes v1.32`).
 *
 * The simulator's start begins at once (it runs in its own process); client-node, whose
 * import takes about half a second of this thread, loads meanwhile once `begun` resolves.
 * Failures come out as the CliError (exit code and message) the command ends with.
 */
export async function connectCluster(
  options: ConnectOptions,
): Promise<{ connected: Connected; ready: string }> {
  const { language, t } = options;
  try {
    const target = resolveTarget(options.flags, {
      language,
      start: true,
      onStarting: (what) => options.say(what === 'sim' ? t.simStarting() : t.kindStarting()),
      ...(options.confirm ? { confirm: options.confirm } : {}),
    });
    // Awaited below; a failure meanwhile must not count as unhandled.
    target.catch(() => undefined);
    await options.begun;
    const clientNode = import('../../cluster/client-node.js').then((m) => m.loadClientNode());
    clientNode.catch(() => undefined);
    const { CourseSession } = await import('../../course/course-session.js');
    const resolved = await target;
    const session = await CourseSession.open(resolved, options.progress);
    // As openSession does: in a cluster of the learner's own, the namespace may be missing.
    if (resolved.backend === 'cluster') await session.ensureNamespace();
    const ready = await readyLine(session, resolved, t);
    return { connected: { target: resolved, session }, ready };
  } catch (error) {
    throw asCliError(error, { t: courseMessages(language), language });
  }
}
