import type { IncomingMessage } from 'node:http';
import { ApiError } from '../status.js';

/** The real API server refuses request bodies over 3 MiB (`MaxRequestBodyBytes`). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** `limitedReadBody`'s refusal: `NewRequestEntityTooLargeError(fmt.Sprintf("limit is %d", limit))`. */
function tooLarge(limit: number) {
  return new ApiError({
    message: `Request entity too large: limit is ${limit}`,
    reason: 'RequestEntityTooLarge',
    code: 413,
  });
}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    // Drain what the client still sends, so it reads our answer instead of a reset.
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  // Already read (a second call): there is nothing more, as an ended iterator would say.
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit keep reading (and dropping) to the end, then refuse.
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => (size > limit ? reject(tooLarge(limit)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
    // A client that hangs up mid-body: nothing to answer, but the handler must not wait forever.
    req.on('close', () => {
      if (!req.complete) reject(new Error('the client closed the connection mid-request'));
    });
  });
}
