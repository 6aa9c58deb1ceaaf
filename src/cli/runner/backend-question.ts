import { readFile } from 'node:fs/promises';
import { select } from '@clack/prompts';
import { parse } from 'yaml';
import { findExecutable } from '../../cluster/kind/kind-tools.js';
import { type BackendChoice, readBackendChoice, saveBackendChoice } from '../backend-choice.js';
import {
  defaultKubeconfig,
  KIND_CONTEXT,
  SIM_CONTEXT,
  type TargetFlags,
} from '../cluster-target.js';
import type { RunnerMessages } from '../ui/runner-messages.js';
import type { Interrupt } from './interrupt.js';
import { ask } from './prompt.js';

/** The kubeconfig's current context, read as plain YAML (client-node is slow to load). */
export async function currentContextOf(kubeconfig: string): Promise<string | undefined> {
  try {
    const document = parse(await readFile(kubeconfig, 'utf8')) as Record<string, unknown> | null;
    const current = document?.['current-context'];
    return typeof current === 'string' && current !== '' ? current : undefined;
  } catch {
    return undefined;
  }
}

/** What this machine offers besides the simulator. */
export async function backendOptions(env: NodeJS.ProcessEnv = process.env) {
  const kubeconfig = defaultKubeconfig(env);
  const context = await currentContextOf(kubeconfig);
  const kind =
    (await findExecutable('kind', env)) !== undefined &&
    ((await findExecutable('docker', env)) ?? (await findExecutable('podman', env))) !== undefined;
  return {
    kind,
    kubeconfig,
    // The simulator's and kind's own contexts are already the first two options.
    context: context === SIM_CONTEXT || context === KIND_CONTEXT ? undefined : context,
  };
}

/**
 * The backend question (UX.md § First minute): asked only when flags name no backend, none
 * was chosen before, and there is a real choice (kind installed, or a kubeconfig context).
 * The answer is remembered, so it is asked once. Resolves false when the learner leaves.
 */
export async function chooseBackend(
  flags: TargetFlags,
  io: { input: NodeJS.ReadStream; interrupt: Interrupt; t: RunnerMessages },
): Promise<boolean> {
  if (flags.kind || flags.context || flags.kubeconfig) return true;
  if (await readBackendChoice()) return true;
  const { t } = io;
  const offer = await backendOptions();
  if (!offer.kind && offer.context === undefined) {
    await saveBackendChoice({ backend: 'sim' });
    return true;
  }
  type Answer = 'sim' | 'kind' | 'cluster';
  const options: { value: Answer; label: string; hint?: string; disabled?: boolean }[] = [
    { value: 'sim', label: t.backendSim(), hint: t.recommended() },
    {
      value: 'kind',
      label: t.backendKind(),
      ...(offer.kind ? {} : { disabled: true, hint: t.kindMissing() }),
    },
  ];
  if (offer.context) options.push({ value: 'cluster', label: t.backendContext(offer.context) });
  const answer = await ask<Answer>(io, () =>
    select<Answer>({
      message: t.backendQuestion(),
      options,
      initialValue: 'sim',
      showInstructions: false,
    }),
  );
  if (answer === undefined) return false;
  const choice: BackendChoice =
    answer === 'cluster' && offer.context
      ? { backend: 'cluster', context: offer.context, kubeconfig: offer.kubeconfig }
      : { backend: answer === 'kind' ? 'kind' : 'sim' };
  await io.interrupt.track(saveBackendChoice(choice));
  return true;
}
