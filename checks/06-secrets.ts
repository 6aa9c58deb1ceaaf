import type { CheckContext } from './lib/check-context.js';
import { envIn, readFileIn, shown, withoutNewline } from './lib/container-files.js';
import { defineChecks, known, unknown } from './lib/define-checks.js';
import { podEvents } from './lib/events.js';
import { projectedValue } from './lib/projected-secret.js';
import { type ConditionResult, fail, pass, say } from './lib/result.js';
import { runningOrWhy } from './lib/running-or-why.js';
import { base64Inside, readSecret, secretKeys, secretText } from './lib/secrets.js';

const POD = 'test-projected-volume';
const CONTAINER = 'test-secret-volume';
const GYSL = 'secret-gysl';
const NEW_PASSWORD = 's3cr3t-v2';

/** Lesson 06: Secrets from files, base64, projected volumes, and an update. */
export default defineChecks({
  conditions: {
    'create-secrets/user-secret': (ctx) => secretHasKey(ctx, 'user', 'username.txt'),

    async 'create-secrets/pass-secret'(ctx) {
      const result = await secretHasKey(ctx, 'pass', 'password.txt');
      if (result.passed || (await readSecret(ctx, 'pass'))) return result;
      // The notes make one Secret per file: say so when both files went into user.
      if (secretKeys(await readSecret(ctx, 'user')).includes('password.txt')) {
        return fail(
          say(
            `${result.message.zh}；Secret user 里也有 password.txt:笔记为每个文件建一个 Secret`,
            `${result.message.en}; Secret user holds password.txt as well: the notes make one Secret per file`,
          ),
        );
      }
      return result;
    },

    'mount-secrets/pod-running': (ctx) => runningOrWhy(ctx, POD, CONTAINER),

    async 'mount-secrets/files-mounted'(ctx) {
      const facts = [];
      for (const [secret, key] of [
        ['user', 'username.txt'],
        ['pass', 'password.txt'],
      ] as const) {
        const seen = await projectedValue(ctx, POD, CONTAINER, secret, key);
        if (!seen.ok) return seen.result;
        facts.push(say(`${seen.path}:${shown(seen.value)}`, `${seen.path}: ${shown(seen.value)}`));
      }
      return pass(...facts);
    },

    'untangle/pod-running': (ctx) => runningOrWhy(ctx, GYSL, GYSL),

    async 'untangle/both-values'(ctx) {
      const facts = [];
      for (const secret of ['gysl-user', 'gysl-passwd']) {
        const seen = await projectedValue(ctx, GYSL, GYSL, secret, 'passwd');
        if (!seen.ok) return seen.result;
        facts.push(
          say(
            `${seen.path}:${shown(seen.value)}(来自 ${secret})`,
            `${seen.path}: ${shown(seen.value)} (from ${secret})`,
          ),
        );
      }
      return pass(...facts);
    },

    async 'update-secret/secret-updated'(ctx) {
      const secret = await readSecret(ctx, 'pass');
      if (!secret) return fail(say('Secret pass 不存在', 'Secret pass does not exist'));
      const value = secretText(secret, 'password.txt');
      if (value !== undefined && withoutNewline(value) === NEW_PASSWORD) {
        return pass(
          say(
            `Secret pass:password.txt = ${shown(value)}`,
            `Secret pass: password.txt = ${shown(value)}`,
          ),
        );
      }
      const elsewhere = secretKeys(secret).find(
        (key) =>
          key !== 'password.txt' && withoutNewline(secretText(secret, key) ?? '') === NEW_PASSWORD,
      );
      if (elsewhere) {
        return fail(
          say(
            `Secret pass 把 ${NEW_PASSWORD} 放在键 ${elsewhere} 下，而 Pod 读的是键 password.txt(它现在是 ${value === undefined ? '不存在的' : shown(value)})`,
            `Secret pass holds ${NEW_PASSWORD} under the key ${elsewhere}, but the Pod reads the key password.txt (now ${value === undefined ? 'gone' : shown(value)})`,
          ),
        );
      }
      if (value === undefined) {
        return fail(
          say(
            `Secret pass 没有键 password.txt(它的键:${secretKeys(secret).join(', ') || '无'})`,
            `Secret pass has no key password.txt (its keys: ${secretKeys(secret).join(', ') || 'none'})`,
          ),
        );
      }
      if (base64Inside(value) === NEW_PASSWORD) {
        return fail(
          say(
            `password.txt 的值是 ${shown(value)}，它正是 ${NEW_PASSWORD} 的 base64:值被编码了两次。stringData 收明文(API server 会替你编码)；data 才收 base64，而且只编码一次`,
            `password.txt holds ${shown(value)}, which is the base64 of ${NEW_PASSWORD}: the value was encoded twice. stringData takes plain text (the API server encodes it for you); data takes base64, encoded once`,
          ),
        );
      }
      return fail(
        say(
          `Secret pass 的 password.txt 还是 ${shown(value)}，要改成 ${NEW_PASSWORD}`,
          `password.txt of Secret pass is still ${shown(value)}; change it to ${NEW_PASSWORD}`,
        ),
      );
    },

    async 'update-secret/file-updated'(ctx) {
      const seen = await projectedValue(ctx, POD, CONTAINER, 'pass', 'password.txt', {
        compare: false,
      });
      if (!seen.ok) return seen.result;
      if (withoutNewline(seen.value) === NEW_PASSWORD) {
        return pass(say(`${seen.path}:${shown(seen.value)}`, `${seen.path}: ${shown(seen.value)}`));
      }
      const secret = withoutNewline(
        secretText(await readSecret(ctx, 'pass'), 'password.txt') ?? '',
      );
      if (secret !== NEW_PASSWORD) {
        return fail(
          say(
            `${seen.path} 显示 ${shown(seen.value)}:先把 Secret pass 的 password.txt 改成 ${NEW_PASSWORD}`,
            `${seen.path} shows ${shown(seen.value)}: first change password.txt of Secret pass to ${NEW_PASSWORD}`,
          ),
        );
      }
      return fail(
        say(
          `${seen.path} 还显示旧值 ${shown(seen.value)}。kubelet 定期同步 Pod 时(约一分钟)才重写它:等一会儿，在模拟器上可以 pod-course sim advance 70s，或者改动 Pod 对象(kubectl annotate pod ${POD} refresh=1)让它立刻同步`,
          `${seen.path} still shows the old ${shown(seen.value)}. The kubelet rewrites it when it syncs the Pod, about once a minute: wait a while, run pod-course sim advance 70s on the simulator, or change the Pod object (kubectl annotate pod ${POD} refresh=1) for a sync at once`,
        ),
      );
    },

    async 'update-secret/env-kept'(ctx) {
      const running = await runningOrWhy(ctx, POD, CONTAINER);
      if (!running.passed) return running;
      const env = await envIn(ctx, POD, CONTAINER, 'DB_PASSWORD');
      if (!env.ok) return fail(env.why);
      if (env.value === undefined) {
        return fail(
          say(
            `容器 ${CONTAINER} 没有环境变量 DB_PASSWORD:用 test-projected-volume.yaml 里的 env 创建 Pod`,
            `container ${CONTAINER} has no environment variable DB_PASSWORD: create the Pod with the env of test-projected-volume.yaml`,
          ),
        );
      }
      if (withoutNewline(env.value) === NEW_PASSWORD) {
        return fail(
          say(
            `DB_PASSWORD 已经是 ${NEW_PASSWORD}:这个容器是在 Secret 改动之后才启动的(Pod 被重建了)。环境变量只在容器启动时读取一次；要看到区别，把旧密码改回去、重建 Pod，然后只改 Secret`,
            `DB_PASSWORD already holds ${NEW_PASSWORD}: this container started after the Secret changed (the Pod was created again). A variable is read once, when the container starts; to see the difference, put the old password back, recreate the Pod, then change only the Secret`,
          ),
        );
      }
      const secret = withoutNewline(
        secretText(await readSecret(ctx, 'pass'), 'password.txt') ?? '',
      );
      if (secret !== NEW_PASSWORD) {
        return fail(
          say(
            `DB_PASSWORD 是 ${shown(env.value)}；Secret pass 还没有改成 ${NEW_PASSWORD}`,
            `DB_PASSWORD is ${shown(env.value)}; Secret pass does not hold ${NEW_PASSWORD} yet`,
          ),
        );
      }
      return pass(
        say(
          `DB_PASSWORD 仍是 ${shown(env.value)}，而 Secret pass 已经是 ${NEW_PASSWORD}`,
          `DB_PASSWORD still holds ${shown(env.value)} while Secret pass holds ${NEW_PASSWORD}`,
        ),
      );
    },
  },

  liveAnswers: {
    /** data.password.txt of the learner's own Secret pass, decoded. */
    async 'decoded-password'(ctx) {
      const value = secretText(await readSecret(ctx, 'pass'), 'password.txt');
      if (value === undefined) {
        return unknown(
          say('先创建 Secret pass(上一步)', 'Create Secret pass first (previous step)'),
        );
      }
      return known(withoutNewline(value));
    },

    /** What secret-gysl really shows: one file or two, and whose value. */
    async 'same-key-outcome'(ctx) {
      const pod = await ctx.pod(GYSL);
      if (!pod)
        return unknown(
          say(`Pod ${GYSL} 不存在:重置本课(r)`, `Pod ${GYSL} is missing: reset the lesson (r)`),
        );
      // The question is about the notes' Pod: both Secrets whole, no items. Once the learner
      // has untangled it (next step), the live Pod no longer shows the clash.
      const untangled = (pod.spec?.volumes ?? []).some((v) =>
        (v.projected?.sources ?? []).some((s) => s.secret?.items?.length),
      );
      if (untangled) {
        return unknown(
          say(
            `Pod ${GYSL} 已经用 items 改过了:重置本课(r)可以回到笔记里的样子`,
            `Pod ${GYSL} has been changed with items already: reset the lesson (r) to get the notes' Pod back`,
          ),
        );
      }
      const running = await runningOrWhy(ctx, GYSL, GYSL);
      if (!running.passed) {
        const refused = (await podEvents(ctx, pod)).some((e) => e.reason === 'FailedMount');
        return refused ? known('refused') : unknown(running.message);
      }
      const out = await ctx.exec(GYSL, GYSL, ['ls', '-1', '/projected-volume-secret']);
      const files = out.ran ? out.stdout.split('\n').filter(Boolean) : [];
      if (files.length > 1) return known('both-files');
      const file = await readFileIn(ctx, GYSL, GYSL, '/projected-volume-secret/passwd');
      if (!file.ok) return unknown(file.why);
      const user = secretText(await readSecret(ctx, 'gysl-user'), 'passwd');
      return known(file.value === user ? 'user-wins' : 'password-wins');
    },
  },
});

/** Passes when Secret `name` has `key`; the fail names the keys it has. */
async function secretHasKey(
  ctx: CheckContext,
  name: string,
  key: string,
): Promise<ConditionResult> {
  const secret = await readSecret(ctx, name);
  if (!secret) {
    return fail(
      say(
        `Secret ${name} 还不存在(命名空间 ${ctx.namespace})`,
        `Secret ${name} does not exist yet (namespace ${ctx.namespace})`,
      ),
    );
  }
  const keys = secretKeys(secret);
  if (!keys.includes(key)) {
    return fail(
      say(
        `Secret ${name} 没有键 ${key}(它的键:${keys.join(', ') || '无'})。--from-file=./${key} 会用文件名做键`,
        `Secret ${name} has no key ${key} (its keys: ${keys.join(', ') || 'none'}). --from-file=./${key} makes the file name the key`,
      ),
    );
  }
  const value = secretText(secret, key) ?? '';
  return pass(
    say(
      `Secret ${name}:${key} = ${shown(value)}(类型 ${secret.type})`,
      `Secret ${name}: ${key} = ${shown(value)} (type ${secret.type})`,
    ),
  );
}
