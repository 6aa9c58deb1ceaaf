import type { ServerResponse } from 'node:http';
import { ApiError, internalError, type Status } from '../status.js';
import { storeErrorToApiError } from '../storage.js';
import { timeShiftFor } from '../time-view.js';
import { indentJson, isPrettyPrint } from './pretty-print.js';

export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  contentType = 'application/json',
  headers: Record<string, string> = {},
) {
  // Timestamps in the request's time view (time-view.ts); no view or no skew: as they are.
  const compact = JSON.stringify(timeShiftFor(res.req).toWire(body));
  const data =
    contentType.startsWith('application/json') && isPrettyPrint(res.req)
      ? indentJson(compact)
      : compact;
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(data),
    'Cache-Control': 'no-cache, private',
    ...headers,
  });
  res.end(data);
}

export function sendText(res: ServerResponse, code: number, text: string) {
  res.writeHead(code, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Any failure becomes a `metav1.Status`; an unexpected one is a 500 that names what broke. */
export function toStatus(error: unknown): Status {
  if (error instanceof ApiError) return error.status;
  const fromStore = storeErrorToApiError(error);
  if (fromStore) return fromStore.status;
  const message = error instanceof Error ? error.message : String(error);
  return internalError(message).status;
}

export function sendError(res: ServerResponse, error: unknown) {
  const status = toStatus(error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status.code, status);
}
