/**
 * The kubelet every node has until the simulated kubelet registers its own `NodeStreams`: one
 * whose containers have not started. Its answers are a real kubelet's for a pod it has just
 * been given — the texts of kubelet_pods.go (`validateContainerLogStatus`, `GetExec`,
 * `GetAttach`) — so `kubectl logs|exec|attach` on a bound pod print what they print on a real
 * cluster while the pod is still `ContainerCreating`.
 */
import { Readable } from 'node:stream';
import { isPlainObject, type KubeObject } from '../../kube-object.js';
import { type ContainerTarget, KubeletError, type NodeStreams } from './node-streams.js';
import { podContainers } from './pod-location.js';

export function waitingKubelet(): NodeStreams {
  return {
    async logs(target, options) {
      checkLogStatus(target, options.previous);
      // A container the status calls running or terminated has written nothing yet.
      return Readable.from([]);
    },
    async exec(target) {
      throw new KubeletError(`container not found (${JSON.stringify(target.container)})`, 500);
    },
    async attach(target) {
      throw new KubeletError(
        `container ${target.container} not found in pod ${target.podName}_${target.namespace}`,
        500,
      );
    },
  };
}

interface ContainerStatus {
  name?: string;
  containerID?: string;
  state?: {
    waiting?: { reason?: string };
    running?: unknown;
    terminated?: { containerID?: string };
  };
  lastState?: { terminated?: { containerID?: string } };
}

/** `validateContainerLogStatus`, over the status the kubelet would report for the pod. */
function checkLogStatus(target: ContainerTarget, previous: boolean) {
  const { container, podName } = target;
  const status = containerStatus(target.pod, container);
  const last = status.lastState?.terminated;
  const { waiting, running, terminated } = status.state ?? {};
  const fail = (message: string): never => {
    throw new KubeletError(message, 400);
  };
  if (previous) {
    if (!last?.containerID)
      fail(`previous terminated container "${container}" in pod "${podName}" not found`);
    return;
  }
  if (running !== undefined) return;
  if (terminated) {
    if (!terminated.containerID && !last?.containerID) {
      fail(`container "${container}" in pod "${podName}" is terminated`);
    }
    return;
  }
  if (last) {
    if (!last.containerID) fail(`container "${container}" in pod "${podName}" is terminated`);
    return;
  }
  if (waiting) {
    const reason = waiting.reason ?? '';
    if (reason === 'ErrImagePull')
      fail(
        `container "${container}" in pod "${podName}" is waiting to start: image can't be pulled`,
      );
    if (reason === 'ImagePullBackOff') {
      fail(
        `container "${container}" in pod "${podName}" is waiting to start: trying and failing to pull image`,
      );
    }
    fail(`container "${container}" in pod "${podName}" is waiting to start: ${reason}`);
  }
  fail(`container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
}

/**
 * The container's status as stored, or the one a kubelet reports before starting anything:
 * waiting with `ContainerCreating`, or `PodInitializing` when the pod has init containers
 * (`convertToAPIContainerStatuses`' default waiting state).
 */
function containerStatus(pod: KubeObject, container: string): ContainerStatus {
  const status = isPlainObject(pod.status) ? pod.status : {};
  for (const field of [
    'containerStatuses',
    'initContainerStatuses',
    'ephemeralContainerStatuses',
  ]) {
    const list = Array.isArray(status[field]) ? (status[field] as unknown[]) : [];
    const found = list.find((s) => isPlainObject(s) && s.name === container);
    if (found) return found as ContainerStatus;
  }
  const reason = podContainers(pod).init.length > 0 ? 'PodInitializing' : 'ContainerCreating';
  return { name: container, state: { waiting: { reason } } };
}
