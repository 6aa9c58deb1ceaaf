import type { ServerResponse } from 'node:http';
import { ApiError } from '../status.js';

/**
 * What the real API server's router answers before any resource handler runs. go-restful (the
 * `/api`, `/api/v1` and `/apis/<group>…` web services) turns a route miss into a Status built by
 * `NewGenericServerResponse` — generic message, empty details; a path no web service claims falls
 * through the delegation chain to Go's `http.NotFound`, a plain-text page.
 */

/** A path under a served web service that matches no route. */
export function routeNotFound(): ApiError {
  return new ApiError({
    message: 'the server could not find the requested resource',
    reason: 'NotFound',
    details: {},
    code: 404,
  });
}

/** A route exists for the path, but not for this method. */
export function methodNotAllowed(): ApiError {
  return new ApiError({
    message: 'the server does not allow this method on the requested resource',
    reason: 'MethodNotAllowed',
    details: {},
    code: 405,
  });
}

/** `http.NotFound`: what the end of the delegation chain answers for an unknown path. */
export function sendPageNotFound(res: ServerResponse) {
  const body = '404 page not found\n';
  res.writeHead(404, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}
