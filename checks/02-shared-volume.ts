import type { V1Pod, V1Volume } from '@kubernetes/client-node';
import type { CheckContext } from './lib/check-context.js';
import { defaultContainer } from './lib/default-container.js';
import { defineChecks, known, unknown } from './lib/define-checks.js';
import { podEvents } from './lib/events.js';
import { httpGetIn, pageSummary } from './lib/http.js';
import {
  containerRunning,
  containerSpec,
  containerStatus,
  describeState,
  findPod,
} from './lib/pods.js';
import { type ConditionResult, fail, pass, say } from './lib/result.js';
import { hostPathVolume, volumeMounts, volumeSource, volumesMounted } from './lib/volumes.js';

const POD = 'share-volume';
const NGINX = 'nginx-container';
const DEBIAN = 'debian-container';
const DEBIAN_LINE = 'Hello from the debian container';
const NGINX_LINE = 'Hello from the nginx container';

const LOG_POD = 'volume-pod';
const TOMCAT_LOGS = '/usr/local/tomcat/logs';
/** What Tomcat's Catalina class logs once it serves: proof the reader sees the real log. */
const CATALINA_LINE = 'org.apache.catalina.startup.Catalina';

/** Lesson 02: the conditions of its four tasks and the live answers of its two quizzes. */
export default defineChecks({
  conditions: {
    'write-and-serve/pod-exists': podExists,
    'log-reader/reader-mounts-logs': readerMountsLogs,
    'log-reader/reader-shows-catalina': readerShowsCatalina,

    async 'write-and-serve/both-mount'(ctx) {
      const { pod, missing } = await findPod(ctx, POD);
      if (!pod) return missing;
      const lacking = containersLacking(pod);
      if (lacking) return lacking;
      // Only emptyDir counts: every container also mounts the ServiceAccount token volume.
      const emptyDirs = (container: string) =>
        volumeMounts(pod, container).filter(
          (m) => m.volume && volumeSource(m.volume) === 'emptyDir',
        );
      const nginx = emptyDirs(NGINX);
      const debian = emptyDirs(DEBIAN);
      for (const [container, mounts] of [
        [NGINX, nginx],
        [DEBIAN, debian],
      ] as const) {
        if (mounts.length === 0) {
          return fail(
            say(
              `容器 ${container} 没有挂载 emptyDir Volume:给它加上 volumeMounts`,
              `container ${container} mounts no emptyDir volume: give it volumeMounts`,
            ),
          );
        }
      }
      const shared = nginx.find((n) => debian.some((d) => d.mount.name === n.mount.name));
      if (!shared) {
        const names = (mounts: typeof nginx) => mounts.map((m) => m.mount.name).join(', ');
        return fail(
          say(
            `${NGINX} 挂载的是 ${names(nginx)}，${DEBIAN} 挂载的是 ${names(debian)}:不是同一个 Volume`,
            `${NGINX} mounts ${names(nginx)} and ${DEBIAN} mounts ${names(debian)}: not the same volume`,
          ),
        );
      }
      const at = (mounts: typeof nginx) =>
        mounts.find((m) => m.mount.name === shared.mount.name)?.mount.mountPath ?? '';
      return pass(
        say(
          `emptyDir Volume ${shared.mount.name}:${NGINX} 挂在 ${at(nginx)}，${DEBIAN} 挂在 ${at(debian)}`,
          `emptyDir volume ${shared.mount.name}: ${NGINX} mounts it at ${at(nginx)}, ${DEBIAN} at ${at(debian)}`,
        ),
      );
    },

    async 'write-and-serve/nginx-serves-page'(ctx) {
      const page = await servedPage(ctx);
      if (!page.ok) return page.result;
      if (page.status === 200 && page.body.includes(DEBIAN_LINE)) {
        return pass(
          say(
            `nginx 返回 HTTP 200:${pageSummary(page.body)}`,
            `nginx answers HTTP 200: ${pageSummary(page.body)}`,
          ),
        );
      }
      const why = whyNotServed(page.status, page.body);
      const debian = describeState(containerStatus(page.pod, DEBIAN));
      return fail(
        say(
          `nginx 在 http://localhost/ 提供的页面里没有 "${DEBIAN_LINE}"(HTTP ${page.status}: ${pageSummary(page.body)})。${why.zh}${DEBIAN}:${debian.zh}`,
          `the page nginx serves at http://localhost/ does not contain "${DEBIAN_LINE}" (HTTP ${page.status}: ${pageSummary(page.body)}). ${why.en}${DEBIAN}: ${debian.en}`,
        ),
      );
    },

    async 'write-from-nginx/nginx-line'(ctx) {
      const page = await servedPage(ctx);
      if (!page.ok) return page.result;
      if (page.body.includes(NGINX_LINE)) return pass(pageFact(page.body));
      return fail(
        say(
          `页面里还没有 "${NGINX_LINE}":要写进 nginx 提供的目录 /usr/share/nginx/html 里的 index.html`,
          `the page does not have "${NGINX_LINE}" yet: write it into index.html in /usr/share/nginx/html, the directory nginx serves`,
        ),
      );
    },

    async 'write-from-nginx/debian-line-kept'(ctx) {
      const page = await servedPage(ctx);
      if (!page.ok) return page.result;
      if (page.body.includes(DEBIAN_LINE)) return pass(pageFact(page.body));
      return fail(
        say(
          `页面里已经没有 debian 写的 "${DEBIAN_LINE}":> 会清空文件，>> 才是追加。要找回这一行，删除 Pod share-volume 再 apply 一次`,
          `the page no longer has debian's "${DEBIAN_LINE}": > empties the file, >> appends. To get the line back, delete Pod share-volume and apply it again`,
        ),
      );
    },

    'host-path/pod-exists': podExists,

    async 'host-path/uses-host-path'(ctx) {
      const { pod, missing } = await findPod(ctx, POD);
      if (!pod) return missing;
      const lacking = containersLacking(pod);
      if (lacking) return lacking;
      const volume = hostPathVolume(pod, '/data');
      if (!volume) {
        const named = pod.spec?.volumes?.find((v) => v.name === 'shared-data');
        const seen = named
          ? say(
              `(shared-data 是 ${volumeSource(named)})`,
              ` (shared-data is ${volumeSource(named)})`,
            )
          : say('', '');
        return fail(
          say(
            `Pod ${POD} 没有 hostPath 为 /data 的 Volume${seen.zh}。Pod 的 Volume 不能修改:先 kubectl delete pod ${POD}，再 apply share-volume-hostpath.yaml`,
            `Pod ${POD} has no volume with hostPath /data${seen.en}. A Pod's volumes cannot change: kubectl delete pod ${POD} first, then apply share-volume-hostpath.yaml`,
          ),
        );
      }
      const type = volume.hostPath?.type ?? '';
      if (type !== 'Directory') {
        return fail(
          say(
            `Volume ${volume.name} 的 hostPath.type 是 "${type}"，这一步用笔记里的 type: Directory`,
            `volume ${volume.name} has hostPath.type "${type}"; this step uses the notes' type: Directory`,
          ),
        );
      }
      for (const container of [NGINX, DEBIAN]) {
        if (!volumeMounts(pod, container).some((m) => m.mount.name === volume.name)) {
          return fail(
            say(
              `容器 ${container} 没有挂载 Volume ${volume.name}`,
              `container ${container} does not mount volume ${volume.name}`,
            ),
          );
        }
      }
      return pass(
        say(
          `Volume ${volume.name}:hostPath /data，type Directory，两个容器都挂载了它`,
          `volume ${volume.name}: hostPath /data, type Directory, mounted by both containers`,
        ),
      );
    },

    async 'host-path/mount-checked'(ctx) {
      const { pod, missing } = await findPod(ctx, POD);
      if (!pod) return missing;
      if (!hostPathVolume(pod, '/data')) {
        return fail(
          say(`Pod ${POD} 还没有使用 hostPath /data`, `Pod ${POD} does not use hostPath /data yet`),
        );
      }
      const node = pod.spec?.nodeName;
      const refused = (await podEvents(ctx, pod))
        .reverse()
        .find(
          (e) => e.reason === 'FailedMount' && e.message?.includes('hostPath type check failed'),
        );
      if (refused) {
        return pass(
          say(
            `kubelet 报告 FailedMount:${refused.message}`,
            `the kubelet reported FailedMount: ${refused.message}`,
          ),
          say(
            `节点 ${node} 上没有 /data，所以 Pod 停在 ContainerCreating`,
            `node ${node} has no /data, so the Pod stays in ContainerCreating`,
          ),
        );
      }
      if (volumesMounted(pod)) {
        return pass(
          say(
            `节点 ${node} 上已经有 /data(以前留下的)，挂载成功，容器已经启动`,
            `node ${node} already has /data (left from before): the mount worked and the containers started`,
          ),
        );
      }
      if (!node)
        return fail(
          say(`Pod ${POD} 还没有被调度到节点上`, `Pod ${POD} is not scheduled to a node yet`),
        );
      return fail(
        say(
          `kubelet 还没有为 Pod ${POD} 挂载 Volume(节点 ${node})，稍等一下`,
          `the kubelet has not mounted the volumes of Pod ${POD} yet (node ${node}); wait a moment`,
        ),
      );
    },

    async 'make-data-dir/mount-works'(ctx) {
      const { pod, missing } = await findPod(ctx, POD);
      if (!pod) return missing;
      if (!hostPathVolume(pod, '/data')) {
        return fail(
          say(
            `Pod ${POD} 没有 hostPath /data 的 Volume:先完成上一步`,
            `Pod ${POD} has no hostPath /data volume: do the previous step first`,
          ),
        );
      }
      const node = pod.spec?.nodeName;
      if (volumesMounted(pod)) {
        return pass(
          say(
            `节点 ${node} 上的 /data 挂载成功，share-volume 的容器已经启动`,
            `/data of node ${node} is mounted; the containers of share-volume have started`,
          ),
        );
      }
      if (!node)
        return fail(
          say(`Pod ${POD} 还没有被调度到节点上`, `Pod ${POD} is not scheduled to a node yet`),
        );
      return fail(await whyNoData(ctx, node));
    },

    async 'make-data-dir/page-served'(ctx) {
      const page = await servedPage(ctx);
      if (!page.ok) return page.result;
      if (!hostPathVolume(page.pod, '/data')) {
        return fail(
          say(`Pod ${POD} 没有使用 hostPath /data`, `Pod ${POD} does not use hostPath /data`),
        );
      }
      if (page.status === 200 && page.body.includes(DEBIAN_LINE)) return pass(pageFact(page.body));
      return fail(
        say(
          `nginx 提供的页面里没有 "${DEBIAN_LINE}"(HTTP ${page.status}: ${pageSummary(page.body)})`,
          `the page nginx serves does not contain "${DEBIAN_LINE}" (HTTP ${page.status}: ${pageSummary(page.body)})`,
        ),
      );
    },
  },

  liveAnswers: {
    /** debian-container's state as the API reports it, whatever restartPolicy the learner chose. */
    async 'debian-container-state'(ctx) {
      const pod = await ctx.pod(POD);
      if (!pod)
        return unknown(say(`先创建 Pod ${POD}(上一步)`, `Create Pod ${POD} first (previous step)`));
      const state = containerStatus(pod, DEBIAN)?.state;
      if (state?.running) return known('running');
      if (state?.terminated) return known(state.terminated.exitCode === 0 ? 'completed' : 'error');
      if (state?.waiting?.reason === 'CrashLoopBackOff') return known('crash-loop');
      return unknown(
        say(
          `容器 ${DEBIAN} 还没有运行过，稍等再回答`,
          `container ${DEBIAN} has not run yet; answer in a moment`,
        ),
      );
    },

    /** The container kubectl picks without -c: the annotation's, else the first one. */
    async 'default-container-of-share-volume'(ctx) {
      const pod = await ctx.pod(POD);
      if (!pod) return unknown(say(`先创建 Pod ${POD}`, `Create Pod ${POD} first`));
      const name = defaultContainer(pod);
      if (name === NGINX || name === DEBIAN) return known(name);
      return unknown(
        say(
          `Pod ${POD} 的默认容器是 ${name}，不在选项里:用 share-volume.yaml 里的容器名重新创建它`,
          `the default container of Pod ${POD} is ${name}, which is not an option: create it again with the container names of share-volume.yaml`,
        ),
      );
    },
  },
});

