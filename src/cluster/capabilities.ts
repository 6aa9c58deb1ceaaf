import type { Capability } from '../course/lesson-types.js';
import type { LocalizedText } from '../course/localized-text.js';
import { ApiFailure } from './api-failure.js';
import type { ClusterClient } from './cluster-client.js';
import { hasClock } from './cluster-clock.js';

export type CapabilityReport = Record<Capability, { available: boolean; reason?: LocalizedText }>;

/**
 * What this cluster lets the learner do, asked through its API (DESIGN.md: capabilities) —
 * never inferred from the backend's name: access reviews for verbs, a server-side dry run for
 * the pods admission would refuse (PodSecurity and friends), the simulator's clock endpoint.
 */
export async function probeCapabilities(cluster: ClusterClient): Promise<CapabilityReport> {
  const [exec, nodeLabels, clock, nodeAccess, privileged] = await Promise.all([
    canI(cluster, {
      verb: 'create',
      resource: 'pods',
      subresource: 'exec',
      namespace: cluster.namespace,
    }),
    canI(cluster, { verb: 'patch', resource: 'nodes' }),
    hasClock(cluster),
    admits(cluster, {
      hostPID: true,
      hostNetwork: true,
      volumes: [{ name: 'node', hostPath: { path: '/' } }],
    }),
    admits(cluster, {}, { securityContext: { privileged: true } }),
  ]);
  return {
    exec: exec
      ? { available: true }
      : { available: false, reason: no('create pods/exec', '创建 pods/exec') },
    'node-labels': nodeLabels
      ? { available: true }
      : { available: false, reason: no('patch nodes', '修改节点 (patch nodes)') },
    clock: clock
      ? { available: true }
      : {
          available: false,
          reason: {
            en: 'this cluster cannot fast-forward time (only the built-in simulator can)',
            zh: '这个集群不能快进时间(只有内置模拟器可以)',
          },
        },
    'node-access': nodeAccess.ok
      ? { available: true }
      : { available: false, reason: refused('hostPath/hostPID/hostNetwork', nodeAccess.message) },
    privileged: privileged.ok
      ? { available: true }
      : { available: false, reason: refused('privileged', privileged.message) },
  };
}

function no(en: string, zh: string): LocalizedText {
  return {
    en: `you are not allowed to ${en} in this cluster`,
    zh: `你在这个集群中没有权限${zh}`,
  };
}

function refused(what: string, message: string): LocalizedText {
  return {
    en: `the cluster refuses ${what} pods here: ${message}`,
    zh: `集群在这里不允许 ${what} 的 Pod:${message}`,
  };
}

interface Review {
  verb: string;
  resource: string;
  subresource?: string;
  namespace?: string;
}

async function canI(cluster: ClusterClient, review: Review) {
  try {
    const res = await cluster.request({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: review },
      },
    });
    return (res.body as { status?: { allowed?: boolean } }).status?.allowed === true;
  } catch (error) {
    // A cluster without the authorization API authorizes nothing per user: all is allowed.
    if (error instanceof ApiFailure && error.status === 404) return true;
    throw error;
  }
}

/** A server-side dry run (`dryRun=All`) runs admission without creating anything. */
async function admits(
  cluster: ClusterClient,
  podSpec: Record<string, unknown>,
  containerSpec: Record<string, unknown> = {},
): Promise<{ ok: true } | { ok: false; message: string }> {
  const container = { name: 'probe', image: 'busybox:1.36', ...containerSpec };
  try {
    await cluster.request({
      method: 'POST',
      path: `/api/v1/namespaces/${encodeURIComponent(cluster.namespace)}/pods?dryRun=All`,
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'pod-course-capability-probe' },
        spec: { ...podSpec, containers: [container] },
      },
    });
    return { ok: true };
  } catch (error) {
    if (error instanceof ApiFailure && (error.status === 403 || error.status === 422)) {
      return { ok: false, message: error.message };
    }
    throw error;
  }
}
