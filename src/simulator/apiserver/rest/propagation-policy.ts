import { fieldInvalid, fieldNotSupported } from '../../admission/field-errors.js';
import type { PropagationPolicy } from '../registry/deletion.js';
import { ApiError, type FieldError, invalid } from '../status.js';

/**
 * `DeleteOptions.propagationPolicy` and the deprecated `orphanDependents`, checked as
 * `ValidateDeleteOptions` checks them: one of the three policies, never both fields. kubectl
 * sends `Background` by default, `Orphan` for `--cascade=orphan`, `Foreground` for
 * `--cascade=foreground`.
 */
export function propagationOptions(
  policy: string | undefined,
  orphanDependents: boolean | undefined,
): { propagationPolicy?: PropagationPolicy; orphanDependents?: boolean } {
  if (policy !== undefined && orphanDependents !== undefined) {
    throw deleteOptionsInvalid(
      fieldInvalid(
        'propagationPolicy',
        policy,
        'orphanDependents and deletionPropagation cannot be both set',
      ),
    );
  }
  if (policy !== undefined) {
    if (policy !== 'Orphan' && policy !== 'Background' && policy !== 'Foreground') {
      throw deleteOptionsInvalid(
        fieldNotSupported('propagationPolicy', policy, [
          'Foreground',
          'Background',
          'Orphan',
          'nil',
        ]),
      );
    }
    return { propagationPolicy: policy };
  }
  return orphanDependents === undefined ? {} : { orphanDependents };
}

/** `NewInvalid(GroupKind{meta.k8s.io, DeleteOptions}, "", errs)`: the message names the group. */
function deleteOptionsInvalid(error: FieldError) {
  const status = invalid('DeleteOptions', 'meta.k8s.io', '', [error]).status;
  return new ApiError({
    code: status.code,
    reason: 'Invalid',
    message: `DeleteOptions.meta.k8s.io "" is invalid: ${error.field}: ${error.body}`,
    ...(status.details ? { details: status.details } : {}),
  });
}

/** A boolean query parameter, undefined when absent. */
export function queryBoolean(query: URLSearchParams, name: string): boolean | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  return value === 'true' || value === '1';
}
