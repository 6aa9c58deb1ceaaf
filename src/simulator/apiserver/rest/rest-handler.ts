import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../../kube-object.js';
import { wantsTable } from '../http/content-type.js';
import { readBody } from '../http/request-body.js';
import { sendJson } from '../http/respond.js';
import { decodeObject, parseJson } from '../object-codec.js';
import { applyPatch } from '../patch/apply-patch.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceTarget } from '../resource-target.js';
import { groupVersion, type ResourceInfo, storageResource } from '../resources.js';
import { badRequest, methodNotSupported, notFound } from '../status.js';
import { parseIncludeObject, renderTable } from '../tables/index.js';
import { timeShiftFor } from '../time-view.js';
import { deletedObjectIsStatus, deletedStatus } from './delete-response.js';
import { managerFromUserAgent } from './field-manager.js';
import { decodeFields, parseFieldValidation } from './field-validation.js';
import { sendListFromJson } from './list-json.js';
import { queryFlag, selectorPredicate } from './list-options.js';
import { decodePatchedFields } from './patch-decoding.js';
import { propagationOptions, queryBoolean } from './propagation-policy.js';
import { serveWatch } from './watch-handler.js';

export interface RestContext {
  registry: Registry;
  now: () => Date;
  /** `pods/log`, `pods/binding` and other subresources with their own handlers. */
  subresources: Map<string, SubresourceHandler>;
}

export type SubresourceHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  target: ResourceTarget & { name: string; namespace: string },
  url: URL,
  context: RestContext,
) => Promise<void>;

/** CRUD, list and watch on one resource path. */
export async function handleResourceRequest(
  req: IncomingMessage,
  res: ServerResponse,
  target: ResourceTarget,
  url: URL,
  context: RestContext,
) {
  const { info } = target;
  const method = req.method ?? 'GET';
  const query = url.searchParams;
  const namespace = target.namespace ?? '';
  if (target.subresource && target.subresource !== 'status') {
    const handler = context.subresources.get(`${storageResource(info)}/${target.subresource}`);
    if (!handler || target.name === undefined)
      throw notFound({ group: info.group, resource: info.resource }, target.name ?? '');
    await handler(req, res, { ...target, name: target.name, namespace }, url, context);
    return;
  }
  if (target.name === undefined) {
    if (method === 'GET' && (target.watchPrefix || queryFlag(query, 'watch'))) {
      serveWatch(req, res, target, url, context);
      return;
    }
    if (method === 'GET') return list(req, res, target, query, context);
    if (method === 'POST') return create(req, res, target, query, context);
    if (method === 'DELETE') return deleteCollection(req, res, target, query, context);
    throw methodNotSupported({ group: info.group, resource: info.resource }, methodVerb(method));
  }
  const name = target.name;
  if (method === 'GET') {
    const object = context.registry.get(info, namespace, name);
    return respondObject(req, res, target, query, context, 200, object);
  }
  if (method === 'PUT') {
    const { object, warnings } = await readObject(req, info, query);
    const updated = await context.registry.update(
      info,
      namespace,
      name,
      object,
      writeOptions(req, query, target.subresource),
    );
    return respondObject(req, res, target, query, context, 200, updated, warnings);
  }
  if (method === 'PATCH') {
    const body = await readBody(req);
    const current = context.registry.get(info, namespace, name);
    // The patch was written against the object as shown (time-view.ts): applied to that, and
    // the result's times taken back, whatever the patch format. One shift for both ways.
    const shift = timeShiftFor(req);
    const patchedRaw = shift.toStored(
      applyPatch(
        req.headers['content-type'] ?? '',
        shift.toWire(current),
        body,
        info.kind,
        info.group,
      ),
    );
    const { object: patched, warnings } = decodePatchedFields(
      info,
      patchedRaw,
      parseFieldValidation(query.get('fieldValidation')),
      req.headers['content-type'] ?? '',
      body,
    );
    // The patched object keeps the stored resourceVersion unless the patch itself names one
    // (`kubectl label --resource-version`): then a stale version is a 409, as in the real store.
    const updated = await context.registry.update(
      info,
      namespace,
      name,
      patched,
      writeOptions(req, query, target.subresource),
    );
    return respondObject(req, res, target, query, context, 200, updated, warnings);
  }
  if (method === 'DELETE') {
    const options = await deleteOptions(req, query);
    const result = await context.registry.delete(info, namespace, name, options);
    // 200 whether the object is gone or only marked for deletion, as the real handler answers.
    if (deletedObjectIsStatus(info, context, namespace, name, options.dryRun === true, result)) {
      sendJson(res, 200, deletedStatus(info, result));
      return;
    }
    return respondObject(req, res, target, query, context, 200, result);
  }
  throw methodNotSupported({ group: info.group, resource: info.resource }, methodVerb(method));
}

async function list(
  req: IncomingMessage,
  res: ServerResponse,
  target: ResourceTarget,
  query: URLSearchParams,
  context: RestContext,
) {
  const { info } = target;
  const table = wantsTable(req.headers.accept);
  if (!table && !query.get('labelSelector') && !query.get('fieldSelector')) {
    sendListFromJson(res, context.registry.storage, info, target.namespace);
    return;
  }
  const matches = selectorPredicate(info, query);
  const { items: selected, resourceVersion } = context.registry.storage.list(
    storageResource(info),
    { namespace: target.namespace, predicate: matches },
  );
  if (table) {
    const rendered = renderTable(storageResource(info), selected, {
      now: context.now(),
      includeObject: parseIncludeObject(query.get('includeObject')),
      resourceVersion,
    });
    sendJson(res, 200, rendered);
    return;
  }
  sendJson(res, 200, {
    kind: `${info.kind}List`,
    apiVersion: groupVersion(info),
    metadata: { resourceVersion },
    // Items of a typed list carry no apiVersion/kind, as on a real server.
    items: selected.map(({ apiVersion: _a, kind: _k, ...rest }) => rest),
  });
}

