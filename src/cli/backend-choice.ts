import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { podCourseHome } from '../home.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/**
 * The backend a learner chose last (`start` asks once, then remembers), and the foreign
 * contexts they accepted, in `<home>/backend.json`. A missing or unreadable file means the
 * default: the simulator.
 */
export interface BackendChoice {
  backend: 'sim' | 'kind' | 'cluster';
  context?: string;
  kubeconfig?: string;
  namespace?: string;
  /** Contexts of other clusters the learner confirmed using ("context@kubeconfig"). */
  accepted?: string[];
}

const file = () => join(podCourseHome(), 'backend.json');

export async function readBackendChoice(): Promise<BackendChoice | undefined> {
  try {
    const value = JSON.parse(await readFile(file(), 'utf8')) as BackendChoice;
    return ['sim', 'kind', 'cluster'].includes(value.backend) ? value : undefined;
  } catch {
    return undefined;
  }
}

export async function saveBackendChoice(choice: BackendChoice) {
  await mkdir(podCourseHome(), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file(), `${JSON.stringify(choice, null, 2)}\n`);
}