async function podExists(ctx: CheckContext): Promise<ConditionResult> {
  const { pod, missing } = await findPod(ctx, POD);
  if (!pod) return missing;
  const names = pod.spec?.containers.map((c) => c.name).join(', ') ?? '';
  return pass(
    say(`Pod ${POD} 存在，容器: ${names}`, `Pod ${POD} exists with containers: ${names}`),
  );
}

/** The fail result when the Pod lacks one of the two containers the lesson names. */
function containersLacking(pod: V1Pod): ConditionResult | undefined {
  const absent = [NGINX, DEBIAN].find((c) => !containerSpec(pod, c));
  if (!absent) return undefined;
  return fail(
    say(`Pod ${POD} 里没有名为 ${absent} 的容器`, `Pod ${POD} has no container named ${absent}`),
  );
}

type ServedPage =
  | { ok: true; pod: V1Pod; status: number; body: string }
  | { ok: false; result: ConditionResult };

/** What nginx serves at `/`, asked with curl inside nginx-container. */
async function servedPage(ctx: CheckContext): Promise<ServedPage> {
  const { pod, missing } = await findPod(ctx, POD);
  if (!pod) return { ok: false, result: missing };
  const running = await containerRunning(ctx, POD, NGINX);
  if (!running.passed) return { ok: false, result: running };
  const page = await httpGetIn(ctx, POD, NGINX, '/');
  if (!page.answered) return { ok: false, result: fail(page.why) };
  return { ok: true, pod, status: page.status, body: page.body };
}

