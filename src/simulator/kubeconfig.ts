import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import { writeFileAtomic } from '../util/atomic-write.js';

/** The name of the simulator's cluster, user and context in every kubeconfig it writes. */
export const SIM_CONTEXT = 'pod-course-sim';

export interface SimKubeconfig {
  server: string;
  caPem: string;
  token: string;
  namespace?: string;
}

export function renderKubeconfig({ server, caPem, token, namespace = 'default' }: SimKubeconfig) {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: SIM_CONTEXT,
        cluster: {
          server,
          'certificate-authority-data': Buffer.from(caPem).toString('base64'),
        },
      },
    ],
    users: [{ name: SIM_CONTEXT, user: { token } }],
    contexts: [
      { name: SIM_CONTEXT, context: { cluster: SIM_CONTEXT, user: SIM_CONTEXT, namespace } },
    ],
    'current-context': SIM_CONTEXT,
  };
  // Block style and no line folding: the CA data is one long base64 line, as kubectl writes it.
  return stringify(config, { lineWidth: 0, minContentWidth: 0 });
}

/** Complete or absent, never half-written, and readable by its owner only (it holds the token). */
export async function writeKubeconfig(path: string, config: SimKubeconfig) {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, renderKubeconfig(config), 0o600);
}
