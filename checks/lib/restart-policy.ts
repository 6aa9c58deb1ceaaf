import type { V1Pod } from '@kubernetes/client-node';
import type { LocalizedText } from '../../src/course/localized-text.js';
import { say } from './result.js';

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

/** The Pod's restartPolicy; the API server writes `Always` when the manifest leaves it out. */
export function restartPolicyOf(pod: V1Pod): RestartPolicy {
  const policy = pod.spec?.restartPolicy;
  return policy === 'OnFailure' || policy === 'Never' ? policy : 'Always';
}

/** Whether the kubelet restarts a container of this policy that exited with `exitCode`. */
export function restartsAfter(policy: RestartPolicy, exitCode: number): boolean {
  if (policy === 'Always') return true;
  if (policy === 'OnFailure') return exitCode !== 0;
  return false;
}

/**
 * `restartPolicy is Always` with what that means for the exit code the container gives, so
 * a message explains the policy rather than only naming it.
 */
export function policyMeaning(policy: RestartPolicy, exitCode: number): LocalizedText {
  const restarts = restartsAfter(policy, exitCode);
  const base = say(`restartPolicy 是 ${policy}`, `restartPolicy is ${policy}`);
  const defaulted =
    policy === 'Always'
      ? say('(不写这个字段时默认就是 Always)', ' (the default when the field is left out)')
      : say('', '');
  return restarts
    ? say(
        `${base.zh}${defaulted.zh}:容器以退出码 ${exitCode} 结束后，kubelet 会重启它`,
        `${base.en}${defaulted.en}: after exit code ${exitCode} the kubelet restarts the container`,
      )
    : say(
        `${base.zh}${defaulted.zh}:容器以退出码 ${exitCode} 结束后，kubelet 不会重启它`,
        `${base.en}${defaulted.en}: after exit code ${exitCode} the kubelet does not restart the container`,
      );
}
