import type { CheckContext } from './lib/check-context.js';
import { readFileIn } from './lib/container-files.js';
import { defineChecks, known, unknown } from './lib/define-checks.js';
import {
  ALIASES_HEADER,
  addressesOf,
  aliasEntries,
  hostsEntries,
  MANAGED_HEADER,
  shownLine,
} from './lib/hosts-file.js';
import { containerRunning, containerStatus, findPod } from './lib/pods.js';
import { type ConditionResult, fail, pass, say } from './lib/result.js';

const ALIASES_POD = 'hostaliases-pod';
const ALIASES_CONTAINER = 'cat-hosts';
const ALIAS_IP = '10.1.2.3';
const ALIAS_NAMES = ['foo.remote', 'bar.remote'];
const EDIT_POD = 'hosts-edit';
const EDIT_CONTAINER = 'shell';
const HAND_NAME = 'db.remote';
const HAND_IP = '10.1.2.4';

type Failed = Extract<ConditionResult, { passed: false }>;
type HostsRead = { ok: true; text: string } | { ok: false; result: Failed };

/** Lesson 14: hostAliases, the kubelet's /etc/hosts, and an edit by hand. */
export default defineChecks({
  conditions: {
    async 'add-aliases/declared'(ctx) {
      const { pod, missing } = await findPod(ctx, ALIASES_POD);
      if (!pod) return missing;
      const aliases = pod.spec?.hostAliases ?? [];
      if (aliases.length === 0) {
        const base = say(
          `Pod ${ALIASES_POD} 没有 spec.hostAliases`,
          `Pod ${ALIASES_POD} has no spec.hostAliases`,
        );
        // The same line in the file without the field can only have been typed in.
        const hosts = await readHosts(ctx, ALIASES_POD, ALIASES_CONTAINER);
        const byHand = hosts.ok && addressesOf(hostsEntries(hosts.text), 'foo.remote').length > 0;
        return fail(
          byHand
            ? say(
                `${base.zh}，可它的 /etc/hosts 里有 foo.remote:这一行是手工写进去的，kubelet 下次写这个文件时它就没了`,
                `${base.en}, yet its /etc/hosts has foo.remote: that line was written by hand, and is lost the next time the kubelet writes the file`,
              )
            : base,
        );
      }
      for (const name of ALIAS_NAMES) {
        const ips = aliases.filter((a) => a.hostnames?.includes(name)).map((a) => a.ip);
        if (!ips.includes(ALIAS_IP)) {
          return fail(
            say(
              `spec.hostAliases 没有把 ${name} 指向 ${ALIAS_IP}${ips.length ? `(它指向 ${ips.join(', ')})` : ''}`,
              `spec.hostAliases does not map ${name} to ${ALIAS_IP}${ips.length ? ` (it maps it to ${ips.join(', ')})` : ''}`,
            ),
          );
        }
      }
      return pass(
        ...aliases.map((a) =>
          say(
            `hostAliases:${a.ip} → ${(a.hostnames ?? []).join(', ')}`,
            `hostAliases: ${a.ip} → ${(a.hostnames ?? []).join(', ')}`,
          ),
        ),
      );
    },

    async 'add-aliases/in-hosts-file'(ctx) {
      const hosts = await readHosts(ctx, ALIASES_POD, ALIASES_CONTAINER);
      if (!hosts.ok) return hosts.result;
      const section = aliasEntries(hosts.text);
      if (section.length === 0) {
        return fail(
          say(
            `/etc/hosts 里没有 ${ALIASES_HEADER} 这一节:Pod 没有 hostAliases`,
            `/etc/hosts has no ${ALIASES_HEADER} section: the Pod has no hostAliases`,
          ),
        );
      }
      for (const name of ALIAS_NAMES) {
        const ips = addressesOf(section, name);
        if (!ips.includes(ALIAS_IP)) {
          return fail(
            say(
              `HostAliases 一节没有把 ${name} 指向 ${ALIAS_IP}`,
              `the HostAliases section does not map ${name} to ${ALIAS_IP}`,
            ),
          );
        }
      }
      return pass(...section.map((e) => say(shownLine(e.line), shownLine(e.line))));
    },

    'edit-by-hand/pod-running': (ctx) => containerRunning(ctx, EDIT_POD, EDIT_CONTAINER),

    async 'edit-by-hand/hand-line'(ctx) {
      const hosts = await readHosts(ctx, EDIT_POD, EDIT_CONTAINER);
      if (!hosts.ok) return hosts.result;
      const ips = addressesOf(hostsEntries(hosts.text), HAND_NAME);
      const first = ips[0];
      if (first === HAND_IP) {
        return pass(
          say(`/etc/hosts:${HAND_NAME} → ${HAND_IP}`, `/etc/hosts: ${HAND_NAME} → ${HAND_IP}`),
        );
      }
      return fail(
        first
          ? say(
              `${HAND_NAME} 解析为 ${first}，不是 ${HAND_IP}`,
              `${HAND_NAME} resolves to ${first}, not ${HAND_IP}`,
            )
          : say(`/etc/hosts 里还没有 ${HAND_NAME}`, `/etc/hosts has no ${HAND_NAME} yet`),
      );
    },

    async 'edit-by-hand/kept-the-rest'(ctx) {
      const hosts = await readHosts(ctx, EDIT_POD, EDIT_CONTAINER);
      if (!hosts.ok) return hosts.result;
      const podIP = (await ctx.pod(EDIT_POD))?.status?.podIP;
      const own = hostsEntries(hosts.text).find(
        (e) => e.ip === podIP && e.names.includes(EDIT_POD),
      );
      if (!hosts.text.startsWith(MANAGED_HEADER) || !own) {
        return fail(
          say(
            `kubelet 写的内容不见了(文件头 ${MANAGED_HEADER} 或 Pod 自己的那一行):> 替换整个文件，>> 才是追加。重建 Pod 可以得到一份新文件`,
            `what the kubelet wrote is gone (the header ${MANAGED_HEADER} or the Pod's own line): > replaces the whole file, >> appends. Recreate the Pod for a fresh file`,
          ),
        );
      }
      return pass(
        say(`文件头:${MANAGED_HEADER}`, `header: ${MANAGED_HEADER}`),
        say(`Pod 自己的一行:${shownLine(own.line)}`, `the Pod's own line: ${shownLine(own.line)}`),
      );
    },

    async 'restart/restarted'(ctx) {
      const { pod, missing } = await findPod(ctx, EDIT_POD);
      if (!pod) return missing;
      const status = containerStatus(pod, EDIT_CONTAINER);
      const count = status?.restartCount ?? 0;
      if (count < 1) {
        return fail(
          say(
            `容器 ${EDIT_CONTAINER} 还没有重启过(重启次数 ${count}):在容器里创建 /tmp/restart-me`,
            `container ${EDIT_CONTAINER} has not restarted yet (restart count ${count}): create /tmp/restart-me in it`,
          ),
        );
      }
      const running = await containerRunning(ctx, EDIT_POD, EDIT_CONTAINER);
      if (!running.passed) return running;
      return pass(...running.facts);
    },
  },

  liveAnswers: {
    /** How the kubelet laid out the names of 10.1.2.3 in hostaliases-pod's /etc/hosts. */
    async 'alias-line-layout'(ctx) {
      const hosts = await readHosts(ctx, ALIASES_POD, ALIASES_CONTAINER);
      if (!hosts.ok) return unknown(hosts.result.message);
      const lines = aliasEntries(hosts.text).filter((e) => e.ip === ALIAS_IP);
      if (lines.length === 0) {
        return unknown(
          say(
            `先完成上一步:${ALIASES_POD} 的 /etc/hosts 里还没有 ${ALIAS_IP} 的 HostAliases 行`,
            `Finish the previous step first: the /etc/hosts of ${ALIASES_POD} has no HostAliases line for ${ALIAS_IP} yet`,
          ),
        );
      }
      if (lines.length > 1) return known('two-lines');
      return known(lines[0]?.separators === 'tab' ? 'one-line-tabs' : 'one-line-spaces');
    },

    /** Whether the hand-written line survived the container's restart. */
    async 'hand-line-after-restart'(ctx) {
      const pod = await ctx.pod(EDIT_POD);
      const count = pod ? (containerStatus(pod, EDIT_CONTAINER)?.restartCount ?? 0) : 0;
      if (count < 1) {
        return unknown(
          say(
            `先完成上一步:容器 ${EDIT_CONTAINER} 要重启过一次`,
            `Finish the previous step first: container ${EDIT_CONTAINER} must have restarted once`,
          ),
        );
      }
      const hosts = await readHosts(ctx, EDIT_POD, EDIT_CONTAINER);
      if (!hosts.ok) return unknown(hosts.result.message);
      const kept = addressesOf(hostsEntries(hosts.text), HAND_NAME).length > 0;
      return known(kept ? 'kept' : 'gone');
    },
  },
});

/** The container's /etc/hosts once it runs, or the fail that says why it cannot be read. */
async function readHosts(ctx: CheckContext, pod: string, container: string): Promise<HostsRead> {
  const running = await containerRunning(ctx, pod, container);
  if (!running.passed) return { ok: false, result: running };
  const file = await readFileIn(ctx, pod, container, '/etc/hosts');
  if (!file.ok) return { ok: false, result: { passed: false, message: file.why } };
  return { ok: true, text: file.value };
}