/** Why a page is not debian's, from what nginx answered. */
function whyNotServed(status: number, body: string) {
  if (status === 403) {
    return say(
      'nginx 的目录是空的:debian 写的文件没有进入 nginx 看到的 Volume。',
      "nginx's directory is empty: the file debian wrote did not reach the volume nginx sees. ",
    );
  }
  if (body.includes('Welcome to nginx')) {
    return say(
      '这是 nginx 镜像自带的默认页:/usr/share/nginx/html 上没有挂载 Volume。',
      "this is the nginx image's own default page: no volume is mounted at /usr/share/nginx/html. ",
    );
  }
  return say('', '');
}

function pageFact(body: string) {
  const lines = body.trim().split('\n').join(' / ');
  return say(`nginx 提供的页面:${lines}`, `the page nginx serves: ${lines}`);
}

/**
 * share-volume waits for /data: say what the helper Pods did (any other Pod whose hostPath is
 * the node's / or /data), since a hostPath acts on the node its Pod runs on.
 */
async function whyNoData(ctx: CheckContext, node: string) {
  const reachesData = (v: V1Volume) =>
    ['/', '/data'].includes(v.hostPath?.path.replace(/(.)\/+$/, '$1') ?? '');
  const helpers = (await ctx.list<V1Pod>('Pod')).filter(
    (p) =>
      p.metadata?.name !== POD &&
      !p.metadata?.deletionTimestamp &&
      p.spec?.volumes?.some(reachesData),
  );
  const here = helpers.filter((p) => p.spec?.nodeName === node);
  const done = here.find((p) => p.status?.phase === 'Succeeded');
  if (done) {
    const name = done.metadata?.name;
    return say(
      `Pod ${name} 已在节点 ${node} 上完成，但 share-volume 还是挂载不了 /data。kubelet 会隔一段时间重试(最长约 2 分钟)；一直这样的话，看看 ${name} 是否真的在节点的 /data 建了目录(节点的根目录挂在容器的哪里?)`,
      `Pod ${name} completed on node ${node}, but share-volume still cannot mount /data. The kubelet retries after a while (up to about 2 minutes); if it stays so, check that ${name} really made the node's /data (where in the container is the node's root mounted?)`,
    );
  }
  // A helper on another node explains everything, even if another one is still at work here.
  const elsewhere = helpers.find((p) => p.spec?.nodeName && p.spec.nodeName !== node);
  if (elsewhere) {
    const name = elsewhere.metadata?.name;
    return say(
      `hostPath 只在一个节点上:Pod ${name} 运行在节点 ${elsewhere.spec?.nodeName}，而 share-volume 在节点 ${node}。把 ${name} 的 spec.nodeName 设为 ${node}，删除后再 apply`,
      `hostPath lives on one node: Pod ${name} ran on node ${elsewhere.spec?.nodeName}, but share-volume is on node ${node}. Set spec.nodeName of ${name} to ${node}, delete it and apply again`,
    );
  }
  const waiting = here[0];
  if (waiting) {
    const name = waiting.metadata?.name;
    const phase = waiting.status?.phase ?? '';
    return say(
      `Pod ${name} 在节点 ${node} 上还没有成功完成(阶段 ${phase})`,
      `Pod ${name} has not completed successfully on node ${node} yet (phase ${phase})`,
    );
  }
  return say(
    `节点 ${node} 上还没有 /data:在这个节点上运行一个挂载 hostPath 的 Pod 来创建它(make-data.yaml)`,
    `node ${node} has no /data yet: make it with a Pod that mounts a hostPath and runs on that node (make-data.yaml)`,
  );
}

