import type { ServerResponse } from 'node:http';
import type { Store } from '../../store/index.js';
import { indentJson, isPrettyPrint } from '../http/pretty-print.js';
import { groupVersion, type ResourceInfo, storageResource } from '../resources.js';

/**
 * A plain (non-Table, unfiltered) list answered from the stored JSON text, without parsing and
 * re-serialising every object — the common `-o json` / client-node list. Items of a typed
 * list carry no apiVersion/kind on a real server; stored objects begin with exactly those two
 * fields (the typed decode writes them first), so they are cut off as text. An object stored
 * in another shape is re-serialised instead.
 */
export function sendListFromJson(
  res: ServerResponse,
  store: Store,
  info: ResourceInfo,
  namespace: string | undefined,
) {
  const apiVersion = groupVersion(info);
  const prefix = `{"apiVersion":${JSON.stringify(apiVersion)},"kind":${JSON.stringify(info.kind)},`;
  const { items, resourceVersion } = store.listJson(storageResource(info), namespace);
  const bodies = items.map((json) => {
    if (json.startsWith(prefix)) return `{${json.slice(prefix.length)}`;
    const { apiVersion: _a, kind: _k, ...rest } = JSON.parse(json) as Record<string, unknown>;
    return JSON.stringify(rest);
  });
  const head = JSON.stringify({
    kind: `${info.kind}List`,
    apiVersion,
    metadata: { resourceVersion },
  });
  const compact = `${head.slice(0, -1)},"items":[${bodies.join(',')}]}`;
  const body = isPrettyPrint(res.req) ? indentJson(compact) : compact;
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-cache, private',
  });
  res.end(body);
}
