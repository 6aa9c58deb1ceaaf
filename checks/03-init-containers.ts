import type { V1Pod } from '@kubernetes/client-node';
import {
  clockTime,
  containersWithEnv,
  findContainer,
  lastTermination,
  startedAt,
} from './lib/container-states.js';
import { defineChecks } from './lib/define-checks.js';
import { pageSummary } from './lib/http.js';
import { initRunOrder } from './lib/init-order.js';
import { containerStatus, describeState, findPod } from './lib/pods.js';
import { type ConditionResult, fail, pass, say } from './lib/result.js';
import { servedPage } from './lib/served-page.js';

const DEMO = 'init-demo';
const MAKE = 'make-page';
const FOOTER = 'add-footer';
const NGINX = 'nginx';
const HEADING = 'Hello from make-page';
const FOOTER_LINE = 'Footer added by add-footer';

const GREETER = 'greeter';
const WRITER = 'write-greeting';

/** Lesson 03: the conditions of its three tasks (its quiz has a fixed answer). */
export default defineChecks({
  conditions: {
    async 'init-order/pod-exists'(ctx) {
      const { pod, missing } = await findPod(ctx, DEMO);
      if (!pod) return missing;
      return pass(say(`Pod ${DEMO} 存在:${lists(pod).zh}`, `Pod ${DEMO} exists: ${lists(pod).en}`));
    },

    async 'init-order/setup-in-init'(ctx) {
      const { pod, missing } = await findPod(ctx, DEMO);
      if (!pod) return missing;
      for (const name of [MAKE, FOOTER]) {
        const found = findContainer(pod, name);
        if (found?.list === 'containers') {
          return fail(
            say(
              `${name} 在 spec.containers 里:那里的容器和 nginx 同时启动，退出后还会被重启。把它移到 spec.initContainers`,
              `${name} is in spec.containers: there it starts beside nginx and is restarted whenever it exits. Move it to spec.initContainers`,
            ),
          );
        }
        if (!found) {
          return fail(
            say(
              `Pod ${DEMO} 里没有名为 ${name} 的容器:在 spec.initContainers 里保留它`,
              `Pod ${DEMO} has no container named ${name}: keep it, in spec.initContainers`,
            ),
          );
        }
      }
      const apps = pod.spec?.containers.map((c) => c.name) ?? [];
      if (apps.join() !== NGINX) {
        return fail(
          say(
            `spec.containers 应该只有 ${NGINX}，现在是 ${apps.join(', ')}`,
            `spec.containers should hold only ${NGINX}; it holds ${apps.join(', ')}`,
          ),
        );
      }
      return pass(lists(pod));
    },

    async 'init-order/ran-in-order'(ctx) {
      const { pod, missing } = await findPod(ctx, DEMO);
      if (!pod) return missing;
      const inits = pod.spec?.initContainers?.map((c) => c.name) ?? [];
      if (!inits.includes(MAKE) || !inits.includes(FOOTER)) {
        return fail(
          say(
            `先把 ${MAKE} 和 ${FOOTER} 放进 spec.initContainers`,
            `First put ${MAKE} and ${FOOTER} into spec.initContainers`,
          ),
        );
      }
      if (inits.indexOf(FOOTER) < inits.indexOf(MAKE)) {
        return fail(
          say(
            `${FOOTER} 排在 ${MAKE} 前面，所以先运行:init 容器按列出的顺序运行。${MAKE} 的 > 随后覆盖了整个文件，页脚也没了。交换两者的位置(先删除 Pod 再 apply)`,
            `${FOOTER} is listed before ${MAKE}, so it runs first: init containers run in the order they are listed. ${MAKE}'s > then replaces the whole file, footer included. Swap them (delete the Pod, then apply)`,
          ),
        );
      }
      return initRunOrder(pod, [MAKE, FOOTER], NGINX);
    },

    async 'init-order/page-complete'(ctx) {
      const page = await servedPage(ctx, DEMO, NGINX);
      if (!page.ok) return page.result;
      const heading = page.body.indexOf(HEADING);
      const footer = page.body.indexOf(FOOTER_LINE);
      if (page.status === 200 && heading >= 0 && footer > heading) {
        const lines = page.body.trim().split('\n').join(' / ');
        return pass(say(`nginx 提供的网页:${lines}`, `the page nginx serves: ${lines}`));
      }
      const seen = `HTTP ${page.status}: ${pageSummary(page.body)}`;
      if (findContainer(page.pod, MAKE)?.list === 'containers') {
        return fail(
          say(
            `网页不完整(${seen}):${MAKE} 和 ${FOOTER} 作为普通容器同时运行、反复重启，${MAKE} 的 > 一次次覆盖整个文件`,
            `the page is not complete (${seen}): as regular containers, ${MAKE} and ${FOOTER} run side by side and restart again and again, and each time ${MAKE}'s > replaces the whole file`,
          ),
        );
      }
      if (heading >= 0) {
        return fail(
          say(
            `网页有标题，但没有页脚 "${FOOTER_LINE}"(${seen})。${FOOTER} 是不是在 ${MAKE} 之前运行了?`,
            `the page has the heading but no footer "${FOOTER_LINE}" (${seen}). Did ${FOOTER} run before ${MAKE}?`,
          ),
        );
      }
      return fail(
        say(
          `nginx 提供的网页里没有 "${HEADING}"(${seen})`,
          `the page nginx serves does not contain "${HEADING}" (${seen})`,
        ),
      );
    },

    async 'failing-init/init-restarting'(ctx) {
      const { pod, missing } = await findPod(ctx, GREETER);
      if (!pod) return missing;
      const lacking = writerLacking(pod);
      if (lacking) return lacking;
      const failed = failedPod(pod);
      if (failed) return failed;
      const status = containerStatus(pod, WRITER);
      const last = lastTermination(status);
      const restarts = status?.restartCount ?? 0;
      if (last?.exitCode === 0 && !status?.lastState?.terminated) {
        return fail(
          say(
            `${WRITER} 已经成功了:这个 Pod 已经有 GREETING。这一步要看的是 greeter.yaml 原样创建时的失败`,
            `${WRITER} succeeded: this Pod already has GREETING. This step is about the failure of greeter.yaml as it is`,
          ),
        );
      }
      if (restarts >= 1 && last && last.exitCode !== 0) {
        const now = describeState(status);
        return pass(
          say(
            `init 容器 ${WRITER} 已重启 ${restarts} 次，上一次退出码 ${last.exitCode}(${last.reason ?? ''})`,
            `init container ${WRITER} has restarted ${restarts} time(s); its last exit code was ${last.exitCode} (${last.reason ?? ''})`,
          ),
          say(`它现在:${now.zh}`, `now: ${now.en}`),
        );
      }
      const state = describeState(status);
      return fail(
        say(
          `init 容器 ${WRITER} 还没有失败并重启过(${state.zh}，重启 ${restarts} 次)，稍等一下`,
          `init container ${WRITER} has not failed and restarted yet (${state.en}, restarts: ${restarts}); wait a moment`,
        ),
      );
    },

    async 'failing-init/app-waiting'(ctx) {
      const { pod, missing } = await findPod(ctx, GREETER);
      if (!pod) return missing;
      const app = containerStatus(pod, NGINX);
      if (startedAt(app) || lastTermination(app)) {
        return fail(
          say(
            `${NGINX} 已经启动过了，说明 init 容器都成功了。这一步要看 greeter.yaml 原样创建时的样子`,
            `${NGINX} has started, so every init container succeeded. This step is about greeter.yaml as it is`,
          ),
        );
      }
      const initialized = pod.status?.conditions?.find((c) => c.type === 'Initialized');
      if (initialized?.status !== 'False') {
        return fail(
          say(
            `Pod ${GREETER} 的 Initialized 条件还不是 False，稍等一下`,
            `the Initialized condition of Pod ${GREETER} is not False yet; wait a moment`,
          ),
        );
      }
      const state = describeState(app);
      return pass(
        say(`${NGINX}:${state.zh}`, `${NGINX}: ${state.en}`),
        say(
          `Initialized: False，${initialized.message ?? ''}`,
          `Initialized: False, ${initialized.message ?? ''}`,
        ),
      );
    },

    async 'fix-init/init-succeeded'(ctx) {
      const { pod, missing } = await findPod(ctx, GREETER);
      if (!pod) return missing;
      const lacking = writerLacking(pod);
      if (lacking) return lacking;
      const failed = failedPod(pod);
      if (failed) return failed;
      const status = containerStatus(pod, WRITER);
      const done = status?.state?.terminated;
      if (done?.exitCode === 0) {
        return pass(
          say(
            `init 容器 ${WRITER} 在 ${clockTime(done.finishedAt)} 以退出码 0 结束(重启 ${status?.restartCount ?? 0} 次)`,
            `init container ${WRITER} exited with code 0 at ${clockTime(done.finishedAt)} (restarts: ${status?.restartCount ?? 0})`,
          ),
        );
      }
      const last = lastTermination(status);
      if (!last) {
        const state = describeState(status);
        return fail(
          say(
            `init 容器 ${WRITER} 还没有结束:${state.zh}`,
            `init container ${WRITER} has not finished yet: ${state.en}`,
          ),
        );
      }
      const why = whereGreetingIs(pod);
      return fail(
        say(
          `init 容器 ${WRITER} 还在失败(重启 ${status?.restartCount ?? 0} 次，上次退出码 ${last.exitCode})。${why.zh}Pod 创建后 env 不能修改:先 kubectl delete pod ${GREETER}，再 apply`,
          `init container ${WRITER} still fails (restarts: ${status?.restartCount ?? 0}, last exit code ${last.exitCode}). ${why.en}A Pod's env cannot change once it exists: kubectl delete pod ${GREETER} first, then apply`,
        ),
      );
    },

    async 'fix-init/page-greets'(ctx) {
      const { pod, missing } = await findPod(ctx, GREETER);
      if (!pod) return missing;
      const greeting = containersWithEnv(pod, 'GREETING').find((c) => c.name === WRITER)?.env;
      const page = await servedPage(ctx, GREETER, NGINX);
      if (!page.ok) return page.result;
      const expected = greeting?.value?.trim();
      const body = page.body.trim();
      const served = page.status === 200 && (expected ? body.includes(expected) : body !== '');
      if (served) {
        return pass(say(`nginx 提供的网页:${body}`, `the page nginx serves: ${body}`));
      }
      return fail(
        say(
          `nginx 提供的网页不是 GREETING${expected ? ` "${expected}"` : ''}(HTTP ${page.status}: ${pageSummary(page.body)})`,
          `the page nginx serves is not the GREETING${expected ? ` "${expected}"` : ''} (HTTP ${page.status}: ${pageSummary(page.body)})`,
        ),
      );
    },
  },
});