/** The notes' log reader: busybox mounts the very emptyDir tomcat writes its logs into. */
async function readerMountsLogs(ctx: CheckContext): Promise<ConditionResult> {
  const { pod, missing } = await findPod(ctx, LOG_POD);
  if (!pod) return missing;
  const logs = volumeMounts(pod, 'tomcat').find((m) => m.mount.mountPath === TOMCAT_LOGS);
  if (!logs?.volume || volumeSource(logs.volume) !== 'emptyDir') {
    return fail(
      say(
        `容器 tomcat 没有把 emptyDir 挂在 ${TOMCAT_LOGS}`,
        `container tomcat has no emptyDir mounted at ${TOMCAT_LOGS}`,
      ),
    );
  }
  const volume = logs.volume.name;
  const reader = volumeMounts(pod, 'busybox').find((m) => m.volume?.name === volume);
  if (!reader) {
    return fail(
      say(
        `容器 busybox 没有挂载 tomcat 写日志的 emptyDir(${volume}):它的 /logs 里没有 tomcat 的文件`,
        `container busybox does not mount the emptyDir tomcat writes its logs into (${volume}): so its /logs holds none of tomcat's files`,
      ),
    );
  }
  return pass(
    say(`tomcat: ${volume} → ${TOMCAT_LOGS}`, `tomcat: ${volume} → ${TOMCAT_LOGS}`),
    say(
      `busybox: ${volume} → ${reader.mount.mountPath}`,
      `busybox: ${volume} → ${reader.mount.mountPath}`,
    ),
  );
}

