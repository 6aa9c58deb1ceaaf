/**
 * Container lifecycle hooks (pkg/kubelet/lifecycle/handlers.go): `postStart` right after the
 * container starts — the kubelet does not report it running until the hook returns — and
 * `preStop` before the stop signal, its time counting against the grace period. Handlers:
 * exec (a process in the container), httpGet (on the pod network) and sleep.
 */
import type { KubeObject } from '../kube-object.js';
import { BufferOutput } from '../runtime/process/streams.js';
import type { ContainerInstance } from './container-runtime.js';
import type { ContainerRef, KubeletContext } from './kubelet-context.js';

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

export type HookName = 'postStart' | 'preStop';

/** The handler of `hook` in a container spec, if any. */
export function hookHandler(spec: Json, hook: HookName): Json | undefined {
  const handler = asRecord(spec.lifecycle)[hook];
  return handler === undefined ? undefined : asRecord(handler);
}

/** Runs a handler; undefined on success, else what went wrong. */
export async function runHandler(
  kubelet: KubeletContext,
  instance: ContainerInstance,
  handler: Json,
): Promise<string | undefined> {
  if (handler.exec) {
    const argv = (asRecord(handler.exec).command as string[] | undefined) ?? [];
    const output = new BufferOutput({ limit: 10 * 1024 });
    const started = kubelet.runtime.execIn(instance, argv, output);
    if (!started) return `exec: "${argv[0] ?? ''}": executable file not found in $PATH`;
    const code = await started.exit;
    return code === 0
      ? undefined
      : `command '${argv.join(' ')}' exited with ${code}: ${output.text()}`;
  }
  if (handler.httpGet) {
    const http = asRecord(handler.httpGet);
    const host = typeof http.host === 'string' && http.host ? http.host : instance.network.podIP;
    const port = typeof http.port === 'number' ? http.port : Number(http.port);
    const path = typeof http.path === 'string' && http.path ? http.path : '/';
    try {
      const response = await instance.network.request(host, port, {
        method: 'GET',
        path,
        headers: { host: `${host}:${port}`, 'user-agent': 'kube-lifecycle/1.32' },
      });
      return response.status >= 200 && response.status < 400
        ? undefined
        : `HTTP lifecycle hook failed with statuscode: ${response.status}`;
    } catch {
      return `Get "http://${host}:${port}${path}": dial tcp ${host}:${port}: connect: connection refused`;
    }
  }
  if (handler.sleep) {
    const seconds = asRecord(handler.sleep).seconds;
    await kubelet.clock.sleep(typeof seconds === 'number' ? seconds * 1000 : 0);
  }
  return undefined;
}

/** Runs the container's `hook` if it has one; a failure is recorded as 1.32's event. */
export async function runHook(
  kubelet: KubeletContext,
  pod: KubeObject,
  container: ContainerRef & { spec: Json },
  instance: ContainerInstance,
  hook: HookName,
): Promise<boolean> {
  const handler = hookHandler(container.spec, hook);
  if (!handler) return true;
  const failure = await runHandler(kubelet, instance, handler);
  if (failure === undefined) return true;
  const reason = hook === 'postStart' ? 'FailedPostStartHook' : 'FailedPreStopHook';
  const message = hook === 'postStart' ? 'PostStartHook failed' : 'PreStopHook failed';
  kubelet.event(pod, container, 'Warning', reason, message);
  return false;
}
