/**
 * `GET pods/<name>/log`: `LogREST.Get` and the `LocationStreamer` it returns. Options are
 * decoded and validated, the container located, and the kubelet's log stream relayed as
 * `text/plain` — flushed as it comes when following. A kubelet refusal is relayed the way
 * `GenericHttpResponseChecker` does (400 → BadRequest, 500 → InternalError, … with its text);
 * a pod without a node has no location, which the real server answers with 204 No Content.
 */
import type { Readable } from 'node:stream';
import type { SubresourceHandler } from '../rest/rest-handler.js';
import { ApiError, badRequest, internalError, methodNotSupported } from '../status.js';
import { timeShiftFor } from '../time-view.js';
import { shiftLogTimestamps } from '../time-view-log.js';
import { KubeletError, type NodeStreams } from './node-streams.js';
import { locateContainer } from './pod-location.js';
import { parseLogOptions } from './query-options.js';

export function podLogHandler(streams: NodeStreams): SubresourceHandler {
  return async (req, res, target, url, context) => {
    if (req.method !== 'GET') {
      throw methodNotSupported(
        { group: '', resource: 'pods/log' },
        (req.method ?? '').toLowerCase(),
      );
    }
    const { container, ...options } = parseLogOptions(url.searchParams, target.name);
    // `sinceTime` is a time as the client was shown it (time-view.ts): the kubelet's is stored time.
    const shift = timeShiftFor(req);
    if (options.sinceTime && shift.skewMs !== 0) {
      options.sinceTime = new Date(options.sinceTime.getTime() + shift.skewMs);
    }
    const location = locateContainer(
      context.registry,
      target.namespace,
      target.name,
      container,
      'log',
    );
    if (!location) {
      res.writeHead(204, { 'Cache-Control': 'no-cache, private' });
      res.end();
      return;
    }
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    let log: Readable;
    try {
      log = await streams.logs(location, options, abort.signal);
    } catch (error) {
      throw error instanceof KubeletError ? relayKubeletError(error, target.name) : error;
    }
    if (abort.signal.aborted) {
      log.destroy();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
    // StreamObject flushes the headers before the first byte, so `kubectl logs -f` starts at once.
    res.flushHeaders();
    res.on('close', () => log.destroy());
    log.on('error', () => res.destroy());
    if (options.timestamps && shift.skewMs !== 0) {
      log.pipe(shiftLogTimestamps(-shift.skewMs)).pipe(res);
    } else {
      log.pipe(res);
    }
  };
}

/** `GenericHttpResponseChecker.Check` for the kubelet's answer. */
export function relayKubeletError(error: KubeletError, podName: string): ApiError {
  const code = error.httpStatus;
  if (code === 400) return badRequest(error.message);
  if (code === 500) return internalError(error.message);
  return genericServerResponse(code, podName, error.message);
}

/** `errors.NewGenericServerResponse(code, "", pods/log, name, body, 0, false)`. */
function genericServerResponse(code: number, podName: string, body: string): ApiError {
  const known: Record<number, [string, string]> = {
    401: ['Unauthorized', 'the server has asked for the client to provide credentials'],
    403: ['Forbidden', body],
    404: ['NotFound', 'the server could not find the requested resource'],
    405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
    409: ['Conflict', 'the server reported a conflict'],
    422: ['Invalid', 'the server rejected our request due to an error in our request'],
    429: [
      'TooManyRequests',
      'the server has received too many requests and has asked us to try again later',
    ],
    504: [
      'Timeout',
      'the server was unable to return a response in the time allotted, but may still be processing the request',
    ],
  };
  let [reason, message] = known[code] ?? [
    '',
    `the server responded with the status code ${code} but did not return more information`,
  ];
  if (!known[code] && code >= 500) {
    reason = 'InternalError';
    message = `an error on the server (${JSON.stringify(body)}) has prevented the request from succeeding`;
  }
  return new ApiError({
    message: `${message} ( pods/log ${podName})`,
    ...(reason ? { reason } : {}),
    details: { name: podName, kind: 'pods/log' },
    code,
  });
}
