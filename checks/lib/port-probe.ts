import type { CheckContext } from './check-context.js';
import { podEvents } from './events.js';
import { findPodAndContainer } from './first-container.js';
import { containerStatus, describeState } from './pods.js';
import { askPort, probeAccepts } from './port-answer.js';
import { probeAction, probeFailures, probeOf, probePort } from './probes.js';
import { type ConditionResult, fail, pass, say } from './result.js';

/**
 * Passes when the Pod's (first) container has a `kind` probe of `type` (httpGet or tcpSocket)
 * that knocks where the container answers: the same port and path asked from inside the Pod
 * with curl, so the verdict does not wait for the probe's next period. Fails say what the
 * probe met - connection refused, or an HTTP status outside 200-399 - and, while the container
 * is down, the kubelet's own `Unhealthy` report.
 */
export async function probeKnocksRight(
  ctx: CheckContext,
  podName: string,
  kind: 'liveness' | 'readiness' | 'startup',
  type: 'httpGet' | 'tcpSocket',
): Promise<ConditionResult> {
  const found = await findPodAndContainer(ctx, podName);
  if (!found.pod) return found.missing;
  const { pod, name, spec } = found;
  const field = `${kind}Probe`;
  const probe = probeOf(spec, kind);
  if (!probe) return fail(say(`容器 ${name} 没有 ${field}`, `container ${name} has no ${field}`));
  const action = probeAction(spec, probe);
  if (!probe[type]) {
    return fail(
      say(`${field} 是 ${action}，这里要用 ${type}`, `the ${field} is ${action}; use ${type} here`),
    );
  }
  const failed = (zh: string, en: string) =>
    fail(say(`${field}(${action})失败:${zh}`, `the ${field} (${action}) fails: ${en}`));
  const port = probePort(spec, probe);
  if (port === undefined) return failed('端口名找不到', 'its port name matches no container port');
  const status = containerStatus(pod, name);
  if (!status?.state?.running) {
    const said = probeFailures(await podEvents(ctx, pod), kind).last;
    const state = describeState(status);
    return failed(
      `容器 ${name} 现在没有运行(${state.zh})${said ? `。kubelet 说:${said}` : ''}`,
      `container ${name} is not running now (${state.en})${said ? `. The kubelet says: ${said}` : ''}`,
    );
  }
  const path = type === 'httpGet' ? (probe.httpGet?.path ?? '/') : '/';
  const answer = await askPort(ctx, podName, name, port, path);
  if (answer.kind === 'unknown') return fail(answer.why);
  if (answer.kind === 'refused') {
    return failed(
      `Pod 里没有程序监听 ${port} 端口(connection refused)。${name} 监听哪个端口?`,
      `nothing in the Pod listens on port ${port} (connection refused). Which port does ${name} listen on?`,
    );
  }
  if (type === 'httpGet' && !probeAccepts(answer.status)) {
    return failed(
      `${name} 对 ${path} 回答 ${answer.status}，探针只接受 200 到 399`,
      `${name} answers ${answer.status} for ${path}, and the probe accepts only 200 to 399`,
    );
  }
  return pass(
    say(`${field}: ${action}`, `${field}: ${action}`),
    type === 'httpGet'
      ? say(
          `在 Pod 里请求 ${port} 端口的 ${path}:HTTP ${answer.status}`,
          `GET ${path} on port ${port} inside the Pod: HTTP ${answer.status}`,
        )
      : say(`${port} 端口接受连接`, `port ${port} accepts connections`),
  );
}
