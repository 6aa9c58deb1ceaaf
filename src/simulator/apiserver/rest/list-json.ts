import type { ServerResponse } from 'node:http';
import type { Store } from '../../store/index.js';
import { indentJson, isPrettyPrint } from '../http/pretty-print.js';
import { groupVersion, type ResourceInfo, storageResource } from '../resources.js';
import { timeShiftFor } from '../time-view.js';

/**
 * A plain (non-Table, unfiltered) list answered from the stored JSON text, without parsing and
 * re-serialising every object — the common `-o json` / client-node list. Items of a typed
 * list carry no apiVersion/kind on a real server; stored objects begin with exactly those two
 * fields (the typed decode writes them first), so they are cut off as text. An object stored
 * in another shape is re-serialised instead. Under a host-time view with a skew
 * (time-view.ts) each item is parsed to move its timestamps; without one, nothing is parsed.
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
  const shift = timeShiftFor(res.req);
  const bodies = items.map((json) => {
    if (shift.skewMs === 0 && json.startsWith(prefix)) return `{${json.slice(prefix.length)}`;
    const object = shift.toWire(JSON.parse(json) as Record<string, unknown>);
    const { apiVersion: _a, kind: _k, ...rest } = object;
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
