/**
 * Where a key of a Secret lands in a container (the volumes as the kubelet lays them out, a
 * later projected source replacing an earlier one at the same path) and what the container
 * reads there.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { CheckContext } from './check-context.js';
import { readFileIn, shown } from './container-files.js';
import { findPod } from './pods.js';
import { describeSource, type FileSource, fileLocations, secretKey } from './projected-paths.js';
import { type ConditionResult, fail, say } from './result.js';
import { runningOrWhy } from './running-or-why.js';
import { readSecret, secretKeys, secretText } from './secrets.js';

export type Projected =
  | { ok: true; path: string; value: string }
  | { ok: false; result: ConditionResult };

/**
 * The file that `key` of Secret `secret` becomes in the container, as the Pod's volumes lay it
 * out, and what the container reads there. With `compare`, a file that differs from the
 * Secret is a fail (a mount not refreshed yet).
 */
export async function projectedValue(
  ctx: CheckContext,
  podName: string,
  container: string,
  secret: string,
  key: string,
  options: { compare?: boolean } = {},
): Promise<Projected> {
  const no = (result: ConditionResult): Projected => ({ ok: false, result });
  const { pod, missing } = await findPod(ctx, podName);
  if (!pod) return no(missing);
  const running = await runningOrWhy(ctx, podName, container);
  if (!running.passed) return no(running);
  const keys = await secretKeysOf(ctx, pod);
  const { found, lost } = fileLocations(pod, container, secretKey(secret, key), (kind, name) =>
    kind === 'secret' ? keys.get(name) : undefined,
  );
  const where = found[0];
  if (!where) {
    const replaced = lost[0];
    if (replaced) return no(fail(overwritten(secret, key, replaced.full, replaced.overwrittenBy)));
    return no(
      fail(
        say(
          `容器 ${container} 里看不到 Secret ${secret} 的键 ${key}:它不在任何挂载的 Volume 的来源里`,
          `container ${container} does not get the key ${key} of Secret ${secret}: no mounted volume has it among its sources`,
        ),
      ),
    );
  }
  const file = await readFileIn(ctx, podName, container, where.full);
  if (!file.ok) return no(fail(file.why));
  const expected = secretText(await readSecret(ctx, secret), key);
  if (options.compare !== false && file.value !== expected) {
    return no(
      fail(
        say(
          `${where.full} 显示 ${shown(file.value)}，而 Secret ${secret} 的 ${key} 是 ${shown(expected ?? '')}:kubelet 还没有重写这个文件`,
          `${where.full} shows ${shown(file.value)} while ${key} of Secret ${secret} is ${shown(expected ?? '')}: the kubelet has not rewritten the file yet`,
        ),
      ),
    );
  }
  return { ok: true, path: where.full, value: file.value };
}

function overwritten(secret: string, key: string, full: string, by: FileSource) {
  return say(
    `Secret ${secret} 的 ${key} 写到 ${full}，但后列出的来源(来自 ${describeSource(by)} 的文件覆盖了它)写了同一个路径，所以只剩一个文件。用 items 给其中一个键换个 path`,
    `${key} of Secret ${secret} goes to ${full}, but a source listed later writes the same path (the file from ${describeSource(by)} replaced it), so only one file is left. Give one of the keys another path with items`,
  );
}

/** The data keys of every Secret the Pod's volumes name (a source without items projects them all). */
async function secretKeysOf(ctx: CheckContext, pod: V1Pod): Promise<Map<string, string[]>> {
  const names = new Set<string>();
  for (const volume of pod.spec?.volumes ?? []) {
    if (volume.secret?.secretName) names.add(volume.secret.secretName);
    for (const source of volume.projected?.sources ?? []) {
      if (source.secret?.name) names.add(source.secret.name);
    }
  }
  const keys = new Map<string, string[]>();
  for (const name of names) keys.set(name, secretKeys(await readSecret(ctx, name)));
  return keys;
}
