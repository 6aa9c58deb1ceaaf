import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../kube-object.js';

/** Shared by the store's tests: objects and throwaway state directories. */

export function pod(
  name: string,
  namespace = 'default',
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: `uid-${namespace}-${name}` },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
    ...extra,
  };
}

export function namespaceObject(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

/** A fresh directory under the OS temp dir, removed by the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'pod-course-store-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
