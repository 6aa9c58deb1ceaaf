import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parse, stringify } from 'yaml';
import { writeFileAtomic } from '../util/atomic-write.js';
import { StartError } from './start-error.js';

/** The name of the simulator's cluster, user and context in every kubeconfig it writes. */
export const SIM_CONTEXT = 'pod-course-sim';

export interface SimKubeconfig {
  server: string;
  caPem: string;
  token: string;
  namespace?: string;
}

interface Named {
  name: string;
  [key: string]: unknown;
}

interface KubeconfigFile {
  apiVersion?: string;
  kind?: string;
  clusters?: Named[];
  users?: Named[];
  contexts?: Named[];
  'current-context'?: string;
  [key: string]: unknown;
}

function simEntries({ server, caPem, token, namespace = 'default' }: SimKubeconfig) {
  return {
    cluster: {
      name: SIM_CONTEXT,
      cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') },
    },
    user: { name: SIM_CONTEXT, user: { token } },
    context: { name: SIM_CONTEXT, context: { cluster: SIM_CONTEXT, user: SIM_CONTEXT, namespace } },
  };
}

/**
 * The simulator's entries merged into an existing kubeconfig (others kept, ours replaced,
 * current-context switched to ours — as `kind create cluster` does), or a new one.
 */
export function renderKubeconfig(config: SimKubeconfig, existing: KubeconfigFile = {}) {
  const { cluster, user, context } = simEntries(config);
  const replace = (list: Named[] | undefined, entry: Named) => [
    ...(list ?? []).filter((e) => e.name !== SIM_CONTEXT),
    entry,
  ];
  const merged: KubeconfigFile = {
    ...existing,
    apiVersion: existing.apiVersion ?? 'v1',
    kind: existing.kind ?? 'Config',
    clusters: replace(existing.clusters, cluster),
    users: replace(existing.users, user),
    contexts: replace(existing.contexts, context),
    'current-context': SIM_CONTEXT,
  };
  // Block style and no line folding: the CA data is one long base64 line, as kubectl writes it.
  return stringify(merged, { lineWidth: 0, minContentWidth: 0 });
}

/**
 * Complete or absent, never half-written, readable by its owner only (it holds the token).
 * A kubeconfig already at `path` keeps its other clusters, users and contexts; one that does
 * not parse is left untouched and start-up stops with a message saying so.
 */
export async function writeKubeconfig(path: string, config: SimKubeconfig) {
  await mkdir(dirname(path), { recursive: true });
  let existing: KubeconfigFile = {};
  try {
    const parsed: unknown = parse(await readFile(path, 'utf8'));
    if (parsed !== null && parsed !== undefined) {
      if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a kubeconfig');
      existing = parsed as KubeconfigFile;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new StartError(
        'state',
        `${path} exists but is not a kubeconfig pod-course can merge into (${(error as Error).message.split('\n')[0]}); move it away or pass another --kubeconfig`,
      );
    }
  }
  await writeFileAtomic(path, renderKubeconfig(config, existing), 0o600);
}
