/**
 * `metav1.Status` errors, shaped exactly as a real API server sends them: kubectl builds its
 * messages from `reason`, `message` and `details`, so these must match byte for byte.
 */

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** Thrown anywhere in request handling; the server turns it into the HTTP response. */
export class ApiError extends Error {
  readonly status: Status;

  constructor(status: Omit<Status, 'kind' | 'apiVersion' | 'metadata' | 'status'>) {
    super(status.message ?? status.reason ?? 'error');
    this.status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', ...status };
  }

  get code(): number {
    return this.status.code;
  }
}

/** The qualified resource as the API server names it in messages: `pods`, `deployments.apps`. */
export interface GroupResource {
  group: string;
  resource: string;
}

function qualified({ group, resource }: GroupResource): string {
  return group ? `${resource}.${group}` : resource;
}

export function notFound(gr: GroupResource, name: string): ApiError {
  return new ApiError({
    message: `${qualified(gr)} "${name}" not found`,
    reason: 'NotFound',
    details: { name, ...(gr.group ? { group: gr.group } : {}), kind: gr.resource },
    code: 404,
  });
}

export function alreadyExists(gr: GroupResource, name: string): ApiError {
  return new ApiError({
    message: `${qualified(gr)} "${name}" already exists`,
    reason: 'AlreadyExists',
    details: { name, ...(gr.group ? { group: gr.group } : {}), kind: gr.resource },
    code: 409,
  });
}

export function conflict(gr: GroupResource, name: string, detail: string): ApiError {
  return new ApiError({
    message: `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${detail}`,
    reason: 'Conflict',
    details: { name, ...(gr.group ? { group: gr.group } : {}), kind: gr.resource },
    code: 409,
  });
}

export function badRequest(message: string): ApiError {
  return new ApiError({ message, reason: 'BadRequest', code: 400 });
}

export function methodNotSupported(gr: GroupResource, action: string): ApiError {
  return new ApiError({
    message: `${action} is not supported on resources of kind "${qualified(gr)}"`,
    reason: 'MethodNotAllowed',
    details: { ...(gr.group ? { group: gr.group } : {}), kind: gr.resource },
    code: 405,
  });
}

export function unauthorized(): ApiError {
  return new ApiError({ message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
}

export function pathNotFound(): ApiError {
  return new ApiError({
    message: 'the server could not find the requested resource',
    reason: 'NotFound',
    details: {},
    code: 404,
  });
}

export function unsupportedMediaType(accepted: string[]): ApiError {
  return new ApiError({
    message: `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    reason: 'UnsupportedMediaType',
    code: 415,
  });
}

export function internalError(message: string): ApiError {
  return new ApiError({
    message: `Internal error occurred: ${message}`,
    reason: 'InternalError',
    details: { causes: [{ message }] },
    code: 500,
  });
}

/** One field error of Kubernetes' `field.ErrorList`, already rendered (`path: body`). */
export interface FieldError {
  /** `spec.containers[0].image` */
  field: string;
  /** The cause reason: `FieldValueRequired`, `FieldValueInvalid`, `FieldValueNotFound`, … */
  reason: string;
  /** The rendered error without the field prefix: `Required value`, `Not found: "foo"` */
  body: string;
}

/**
 * `schema.GroupKind.String()`, how `apierrors.NewInvalid` names the kind in its message: the
 * kind alone for the core group (`Pod`), else `Kind.group` (`Deployment.apps`,
 * `Role.rbac.authorization.k8s.io`, `EndpointSlice.discovery.k8s.io`).
 */
export function qualifiedKind(kind: string, group: string): string {
  return group ? `${kind}.${group}` : kind;
}

/**
 * 422 Invalid with the message naming the kind as given (`<kind> "<name>" is invalid: …`) and the
 * group only in `details`. That is the real message for core kinds; for a kind of another group
 * use `invalidObject`, whose message qualifies it. (Kept as it is: some callers pass a group and
 * rewrite the message themselves.)
 */
export function invalid(
  kind: string,
  group: string,
  name: string,
  errors: readonly FieldError[],
): ApiError {
  return invalidStatus(kind, kind, group, name, errors);
}

/**
 * 422 Invalid exactly as `apierrors.NewInvalid(GroupKind, name, errs)` builds it: the message
 * names the qualified kind (`Deployment.apps "web" is invalid: …`) and aggregates every field
 * error (one alone, or `[e1, e2]`); `details` carry the bare kind, the group and each cause, from
 * which kubectl prints its own `The Deployment "web" is invalid: …`.
 */
export function invalidObject(
  kind: string,
  group: string,
  name: string,
  errors: readonly FieldError[],
): ApiError {
  return invalidStatus(qualifiedKind(kind, group), kind, group, name, errors);
}

function invalidStatus(
  messageKind: string,
  kind: string,
  group: string,
  name: string,
  errors: readonly FieldError[],
): ApiError {
  const rendered = errors.map((e) => `${e.field}: ${e.body}`);
  const aggregate = rendered.length === 1 ? rendered[0] : `[${rendered.join(', ')}]`;
  return new ApiError({
    message: `${messageKind} "${name}" is invalid: ${aggregate}`,
    reason: 'Invalid',
    details: {
      name,
      ...(group ? { group } : {}),
      kind,
      causes: errors.map((e) => ({ reason: e.reason, message: e.body, field: e.field })),
    },
    code: 422,
  });
}
