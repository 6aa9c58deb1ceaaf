import { defaultPod, defaultPodForUpdate } from '../../admission/pod-defaults.js';
import { validatePodUpdate } from '../../admission/pod-update-validation.js';
import { validatePod } from '../../admission/pod-validation.js';
import { isPlainObject, type KubeObject } from '../../kube-object.js';
import { generateNameSuffix } from './generate-name.js';
import { podQosClass } from './pod-qos.js';
import {
  type AdmissionContext,
  baseStrategy,
  keepStatusOnUpdate,
  type Strategy,
} from './strategy.js';

/**
 * Pods: defaulting and the mutating admission plugins (ServiceAccount token volume, priority,
 * default tolerations) on create, `status` starting as Pending with its QoS class, and the
 * update rule that only images, tolerations additions and a few other fields may change.
 */
export const podStrategy: Strategy = {
  ...baseStrategy,
  prepareForCreate(pod, context) {
    convertServiceAccountAlias(pod);
    defaultPod(pod, admissionContext(pod, context));
    pod.status = { phase: 'Pending', qosClass: podQosClass(pod) };
  },
  validateCreate(pod) {
    return validatePod(pod);
  },
  prepareForUpdate(pod, old) {
    // Decoding converts and defaults every write, so a PUT of a manifest without defaults is
    // compared with the stored (defaulted) pod on equal terms.
    convertServiceAccountAlias(pod);
    defaultPodForUpdate(pod, old);
    keepStatusOnUpdate(pod, old);
  },
  validateUpdate(pod, old) {
    return validatePodUpdate(pod, old);
  },
};

/**
 * The round trip every written pod makes through the internal type: `serviceAccount`, the
 * deprecated v1 alias, is read only when `serviceAccountName` is empty
 * (`Convert_v1_PodSpec_To_core_PodSpec`), and written back as a copy of it
 * (`Convert_core_PodSpec_To_v1_PodSpec`), omitted when empty. So a body that leaves it out
 * still stores and serves it, and it can never differ from `serviceAccountName`.
 */
function convertServiceAccountAlias(pod: KubeObject) {
  if (!isPlainObject(pod.spec)) return;
  const spec = pod.spec;
  const alias = typeof spec.serviceAccount === 'string' ? spec.serviceAccount : '';
  if (!spec.serviceAccountName && alias) spec.serviceAccountName = alias;
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '') {
    spec.serviceAccount = spec.serviceAccountName;
  } else {
    delete spec.serviceAccount;
  }
}

function admissionContext(pod: KubeObject, context: AdmissionContext) {
  const namespace = pod.metadata.namespace ?? '';
  return {
    serviceAccount(name: string) {
      const sa = context.storage.get('serviceaccounts', namespace, name);
      if (!sa) return undefined;
      return {
        ...(typeof sa.automountServiceAccountToken === 'boolean'
          ? { automountServiceAccountToken: sa.automountServiceAccountToken }
          : {}),
        ...(Array.isArray(sa.imagePullSecrets)
          ? { imagePullSecrets: sa.imagePullSecrets as { name: string }[] }
          : {}),
      };
    },
    randomSuffix: () => generateNameSuffix(),
  };
}
