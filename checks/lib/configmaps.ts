import type { V1ConfigMap } from '@kubernetes/client-node';
import type { CheckContext } from './check-context.js';
import { type ConditionResult, fail, say } from './result.js';

/** The ConfigMap, or undefined when it does not exist (or is being deleted). */
export async function readConfigMap(
  ctx: CheckContext,
  name: string,
): Promise<V1ConfigMap | undefined> {
  const configMap = await ctx.object<V1ConfigMap>('ConfigMap', name);
  return configMap && !configMap.metadata?.deletionTimestamp ? configMap : undefined;
}

/** The keys of `data` and `binaryData`, sorted as `kubectl get -o yaml` shows them. */
export function configMapKeys(configMap: V1ConfigMap | undefined): string[] {
  return [
    ...Object.keys(configMap?.data ?? {}),
    ...Object.keys(configMap?.binaryData ?? {}),
  ].sort();
}

/** The keys as a message lists them: `a, b`, or a word for none. */
export function keyList(keys: readonly string[]): { zh: string; en: string } {
  return keys.length > 0 ? { zh: keys.join(', '), en: keys.join(', ') } : { zh: '无', en: 'none' };
}

/** The fail for a ConfigMap the learner has not made (yet). */
export function configMapMissing(ctx: CheckContext, name: string): ConditionResult {
  return fail(
    say(
      `ConfigMap ${name} 还不存在(命名空间 ${ctx.namespace})`,
      `ConfigMap ${name} does not exist yet (namespace ${ctx.namespace})`,
    ),
  );
}
