/**
 * Container lifecycle hooks (pkg/kubelet/lifecycle/handlers.go): `postStart` right after the
 * container starts — the kubelet does not report it running until the hook returns — and
 * `preStop` before the stop signal (pod-termination.ts times it against the grace period).
 * Handlers: exec (a process in the container), httpGet (on the pod network) and sleep. A failure
 * is a Warning event without the details (the kubelet keeps secrets out of events); the
 * details are the handler runner's message, which a failed postStart leaves as the container's
 * waiting message.
 */
import { goQuote } from '../admission/go-text.js';
import type { KubeObject } from '../kube-object.js';
import { BufferOutput } from '../runtime/process/streams.js';
import { type ContainerInstance, containerID } from './container-runtime.js';
import type { ContainerRef, KubeletContext } from './kubelet-context.js';

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

export type HookName = 'postStart' | 'preStop';

/** The container a hook runs for: its spec, and what events about it refer to. */
export type HookContainer = ContainerRef & { spec: Json };

/** The handler of `hook` in a container spec, if any. */
export function hookHandler(spec: Json, hook: HookName): Json | undefined {
  const handler = asRecord(spec.lifecycle)[hook];
  return handler === undefined ? undefined : asRecord(handler);
}

/** format.Pod: `name_namespace(uid)`. */
export function podRef(pod: KubeObject): string {
  const meta = pod.metadata;
  return `${meta.name ?? ''}_${meta.namespace ?? ''}(${meta.uid ?? ''})`;
}

/** Go's `%v` of a `[]string`: `[sh -c exit 1]`. */
const goList = (items: readonly string[]) => `[${items.join(' ')}]`;

/** A port number, or the name of one of the container's ports (handlers.go resolvePort). */
function resolvePort(spec: Json, port: unknown): number {
  if (typeof port === 'number') return port;
  const text = str(port);
  if (/^\d+$/.test(text)) return Number(text);
  const ports = Array.isArray(spec.ports) ? spec.ports.map(asRecord) : [];
  const named = ports.find((p) => p.name === text);
  return typeof named?.containerPort === 'number' ? named.containerPort : Number.NaN;
}

/**
 * CRI ExecSync of `argv` in the container (no timeout: a hook runs until it ends or the
 * container dies). Undefined on exit 0, else the runtime's error and the output.
 */
async function execSync(
  kubelet: KubeletContext,
  instance: ContainerInstance,
  argv: string[],
): Promise<{ error: string; output: string } | undefined> {
  const stdout = new BufferOutput();
  const stderr = new BufferOutput();
  const started = kubelet.runtime.execIn(instance, argv, stdout, stderr);
  if (!started) {
    // containerd fails the ExecSync call itself: runc could not start the process.
    const first = argv[0] ?? '';
    const cause = first.includes('/')
      ? `exec: "${first}": stat ${first}: no such file or directory`
      : `exec: "${first}": executable file not found in $PATH`;
    return {
      error: `rpc error: code = Unknown desc = failed to exec in container: failed to start exec "${containerID()}": OCI runtime exec failed: exec failed: unable to start container process: ${cause}: unknown`,
      output: '',
    };
  }
  const code = await started.exit;
  if (code === 0) return undefined;
  // remote_runtime.go ExecSync: the error carries stderr; RunInContainer returns stdout+stderr.
  return {
    error: `command '${argv.join(' ')}' exited with ${code}: ${stderr.text()}`,
    output: stdout.text() + stderr.text(),
  };
}

/**
 * Runs a handler as handlerRunner.Run does: undefined on success, else its message
 * (`Exec lifecycle hook ([cmd]) for Container "c" in Pod "p_ns(uid)" failed - error: …`).
 */
export async function runHandler(
  kubelet: KubeletContext,
  pod: KubeObject,
  container: HookContainer,
  instance: ContainerInstance,
  handler: Json,
): Promise<string | undefined> {
  const who = `for Container ${goQuote(container.record.name)} in Pod ${goQuote(podRef(pod))}`;
  if (handler.exec) {
    const command = asRecord(handler.exec).command;
    const argv = Array.isArray(command) ? command.map((part) => String(part)) : [];
    const failed = await execSync(kubelet, instance, argv);
    if (!failed) return undefined;
    return `Exec lifecycle hook (${goList(argv)}) ${who} failed - error: ${failed.error}, message: ${goQuote(failed.output)}`;
  }
  if (handler.httpGet) {
    const http = asRecord(handler.httpGet);
    const host = str(http.host) || instance.network.podIP;
    const port = resolvePort(container.spec, http.port);
    const path = str(http.path);
    const scheme = (str(http.scheme) || 'HTTP').toLowerCase();
    // Go's URL adds the slash between host and a relative path, none when the path is empty.
    const urlPath = path === '' || path.startsWith('/') ? path : `/${path}`;
    try {
      // The response is drained and dropped: any status counts as success, only a transport
      // error fails the hook (unlike an httpGet probe).
      await instance.network.request(host, port, {
        method: 'GET',
        path: urlPath || '/',
        headers: { host: `${host}:${port}`, 'user-agent': 'kube-lifecycle/1.32', accept: '*/*' },
      });
      return undefined;
    } catch {
      const error = `Get "${scheme}://${host}:${port}${urlPath}": dial tcp ${host}:${port}: connect: connection refused`;
      return `HTTP lifecycle hook (${path}) ${who} failed - error: ${error}`;
    }
  }
  if (handler.sleep) {
    const seconds = asRecord(handler.sleep).seconds;
    await kubelet.clock.sleep(typeof seconds === 'number' ? seconds * 1000 : 0);
  }
  return undefined;
}

/**
 * Runs the container's `hook` if it has one. Undefined when it succeeded (or there is none),
 * else the handler's message; a failure is recorded as 1.32's Warning event.
 */
export async function runHook(
  kubelet: KubeletContext,
  pod: KubeObject,
  container: HookContainer,
  instance: ContainerInstance,
  hook: HookName,
): Promise<string | undefined> {
  const handler = hookHandler(container.spec, hook);
  if (!handler) return undefined;
  const failure = await runHandler(kubelet, pod, container, instance, handler);
  if (failure === undefined) return undefined;
  if (hook === 'postStart') {
    kubelet.event(pod, container, 'Warning', 'FailedPostStartHook', 'PostStartHook failed');
  } else {
    kubelet.event(pod, container, 'Warning', 'FailedPreStopHook', 'PreStopHook failed');
  }
  return failure;
}