/** The Pod's two container lists, as a fact line. */
function lists(pod: V1Pod) {
  const inits = pod.spec?.initContainers?.map((c) => c.name).join(', ') || '-';
  const apps = pod.spec?.containers.map((c) => c.name).join(', ') ?? '';
  return say(
    `initContainers: ${inits}；containers: ${apps}`,
    `initContainers: ${inits}; containers: ${apps}`,
  );
}

function writerLacking(pod: V1Pod): ConditionResult | undefined {
  if (findContainer(pod, WRITER)?.list === 'initContainers') return undefined;
  return fail(
    say(
      `Pod ${GREETER} 没有 init 容器 ${WRITER}:用 greeter.yaml 创建它`,
      `Pod ${GREETER} has no init container ${WRITER}: create it from greeter.yaml`,
    ),
  );
}

/** restartPolicy Never: a failed init container fails the whole Pod, for good. */
function failedPod(pod: V1Pod): ConditionResult | undefined {
  if (pod.status?.phase !== 'Failed') return undefined;
  const policy = pod.spec?.restartPolicy ?? 'Always';
  return fail(
    say(
      `Pod ${GREETER} 已经 Failed(kubectl get 显示 Init:Error)。restartPolicy 是 ${policy}:init 容器失败一次，整个 Pod 就失败了，不会再重启。去掉 restartPolicy(默认 Always)，删除 Pod 后再 apply`,
      `Pod ${GREETER} has Failed (kubectl get shows Init:Error): with restartPolicy ${policy}, one failure of an init container fails the whole Pod, and nothing restarts. Remove restartPolicy (the default is Always), delete the Pod and apply again`,
    ),
  );
}

/** Where GREETING is set, when it is not where write-greeting can read it. */
function whereGreetingIs(pod: V1Pod) {
  const holders = containersWithEnv(pod, 'GREETING');
  if (holders.some((h) => h.name === WRITER)) return say('', '');
  const other = holders[0];
  if (other) {
    return say(
      `GREETING 设在了容器 ${other.name} 上，可读它的是 ${WRITER}:env 只属于写它的那个容器。`,
      `GREETING is set on container ${other.name}, but ${WRITER} is the one that reads it: env belongs to the container it is written under. `,
    );
  }
  return say(`${WRITER} 还没有环境变量 GREETING。`, `${WRITER} has no GREETING variable yet. `);
}
