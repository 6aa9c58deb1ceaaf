import { baseStrategy, keepStatusOnUpdate, type Strategy } from './strategy.js';

/**
 * Namespaces start Active with the `kubernetes` finalizer, and carry the immutable
 * `kubernetes.io/metadata.name` label the NamespaceAutoLabel admission sets.
 */
export const namespaceStrategy: Strategy = {
  ...baseStrategy,
  prepareForCreate(object) {
    const name = object.metadata.name ?? '';
    object.metadata.labels = { ...object.metadata.labels, 'kubernetes.io/metadata.name': name };
    object.spec = { finalizers: ['kubernetes'] };
    object.status = { phase: 'Active' };
  },
  prepareForUpdate(object, old) {
    keepStatusOnUpdate(object, old);
    // spec.finalizers changes only through the finalize subresource.
    object.spec = structuredClone(old.spec);
    object.metadata.labels = {
      ...object.metadata.labels,
      'kubernetes.io/metadata.name': old.metadata.name ?? '',
    };
  },
};
