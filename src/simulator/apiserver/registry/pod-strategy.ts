import { defaultPod, defaultPodForUpdate } from '../../admission/pod-defaults.js';
import { validatePodUpdate } from '../../admission/pod-update-validation.js';
import { validatePod } from '../../admission/pod-validation.js';
import type { KubeObject } from '../../kube-object.js';
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
    defaultPod(pod, admissionContext(pod, context));
    pod.status = { phase: 'Pending', qosClass: podQosClass(pod) };
  },
  validateCreate(pod) {
    return validatePod(pod);
  },
  prepareForUpdate(pod, old) {
    // Decoding defaults every write, so a PUT of a manifest without defaults is compared
    // with the stored (defaulted) pod on equal terms.
    defaultPodForUpdate(pod, old);
    keepStatusOnUpdate(pod, old);
  },
  validateUpdate(pod, old) {
    return validatePodUpdate(pod, old);
  },
};

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
