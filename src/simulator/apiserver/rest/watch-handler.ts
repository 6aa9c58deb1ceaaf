import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../../kube-object.js';
import { wantsTable } from '../http/content-type.js';
import type { ResourceTarget } from '../resource-target.js';
import { groupVersion, storageResource } from '../resources.js';
import { parseIncludeObject, renderWatchTable } from '../tables/index.js';
import { timeShiftFor } from '../time-view.js';
import { queryFlag, selectorPredicate } from './list-options.js';
import type { RestContext } from './rest-handler.js';

const BOOKMARK_INTERVAL_MS = 60_000;

/**
 * A watch stream: newline-delimited `{"type","object"}` events. Headers are flushed at once —
 * kubectl's `wait` and `delete` block forever on a watch whose headers never arrive.
 * resourceVersion unset or "0" starts with a synthetic ADDED per existing object; any other
 * value replays only what changed after it (410 Expired when that history is gone).
 */
export function serveWatch(
  req: IncomingMessage,
  res: ServerResponse,
  target: ResourceTarget,
  url: URL,
  context: RestContext,
) {
  const { info } = target;
  const query = url.searchParams;
  const matches = selectorPredicate(info, query);
  const asTable = wantsTable(req.headers.accept);
  const includeObject = parseIncludeObject(query.get('includeObject'));
  const resourceVersion = query.get('resourceVersion') ?? '';
  const storage = context.registry.storage;

  let first = true;
  const write = (type: string, object: unknown) => {
    if (res.writableEnded || res.destroyed) return;
    // Each event in the time view as it is now (time-view.ts): a long watch spans advances.
    const shown = timeShiftFor(req).toWire(object);
    res.write(`${JSON.stringify({ type, object: shown })}\n`);
  };
  const send = (type: string, object: KubeObject) => {
    if (!asTable) {
      write(type, object);
      return;
    }
    const options = {
      now: context.now(),
      includeObject,
      resourceVersion: object.metadata.resourceVersion ?? '',
    };
    write(type, renderWatchTable(storageResource(info), object, options, first));
    first = false;
  };

  // resourceVersion unset or "0": the current state first, as synthetic ADDED events.
  let fromResourceVersion = resourceVersion;
  let initial: KubeObject[] = [];
  if (resourceVersion === '' || resourceVersion === '0') {
    const listed = storage.list(storageResource(info), {
      namespace: target.namespace,
      predicate: matches,
    });
    initial = listed.items;
    fromResourceVersion = listed.resourceVersion;
  }
  // A resourceVersion the store has not reached yet: the watch cache serves it as a stream of
  // whatever comes after it, so start at the present and drop the changes up to it.
  let skipThrough = 0;
  if (
    /^\d+$/.test(fromResourceVersion) &&
    Number(fromResourceVersion) > Number(storage.resourceVersion)
  ) {
    skipThrough = Number(fromResourceVersion);
    fromResourceVersion = storage.resourceVersion;
  }

  let closed = false;
  // The store filters by selector like the watch cache: an object that starts matching
  // arrives as ADDED, one that stops matching as DELETED.
  const watcher = storage.watch(storageResource(info), {
    namespace: target.namespace,
    fromResourceVersion,
    predicate: matches,
    onEvent(event) {
      if (event.type === 'EXPIRED') {
        write('ERROR', {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: event.message,
          reason: 'Expired',
          code: 410,
        });
        finish();
        return;
      }
      if (Number(event.resourceVersion) <= skipThrough) return;
      send(event.type, event.object);
    },
    onError: () => finish(),
  });

  // The store has accepted the watch (a bad resourceVersion throws above, still answerable with
  // an error status); only now the 200 goes out, and its events replay in a later microtask.
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  for (const item of initial) send('ADDED', item);

  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? 0);
  // Without timeoutSeconds a real server ends a watch after 30–60 minutes.
  const timeoutMs =
    timeoutSeconds > 0 ? timeoutSeconds * 1000 : (1800 + Math.random() * 1800) * 1000;
  const timeout = setTimeout(finish, timeoutMs);
  const bookmarks = queryFlag(query, 'allowWatchBookmarks')
    ? setInterval(() => {
        write('BOOKMARK', {
          kind: info.kind,
          apiVersion: groupVersion(info),
          metadata: { resourceVersion: watcher.resourceVersion },
        });
      }, BOOKMARK_INTERVAL_MS)
    : undefined;

  function finish() {
    if (closed) return;
    closed = true;
    watcher.stop();
    clearTimeout(timeout);
    if (bookmarks) clearInterval(bookmarks);
    if (!res.writableEnded) res.end();
  }
  // `req` 'close' fires once the request body is read; the response tells us the client left.
  res.on('close', finish);
}
