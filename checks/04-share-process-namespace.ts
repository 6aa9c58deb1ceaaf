import type { V1Pod } from '@kubernetes/client-node';
import type { CheckContext } from './lib/check-context.js';
import { lastTermination } from './lib/container-states.js';
import { defineChecks, known, unknown } from './lib/define-checks.js';
import { ignoredHangups, lastReload, stopSignal } from './lib/nginx-signals.js';
import { containerRunning, containerStatus, describeState, findPod } from './lib/pods.js';
import { nginxMaster, nginxWorkers, processesIn } from './lib/process-list.js';
import { type ConditionResult, fail, pass, say } from './lib/result.js';

const POD = 'nginx-shell';

/**
 * Other Pods that share a PID namespace without running nginx themselves: the setting put on
 * the wrong object, such as a separate debugging Pod meant to look at nginx-shell's nginx.
 * Pods with their own nginx (lesson 01's nginx-busybox) are left out of the message.
 */
async function otherSharingPods(ctx: CheckContext): Promise<string[]> {
  const pods = await ctx.list<V1Pod>('Pod');
  return pods
    .filter((p) => p.metadata?.name !== POD && p.spec?.shareProcessNamespace === true)
    .filter((p) => !p.spec?.containers.some((c) => c.image?.includes('nginx')))
    .map((p) => p.metadata?.name ?? '')
    .filter((name) => name !== '');
}

/**
 * Why nginx has not reloaded, from the container's state and its logs: it was stopped (kill
 * without -HUP sends SIGTERM), a worker got the SIGHUP and ignored it, or no SIGHUP came.
 * Every message starts with "nginx has not reloaded" so one near-miss text covers all clusters.
 */
async function whyNotReloaded(
  ctx: CheckContext,
  pod: V1Pod,
  log: string,
): Promise<ConditionResult> {
  const status = containerStatus(pod, 'nginx');
  const stopped = lastTermination(status);
  if (stopped) {
    const before = status?.state?.terminated
      ? log
      : ((await ctx.logs(POD, 'nginx', { previous: true })) ?? '');
    const signal = stopSignal(before);
    const said = signal
      ? say(`，它最后记下:${signal.text}`, `; its last instance logged: ${signal.text}`)
      : say('', '');
    return fail(
      say(
        `nginx 没有重新加载:容器 nginx 停止过(重启次数 ${status?.restartCount ?? 0}${said.zh})。不带 -HUP 的 kill 发的是 SIGTERM，nginx 会退出，kubelet 再重启它。给新的 master 发 SIGHUP`,
        `nginx has not reloaded: container nginx stopped (restart count ${status?.restartCount ?? 0}${said.en}). kill without -HUP sends SIGTERM, which stops nginx, and the kubelet starts it again. Send SIGHUP to the new master`,
      ),
    );
  }
  const ignored = ignoredHangups(log).pop();
  if (ignored) {
    return fail(
      say(
        `nginx 没有重新加载:进程 ${ignored.pid} 是一个 worker，它收到 SIGHUP 后忽略了。只有 master 会重新加载，把信号发给 "nginx: master process" 那个 PID`,
        `nginx has not reloaded: process ${ignored.pid} is a worker, and it ignored the SIGHUP. Only the master reloads: signal the PID of "nginx: master process"`,
      ),
    );
  }
  return fail(
    say(
      'nginx 没有重新加载:nginx 的日志里还没有 SIGHUP。在 shell 容器里给 nginx 的 master 发 kill -HUP <PID>;1 号进程是 /pause，不是 nginx',
      'nginx has not reloaded: its log shows no SIGHUP yet. From the shell container, run kill -HUP <PID> on the nginx master; PID 1 is /pause, not nginx',
    ),
  );
}

