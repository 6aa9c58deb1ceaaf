import { defineChecks, known, unknown } from './lib/define-checks.js';
import { containerRunning, findPod } from './lib/pods.js';
import { fail, pass, say } from './lib/result.js';

const POD = 'nginx-busybox';

/** Lesson 01: conditions of `share-pid`, and the live answer of `pid-one`. */
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
  },
});
