/**
 * `TriggerTimeTracker` (k8s.io/endpointslice/util): the time written in the
 * `endpoints.kubernetes.io/last-change-trigger-time` annotation. A Service seen for the first
 * time gives its creationTimestamp; after that, the earliest Ready-condition transition of the
 * pods that changed since the last sync (the Service's own time never changes again), or
 * nothing — the annotation is then removed. A deleted pod changes no trigger time.
 */

import type { KubeObject } from '../kube-object.js';
import { readyTransition } from './endpoint-pods.js';

interface ServiceState {
  serviceTime: number | undefined;
  podTimes: Map<string, number>;
}

function parse(time: string | undefined): number | undefined {
  if (time === undefined) return undefined;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : ms;
}

export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  /** The trigger time (ms since the epoch) to export, or undefined for none. */
  compute(service: KubeObject, pods: readonly KubeObject[]): number | undefined {
    const key = `${service.metadata.namespace ?? ''}/${service.metadata.name ?? ''}`;
    const state = this.states.get(key);
    let min: number | undefined;
    const earliest = (time: number) => {
      if (min === undefined || time < min) min = time;
    };
    const podTimes = new Map<string, number>();
    for (const pod of pods) {
      const time = parse(readyTransition(pod));
      if (time === undefined) continue;
      const name = pod.metadata.name ?? '';
      podTimes.set(name, time);
      if (time > (state?.podTimes.get(name) ?? Number.NEGATIVE_INFINITY)) earliest(time);
    }
    const serviceTime = parse(service.metadata.creationTimestamp);
    if (
      serviceTime !== undefined &&
      serviceTime > (state?.serviceTime ?? Number.NEGATIVE_INFINITY)
    ) {
      earliest(serviceTime);
    }
    this.states.set(key, { serviceTime, podTimes });
    if (!state) return serviceTime;
    return min;
  }

  deleteService(namespace: string, name: string): void {
    this.states.delete(`${namespace}/${name}`);
  }
}

/** `Time.UTC().Format(time.RFC3339Nano)` of a whole-second Kubernetes time: `…T10:00:00Z`. */
export function formatTriggerTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  // RFC3339Nano drops trailing zeros of the fraction, and the fraction itself when it is zero.
  const [seconds, fraction = ''] = iso.slice(0, -1).split('.');
  const digits = fraction.replace(/0+$/, '');
  return `${seconds}${digits ? `.${digits}` : ''}Z`;
}