/** The body of a create or update, decoded and typed as `?fieldValidation=` asks. */
async function readObject(req: IncomingMessage, info: ResourceInfo, query: URLSearchParams) {
  const decoded = decodeObject(req.headers['content-type'], await readBody(req), info);
  const result = decodeFields(info, decoded, parseFieldValidation(query.get('fieldValidation')));
  // Times the client sent are in its view (time-view.ts): stored as simulated time.
  return { ...result, object: timeShiftFor(req).toStored(result.object) };
}

async function create(
  req: IncomingMessage,
  res: ServerResponse,
  target: ResourceTarget,
  query: URLSearchParams,
  context: RestContext,
) {
  const { info } = target;
  if (info.namespaced && target.namespace === undefined) {
    throw methodNotSupported({ group: info.group, resource: info.resource }, 'create');
  }
  const { object, warnings } = await readObject(req, info, query);
  const created = await context.registry.create(
    info,
    target.namespace ?? '',
    object,
    writeOptions(req, query),
  );
  return respondObject(req, res, target, query, context, 201, created, warnings);
}

async function deleteCollection(
  req: IncomingMessage,
  res: ServerResponse,
  target: ResourceTarget,
  query: URLSearchParams,
  context: RestContext,
) {
  const { info } = target;
  if (!info.verbs.includes('deletecollection')) {
    throw methodNotSupported({ group: info.group, resource: info.resource }, 'deletecollection');
  }
  const options = await deleteOptions(req, query);
  const matches = selectorPredicate(info, query);
  const { items } = context.registry.storage.list(storageResource(info), {
    namespace: target.namespace,
    predicate: matches,
  });
  const deleted: KubeObject[] = [];
  for (const item of items) {
    deleted.push(
      await context.registry.delete(
        info,
        item.metadata.namespace ?? '',
        item.metadata.name ?? '',
        options,
      ),
    );
  }
  sendJson(res, 200, {
    kind: `${info.kind}List`,
    apiVersion: groupVersion(info),
    metadata: { resourceVersion: context.registry.storage.resourceVersion },
    items: deleted,
  });
}

function respondObject(
  req: IncomingMessage,
  res: ServerResponse,
  target: ResourceTarget,
  query: URLSearchParams,
  context: RestContext,
  code: number,
  object: KubeObject,
  warnings: string[] = [],
) {
  const headers: Record<string, string> = {};
  if (warnings.length)
    headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ');
  if (wantsTable(req.headers.accept)) {
    const table = renderTable(storageResource(target.info), [object], {
      now: context.now(),
      includeObject: parseIncludeObject(query.get('includeObject')),
      resourceVersion: object.metadata.resourceVersion ?? '',
    });
    sendJson(res, code, table, 'application/json', headers);
    return;
  }
  sendJson(res, code, object, 'application/json', headers);
}

function writeOptions(req: IncomingMessage, query: URLSearchParams, subresource?: string) {
  // Without `?fieldManager=` the manager is the User-Agent's product name, as the real
  // handlers name it (`node-fetch` for client-node, `kubectl` for kubectl).
  const fieldManager =
    query.get('fieldManager') || managerFromUserAgent(req.headers['user-agent'] ?? '');
  return {
    ...(fieldManager ? { fieldManager } : {}),
    ...(query.getAll('dryRun').includes('All') ? { dryRun: true } : {}),
    ...(subresource ? { subresource } : {}),
  };
}

/** DeleteOptions arrive in the body (kubectl) or the query (curl, some clients). */
async function deleteOptions(req: IncomingMessage, query: URLSearchParams) {
  const body = await readBody(req);
  const parsed = body.length ? parseJson(body) : {};
  if (typeof parsed !== 'object' || parsed === null)
    throw badRequest('DeleteOptions must be an object');
  const options = parsed as {
    gracePeriodSeconds?: number;
    preconditions?: { uid?: string; resourceVersion?: string };
    dryRun?: string[];
    propagationPolicy?: string | null;
    orphanDependents?: boolean | null;
  };
  const queryGrace = query.get('gracePeriodSeconds');
  const grace =
    options.gracePeriodSeconds ?? (queryGrace !== null ? Number(queryGrace) : undefined);
  const dryRun = (options.dryRun ?? []).includes('All') || query.getAll('dryRun').includes('All');
  const propagation = propagationOptions(
    options.propagationPolicy ?? query.get('propagationPolicy') ?? undefined,
    options.orphanDependents ?? queryBoolean(query, 'orphanDependents'),
  );
  return {
    ...(grace !== undefined && Number.isFinite(grace) ? { gracePeriodSeconds: grace } : {}),
    ...(options.preconditions ? { preconditions: options.preconditions } : {}),
    ...(dryRun ? { dryRun } : {}),
    ...propagation,
  };
}

function methodVerb(method: string) {
  return (
    { GET: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }[method] ??
    method.toLowerCase()
  );
}