/** The reader runs and what it printed is tomcat's catalina log. */
async function readerShowsCatalina(ctx: CheckContext): Promise<ConditionResult> {
  const { pod, missing } = await findPod(ctx, LOG_POD);
  if (!pod) return missing;
  const status = containerStatus(pod, 'busybox');
  if (!status?.state?.running) {
    const state = describeState(status);
    const last = status?.lastState?.terminated;
    const exited = last
      ? say(`，上次退出码 ${last.exitCode}`, `, last exit code ${last.exitCode}`)
      : say('', '');
    return fail(
      say(
        `容器 busybox 没有在运行:${state.zh}${exited.zh}。看看 kubectl logs ${LOG_POD} -c busybox --previous`,
        `container busybox is not running: ${state.en}${exited.en}. Look at kubectl logs ${LOG_POD} -c busybox --previous`,
      ),
    );
  }
  const log = (await ctx.logs(LOG_POD, 'busybox')) ?? '';
  const line = log.split('\n').find((l) => l.includes(CATALINA_LINE));
  if (!line) {
    return fail(
      say(
        `busybox 的日志里还没有 catalina 日志(tomcat 启动要几秒钟)`,
        `busybox's log has no catalina log line yet (tomcat takes a few seconds to start)`,
      ),
    );
  }
  return pass(say(`busybox 读到: ${line.trim()}`, `busybox read: ${line.trim()}`));
}
