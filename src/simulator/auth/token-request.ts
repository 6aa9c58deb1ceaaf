/**
 * `POST /api/v1/namespaces/<ns>/serviceaccounts/<name>/token`, the TokenRequest API that
 * `kubectl create token` calls (`pkg/registry/core/serviceaccount/storage/token.go`): checks
 * the request, the account and the object the token is bound to, then signs a token for the
 * account, valid while they exist.
 */
import { child, fieldInvalid } from '../admission/field-errors.js';
import { sendJson } from '../apiserver/http/respond.js';
import { rfc3339 } from '../apiserver/registry/registry.js';
import { findResource, type ResourceInfo } from '../apiserver/resources.js';
import type { SubresourceHandler } from '../apiserver/rest/rest-handler.js';
import { badRequest, conflict, methodNotSupported } from '../apiserver/status.js';
import type { KubeObject } from '../kube-object.js';
import { invalidReview, kindInfo, readReviewBody, record, str, strings } from './review-body.js';
import { API_AUDIENCES, type ObjectRef, serviceAccountTokens } from './service-account-tokens.js';

const TOKEN_REQUEST = kindInfo('authentication.k8s.io', 'TokenRequest', 'tokenrequests', true);
/** `SetDefaults_TokenRequestSpec`. */
const DEFAULT_EXPIRATION_SECONDS = 60 * 60;
const MIN_EXPIRATION_SECONDS = 10 * 60;
const MAX_EXPIRATION_SECONDS = 2 ** 32;

function core(resource: string): ResourceInfo {
  const info = findResource('', 'v1', resource);
  if (!info) throw new Error(`${resource} are not served`);
  return info;
}

export const tokenRequest: SubresourceHandler = async (req, res, target, _url, context) => {
  if (req.method !== 'POST') {
    throw methodNotSupported(
      { group: '', resource: 'serviceaccounts/token' },
      (req.method ?? '').toLowerCase(),
    );
  }
  const { name, namespace } = target;
  const request = await readReviewBody(req, TOKEN_REQUEST);
  const meta = request.metadata;
  if (meta.name && meta.name !== name) {
    throw invalidReview(TOKEN_REQUEST, name, [
      fieldInvalid(
        child('metadata', 'name'),
        meta.name,
        'must match the service account name if specified',
      ),
    ]);
  }
  if (meta.namespace && meta.namespace !== namespace) {
    throw invalidReview(TOKEN_REQUEST, name, [
      fieldInvalid(
        child('metadata', 'namespace'),
        meta.namespace,
        'must match the service account namespace if specified',
      ),
    ]);
  }
  const registry = context.registry;
  const serviceAccount = registry.get(core('serviceaccounts'), namespace, name);
  const spec = record(request.spec);
  const requested = strings(spec.audiences);
  const audiences = requested.length ? requested : [...API_AUDIENCES];
  const expirationSeconds =
    spec.expirationSeconds === undefined || spec.expirationSeconds === null
      ? DEFAULT_EXPIRATION_SECONDS
      : Number(spec.expirationSeconds);
  if (!(expirationSeconds >= MIN_EXPIRATION_SECONDS)) {
    throw invalidReview(TOKEN_REQUEST, '', [
      fieldInvalid(
        child('spec', 'expirationSeconds'),
        expirationSeconds,
        'may not specify a duration less than 10 minutes',
      ),
    ]);
  }
  if (expirationSeconds > MAX_EXPIRATION_SECONDS) {
    throw invalidReview(TOKEN_REQUEST, '', [
      fieldInvalid(
        child('spec', 'expirationSeconds'),
        expirationSeconds,
        'may not specify a duration larger than 2^32 seconds',
      ),
    ]);
  }
  const boundRef = spec.boundObjectRef ? record(spec.boundObjectRef) : undefined;
  const bound = boundRef
    ? boundObjects(boundRef, name, namespace, (info, ns, n) => registry.get(info, ns, n))
    : {};
  const now = context.now();
  const issued = serviceAccountTokens(registry.storage).issue({
    serviceAccount,
    audiences,
    expirationSeconds,
    ...bound,
    now,
  });
  sendJson(res, 201, {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace, creationTimestamp: rfc3339(now) },
    spec: { audiences, expirationSeconds, boundObjectRef: boundRef ?? null },
    status: { token: issued.token, expirationTimestamp: rfc3339(issued.expirationTimestamp) },
  });
};

type Getter = (info: ResourceInfo, namespace: string, name: string) => KubeObject;

/** The pod, secret or node a token is bound to (and a pod's node), checked as the real API does. */
function boundObjects(
  ref: Record<string, unknown>,
  account: string,
  namespace: string,
  get: Getter,
): { pod?: ObjectRef; secret?: ObjectRef; node?: ObjectRef } {
  const apiVersion = str(ref.apiVersion);
  const kind = str(ref.kind);
  const refName = str(ref.name);
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  let object: KubeObject;
  let result: { pod?: ObjectRef; secret?: ObjectRef; node?: ObjectRef };
  if (group === '' && kind === 'Pod') {
    object = get(core('pods'), namespace, refName);
    const spec = record(object.spec);
    if (str(spec.serviceAccountName) !== account) {
      throw badRequest(
        `cannot bind token for serviceaccount "${account}" to pod running with different serviceaccount name.`,
      );
    }
    const nodeName = str(spec.nodeName);
    let node: ObjectRef | undefined;
    if (nodeName) {
      let uid = '';
      try {
        uid = get(core('nodes'), '', nodeName).metadata.uid ?? '';
      } catch {
        // A node that is gone still leaves its name in the claims.
      }
      node = { name: nodeName, uid };
    }
    result = { pod: objectRefOf(object), ...(node ? { node } : {}) };
  } else if (group === '' && kind === 'Node') {
    object = get(core('nodes'), '', refName);
    result = { node: objectRefOf(object) };
  } else if (group === '' && kind === 'Secret') {
    object = get(core('secrets'), namespace, refName);
    result = { secret: objectRefOf(object) };
  } else {
    throw badRequest(`cannot bind token to object of type ${group}/${version}, Kind=${kind}`);
  }
  const uid = str(ref.uid);
  if (uid && uid !== object.metadata.uid) {
    throw conflict(
      { group, resource: kind },
      refName,
      `the UID in the bound object reference (${uid}) does not match the UID in record. The object might have been deleted and then recreated`,
    );
  }
  return result;
}

function objectRefOf(object: KubeObject): ObjectRef {
  return { name: object.metadata.name ?? '', uid: object.metadata.uid ?? '' };
}
