import {
  validateConfigMap,
  validateConfigMapUpdate,
  validateNamespace,
  validateSecret,
  validateSecretUpdate,
  validateServiceAccount,
} from '../../admission/object-validation.js';
import type { ResourceInfo } from '../resources.js';
import { appsStrategy } from './apps-strategy.js';
import { namespaceStrategy } from './namespace-strategy.js';
import { validateMetaOnCreate, validateMetaOnUpdate } from './object-meta.js';
import { podStrategy } from './pod-strategy.js';
import { rbacStrategy } from './rbac-strategy.js';
import { secretStrategy } from './secret-strategy.js';
import { serviceStrategy } from './service-strategy.js';
import { baseStrategy, keepStatusOnUpdate, type Strategy } from './strategy.js';

/** Core resources with behaviour or validation of their own. */
const CORE: Record<string, Strategy> = {
  pods: podStrategy,
  namespaces: {
    ...namespaceStrategy,
    validateCreate: validateNamespace,
    validateUpdate: validateMetaOnUpdate,
  },
  secrets: {
    ...secretStrategy,
    validateCreate: validateSecret,
    validateUpdate: validateSecretUpdate,
  },
  configmaps: {
    ...baseStrategy,
    validateCreate: validateConfigMap,
    validateUpdate: validateConfigMapUpdate,
  },
  serviceaccounts: {
    ...baseStrategy,
    validateCreate: validateServiceAccount,
    validateUpdate: validateMetaOnUpdate,
  },
  services: serviceStrategy,
};

export function strategyFor(info: ResourceInfo): Strategy {
  const specific =
    info.group === ''
      ? CORE[info.resource]
      : info.group === 'apps'
        ? appsStrategy(info)
        : rbacStrategy(info);
  if (specific) return specific;
  // Everything else: its metadata is validated; a status, where it has one, is kept on update.
  return {
    ...baseStrategy,
    validateCreate: (object) => validateMetaOnCreate(info, object),
    validateUpdate: validateMetaOnUpdate,
    ...(info.hasStatus ? { prepareForUpdate: keepStatusOnUpdate } : {}),
  };
}
