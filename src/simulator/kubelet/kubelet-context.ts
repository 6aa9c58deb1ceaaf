/**
 * What a pod worker needs from its kubelet: the node's runtime and its shared state (images,
 * back-offs, addresses), the API reads and writes, and event recording. An interface so the
 * worker does not depend on how the kubelet watches the API.
 */
import type { TimerHandle } from '../clock.js';
import type { KubeObject } from '../kube-object.js';
import type { BackOff } from './back-off.js';
import type { ContainerRuntime } from './container-runtime.js';
import type { ObjectLookup } from './env-resolution.js';
import type { ImagePuller } from './image-puller.js';
import type { ClusterNetwork, PodIPAllocator } from './pod-network.js';
import type { VolumeContext } from './volume-setup.js';

export interface KubeletClock {
  now(): Date;
  setTimer(delayMs: number, callback: () => void): TimerHandle;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** A container an event is about (`involvedObject.fieldPath`). */
export interface ContainerRef {
  record: { name: string; init: boolean };
}

export interface KubeletContext {
  clock: KubeletClock;
  nodeName: string;
  hostIP: string;
  runtime: ContainerRuntime;
  images: ImagePuller;
  crashBackOff: BackOff;
  ips: PodIPAllocator;
  network: ClusterNetwork;
  lookup: ObjectLookup;
  volumeContext: VolumeContext;
  event(
    pod: KubeObject,
    container: ContainerRef | undefined,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ): void;
  /** Writes `build(stored)` as the status of the stored pod (same UID) when it differs. */
  writeStatus(
    pod: KubeObject,
    build: (stored: KubeObject) => Record<string, unknown>,
  ): Promise<void>;
  /** The kubelet's final delete (grace 0, UID precondition) once every container stopped. */
  removePod(pod: KubeObject): Promise<void>;
  forgetWorker(worker: { uid: string }): void;
  onError(error: unknown): void;
}
