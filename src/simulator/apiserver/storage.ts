import {
  AlreadyExistsError,
  ConflictError,
  InvalidResourceVersionError,
  NotFoundError,
  type Store,
  StoreUnavailableError,
  TooLargeResourceVersionError,
} from '../store/index.js';
import {
  ApiError,
  alreadyExists,
  badRequest,
  conflict,
  type GroupResource,
  notFound,
} from './status.js';

/** The REST layer keeps objects in the simulator's store (src/simulator/store). */
export type Storage = Store;

/** `roles.rbac.authorization.k8s.io` → { resource: 'roles', group: 'rbac.authorization.k8s.io' }. */
function groupResourceOf(storageResource: string): GroupResource {
  const dot = storageResource.indexOf('.');
  return dot < 0
    ? { group: '', resource: storageResource }
    : { group: storageResource.slice(dot + 1), resource: storageResource.slice(0, dot) };
}

/** The store's typed errors as the Status a real API server answers with; undefined for others. */
export function storeErrorToApiError(error: unknown): ApiError | undefined {
  if (error instanceof AlreadyExistsError)
    return alreadyExists(groupResourceOf(error.key.resource), error.key.name);
  if (error instanceof NotFoundError)
    return notFound(groupResourceOf(error.key.resource), error.key.name);
  if (error instanceof ConflictError) {
    return conflict(
      groupResourceOf(error.key.resource),
      error.key.name,
      'the object has been modified; please apply your changes to the latest version and try again',
    );
  }
  if (error instanceof TooLargeResourceVersionError) {
    return new ApiError({
      message: error.message,
      reason: 'Timeout',
      details: { retryAfterSeconds: 1 },
      code: 504,
    });
  }
  if (error instanceof InvalidResourceVersionError) return badRequest(error.message);
  if (error instanceof StoreUnavailableError) {
    return new ApiError({ message: error.message, reason: 'ServiceUnavailable', code: 503 });
  }
  return undefined;
}
