import type { CheckContext } from './lib/check-context.js';
import { readFileIn } from './lib/container-files.js';
import { defineChecks, known, unknown } from './lib/define-checks.js';
import { pageSummary } from './lib/http.js';
import { containerRunning, findPod } from './lib/pods.js';
import { fail, pass, say } from './lib/result.js';
import { wgetIn } from './lib/wget.js';

const POD = 'nginx-busybox';
const SAVED = '/tmp/index.html';
/** The title of the official nginx image's home page. */
const WELCOME = 'Welcome to nginx!';

/** `hostname -i` in a container: the addresses its hostname resolves to (/etc/hosts). */
async function ipSeenIn(ctx: CheckContext, container: string): Promise<string | undefined> {
  const out = await ctx.exec(POD, container, ['hostname', '-i']);
  if (!out.ran || out.exitCode !== 0) return undefined;
  return out.stdout.trim().split(/\s+/).join(' ');
}

/**
 * Lesson 01: conditions of `share-pid` and `reach-over-localhost`, and the live answers of
 * `pid-one` and `one-ip`.
 */
export default defineChecks({
  conditions: {
    async 'share-pid/pod-exists'(ctx) {
      const { pod, missing } = await findPod(ctx, POD);
      if (!pod) return missing;
      const names = pod.spec?.containers.map((c) => c.name).join(', ') ?? '';
      return pass(
        say(`Pod ${POD} 存在，容器: ${names}`, `Pod ${POD} exists with containers: ${names}`),
      );
    },

    async 'share-pid/shares-process-namespace'(ctx) {
      const { pod, missing } = await findPod(ctx, POD);
      if (!pod) return missing;
      if (pod.spec?.shareProcessNamespace !== true) {
        return fail(
          say(
            `Pod ${POD} 没有设置 spec.shareProcessNamespace true`,
            `Pod ${POD} does not set spec.shareProcessNamespace to true`,
          ),
        );
      }
      return pass(say('spec.shareProcessNamespace: true', 'spec.shareProcessNamespace: true'));
    },

    async 'share-pid/containers-running'(ctx) {
      for (const container of ['nginx', 'shell']) {
        const result = await containerRunning(ctx, POD, container);
        if (!result.passed) return result;
      }
      return pass(say('nginx 和 shell 都在运行', 'nginx and shell are both running'));
    },

    /** The check fetches the page itself, the way the learner does: from shell, on localhost. */
    async 'reach-over-localhost/nginx-on-localhost'(ctx) {
      const running = await containerRunning(ctx, POD, 'shell');
      if (!running.passed) return running;
      const page = await wgetIn(ctx, POD, 'shell', 'http://localhost');
      if (!page.ok) return fail(page.why);
      if (!page.value.includes(WELCOME)) {
        return fail(
          say(
            `shell 在 localhost 上得到的不是 nginx 的首页，而是:${pageSummary(page.value)}`,
            `shell got something other than nginx's home page on localhost: ${pageSummary(page.value)}`,
          ),
        );
      }
      return pass(
        say(
          `shell 里 wget -qO- localhost 得到 "${WELCOME}"`,
          `wget -qO- localhost in shell got "${WELCOME}"`,
        ),
      );
    },

    /** The saved copy proves the learner fetched it from shell: files are per container. */
    async 'reach-over-localhost/page-saved'(ctx) {
      const running = await containerRunning(ctx, POD, 'shell');
      if (!running.passed) return running;
      const saved = await readFileIn(ctx, POD, 'shell', SAVED);
      if (!saved.ok) {
        const inNginx = await readFileIn(ctx, POD, 'nginx', SAVED);
        return fail(
          inNginx.ok
            ? say(
                `容器 shell 里没有 ${SAVED}。nginx 容器里倒是有一个:网络是共享的，文件系统不是。请在 shell 容器里运行 wget`,
                `container shell has no ${SAVED}. The nginx container has one: the network is shared, the filesystem is not. Run wget in the shell container`,
              )
            : say(
                `容器 shell 里没有 ${SAVED}:在 shell 容器里用 wget -O ${SAVED} 保存 nginx 的首页`,
                `container shell has no ${SAVED}: save nginx's home page there with wget -O ${SAVED}, run in the shell container`,
              ),
        );
      }
      if (!saved.value.includes(WELCOME)) {
        return fail(
          say(
            `shell 容器里的 ${SAVED} 不是 nginx 的首页(内容是:${pageSummary(saved.value)})`,
            `${SAVED} in the shell container is not nginx's home page (it holds: ${pageSummary(saved.value)})`,
          ),
        );
      }
      return pass(
        say(
          `shell 容器的 ${SAVED} 是 nginx 的首页 "${WELCOME}"(${saved.value.length} 字节)`,
          `${SAVED} in the shell container is nginx's home page "${WELCOME}" (${saved.value.length} bytes)`,
        ),
      );
    },
  },

  liveAnswers: {
    /** PID 1 as `ps` in the shell container shows it: /pause when the namespace is shared. */
    async 'pid-one-in-nginx-busybox'(ctx) {
      const out = await ctx.exec(POD, 'shell', ['ps']);
      if (!out.ran || out.exitCode !== 0) {
        return unknown(
          say(
            `先让 Pod ${POD} 的 shell 容器运行起来(上一步)`,
            `First get the shell container of Pod ${POD} running (previous step)`,
          ),
        );
      }
      // busybox ps: PID USER TIME COMMAND
      const pidOne = out.stdout.split('\n').map((l) => /^\s*1\s+\S+\s+\S+\s+(.*)$/.exec(l));
      const command = pidOne.find(Boolean)?.[1] ?? '';
      if (command.startsWith('/pause')) return known('pause');
      if (command.startsWith('nginx')) return known('nginx');
      return known('sh');
    },

    /** What `hostname -i` prints in each container, compared with the Pod's IP. */
    async 'ip-seen-by-both-containers'(ctx) {
      const pod = await ctx.pod(POD);
      const podIP = pod?.status?.podIP;
      const shell = await ipSeenIn(ctx, 'shell');
      const nginx = await ipSeenIn(ctx, 'nginx');
      if (!podIP || shell === undefined || nginx === undefined) {
        return unknown(
          say(
            `先让 Pod ${POD} 的两个容器都运行起来(第 2 步)`,
            `First get both containers of Pod ${POD} running (step 2)`,
          ),
        );
      }
      if (shell !== nginx) return known('different');
      if (shell === '127.0.0.1') return known('loopback');
      if (shell === podIP) return known('same');
      return unknown(
        say(
          `两个容器都打印 ${shell}，但 Pod IP 是 ${podIP}:这个集群的行为和本题的选项都不符`,
          `both containers print ${shell}, but the Pod IP is ${podIP}: this cluster matches none of the options`,
        ),
      );
    },
  },
});