/** Lesson 04: conditions of `share-pids` and `reload-nginx`, and the live answer of `find-the-master`. */
export default defineChecks({
  conditions: {
    async 'share-pids/pod-exists'(ctx) {
      const { pod, missing } = await findPod(ctx, POD);
      if (!pod) return missing;
      const names = pod.spec?.containers.map((c) => c.name).join(', ') ?? '';
      return pass(
        say(`Pod ${POD} 存在，容器: ${names}`, `Pod ${POD} exists with containers: ${names}`),
      );
    },

    async 'share-pids/shares-process-namespace'(ctx) {
      const { pod, missing } = await findPod(ctx, POD);
      if (!pod) return missing;
      if (pod.spec?.shareProcessNamespace === true) {
        return pass(say('spec.shareProcessNamespace: true', 'spec.shareProcessNamespace: true'));
      }
      const others = await otherSharingPods(ctx);
      const elsewhere = others.length
        ? say(
            `。Pod ${others.join(', ')} 设置了它，但共享只发生在同一个 Pod 的容器之间`,
            `. Pod ${others.join(', ')} sets it, but sharing only happens among the containers of one Pod`,
          )
        : say('', '');
      return fail(
        say(
          `Pod ${POD} 没有设置 spec.shareProcessNamespace true${elsewhere.zh}`,
          `Pod ${POD} does not set spec.shareProcessNamespace to true${elsewhere.en}`,
        ),
      );
    },

    /** What sharing means, seen the learner's way: ps in shell lists nginx's processes. */
    async 'share-pids/shell-sees-nginx'(ctx) {
      const running = await containerRunning(ctx, POD, 'shell');
      if (!running.passed) return running;
      const seen = await processesIn(ctx, POD, 'shell');
      if (!seen.ok) return fail(seen.why);
      const master = nginxMaster(seen.value);
      if (!master) {
        const first = seen.value.find((row) => row.pid === 1)?.command ?? '?';
        return fail(
          say(
            `容器 shell 里的 ps 没有列出 nginx 的进程:它只看到自己的 PID 命名空间(1 号进程是 ${first})`,
            `ps in container shell lists no nginx process: it sees only its own PID namespace (PID 1 there is ${first})`,
          ),
        );
      }
      const workers = nginxWorkers(seen.value).map((row) => row.pid);
      const pidOne = seen.value.find((row) => row.pid === 1)?.command ?? '?';
      return pass(
        say(
          `shell 里的 ps:1 号进程 ${pidOne}，nginx master ${master.pid}，worker ${workers.join(', ')}`,
          `ps in shell: PID 1 is ${pidOne}, nginx master ${master.pid}, workers ${workers.join(', ')}`,
        ),
      );
    },

    /** The running nginx's own log must hold its SIGHUP and the reconfiguration. */
    async 'reload-nginx/nginx-reloaded'(ctx) {
      const { pod, missing } = await findPod(ctx, POD);
      if (!pod) return missing;
      const status = containerStatus(pod, 'nginx');
      const log = (await ctx.logs(POD, 'nginx')) ?? '';
      const reload = status?.state?.running ? lastReload(log) : undefined;
      if (reload) {
        return pass(
          say(
            `nginx 的日志:${reload.line.text}(master ${reload.master})`,
            `nginx's log: ${reload.line.text} (master ${reload.master})`,
          ),
          say(
            `容器 nginx 仍在运行，重启次数 ${status?.restartCount ?? 0}:重新加载不会重启容器`,
            `container nginx is still running, restart count ${status?.restartCount ?? 0}: a reload does not restart it`,
          ),
        );
      }
      if (!status?.state?.running && !lastTermination(status)) {
        const state = describeState(status);
        return fail(
          say(
            `nginx 没有重新加载:容器 nginx 没有在运行(${state.zh})`,
            `nginx has not reloaded: container nginx is not running (${state.en})`,
          ),
        );
      }
      return whyNotReloaded(ctx, pod, log);
    },

    /** The workers the reload started, as ps in the shell container lists them. */
    async 'reload-nginx/new-workers'(ctx) {
      const running = await containerRunning(ctx, POD, 'nginx');
      if (!running.passed) return running;
      const reload = lastReload((await ctx.logs(POD, 'nginx')) ?? '');
      if (!reload || reload.workers.length === 0) {
        return fail(
          say(
            'nginx 的日志里还没有重新加载后启动的 worker',
            "nginx's log shows no workers started by a reload yet",
          ),
        );
      }
      const seen = await processesIn(ctx, POD, 'shell');
      if (!seen.ok) return fail(seen.why);
      const listed = new Set(nginxWorkers(seen.value).map((row) => row.pid));
      const absent = reload.workers.filter((pid) => !listed.has(pid));
      if (absent.length > 0) {
        return fail(
          say(
            `shell 里的 ps 没有列出新 worker ${absent.join(', ')}`,
            `ps in shell does not list the new worker(s) ${absent.join(', ')}`,
          ),
        );
      }
      return pass(
        say(
          `重新加载后的 worker:${reload.workers.join(', ')}，shell 里的 ps 都能看到`,
          `workers after the reload: ${reload.workers.join(', ')}, all listed by ps in shell`,
        ),
      );
    },
  },

  liveAnswers: {
    /** The master's PID as ps in the shell container shows it. */
    async 'nginx-master-pid'(ctx) {
      const seen = await processesIn(ctx, POD, 'shell');
      const master = seen.ok ? nginxMaster(seen.value) : undefined;
      if (!master) {
        return unknown(
          say(
            `先完成上一步:Pod ${POD} 共享 PID 命名空间，shell 里的 ps 能看到 nginx`,
            `First finish the previous step: Pod ${POD} shares its PID namespace and ps in shell lists nginx`,
          ),
        );
      }
      return known(String(master.pid));
    },
  },
});
