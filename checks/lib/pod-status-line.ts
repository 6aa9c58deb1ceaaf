import type { V1Pod, V1PodCondition } from '@kubernetes/client-node';

/** The Pod's condition of `type` (PodScheduled, Initialized, ContainersReady, Ready, …). */
export function podCondition(pod: V1Pod, type: string): V1PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

/**
 * A condition in one short phrase, the way describe's table reads plus the reason:
 * `Ready=False (ContainersNotReady)`, `PodScheduled=False (Unschedulable)`, `Ready=(absent)`.
 */
export function conditionText(pod: V1Pod, type: string): string {
  const c = podCondition(pod, type);
  if (!c) return `${type}=(absent)`;
  return c.reason ? `${c.type}=${c.status} (${c.reason})` : `${c.type}=${c.status}`;
}

/**
 * The READY and STATUS columns of `kubectl get pods` for this Pod, computed from its status as
 * the server-side printer does (pod-facts §3.4), so a message can say what the learner's
 * screen shows without running kubectl: `0/1` and `CrashLoopBackOff`, `1/1` and `Running`.
 * RESTARTS is the plain count (kubectl adds `(42s ago)`).
 */
export function getPodsColumns(pod: V1Pod): { ready: string; status: string; restarts: number } {
  const spec = pod.spec;
  const status = pod.status ?? {};
  const sidecars = (spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  const total = (spec?.containers.length ?? 0) + sidecars.length;
  let ready = 0;
  let restarts = 0;
  let reason = status.reason || status.phase || 'Unknown';
  if (podCondition(pod, 'PodScheduled')?.reason === 'SchedulingGated') reason = 'SchedulingGated';

  let initializing = false;
  const initCount = spec?.initContainers?.length ?? 0;
  for (const [i, c] of (status.initContainerStatuses ?? []).entries()) {
    const term = c.state?.terminated;
    const isSidecar = sidecars.some((s) => s.name === c.name);
    restarts += c.restartCount;
    if (term && term.exitCode === 0) continue;
    if (isSidecar && c.started) {
      if (c.ready) ready++;
      continue;
    }
    initializing = true;
    if (term) {
      reason = term.reason
        ? `Init:${term.reason}`
        : term.signal
          ? `Init:Signal:${term.signal}`
          : `Init:ExitCode:${term.exitCode}`;
    } else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${c.state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${initCount}`;
    }
    break;
  }

  if (!initializing || podCondition(pod, 'Initialized')?.status === 'True') {
    // Past initialisation, only sidecars' and regular containers' restarts count.
    restarts = (status.initContainerStatuses ?? [])
      .filter((c) => sidecars.some((s) => s.name === c.name))
      .reduce((n, c) => n + c.restartCount, 0);
    let hasRunning = false;
    for (const c of [...(status.containerStatuses ?? [])].reverse()) {
      const waiting = c.state?.waiting?.reason;
      const term = c.state?.terminated;
      restarts += c.restartCount;
      if (waiting) reason = waiting;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = podCondition(pod, 'Ready')?.status === 'True' ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata?.deletionTimestamp) {
    if (status.reason === 'NodeLost') reason = 'Unknown';
    else if (status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';
  }
  return { ready: `${ready}/${total}`, status: reason, restarts };
}

/** READY, STATUS and RESTARTS as `kubectl get pods` shows them, in one phrase. */
export function getPodsLine(pod: V1Pod): { zh: string; en: string } {
  const { ready, status, restarts } = getPodsColumns(pod);
  return {
    zh: `READY ${ready}，STATUS ${status}，RESTARTS ${restarts}`,
    en: `READY ${ready}, STATUS ${status}, RESTARTS ${restarts}`,
  };
}
