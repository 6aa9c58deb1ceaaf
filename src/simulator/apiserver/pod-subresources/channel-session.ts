/**
 * One exec or attach session over an open WebSocket speaking the Kubernetes channel protocol
 * (`v5.channel.k8s.io`, or `v4.channel.k8s.io` without the close signal). Every binary
 * message starts with its channel byte:
 *   0 stdin (client→server) · 1 stdout · 2 stderr · 3 error/status (server→client)
 *   4 resize JSON (client→server) · 255 close signal, one more byte naming the channel (v5)
 * The server announces the connection with an empty message on its lowest writable channel,
 * writes the final `Status` on channel 3 and then closes (1000); kubectl hangs otherwise.
 * The server never sends close signals itself: client-node would end its own process.stdout.
 */
import { finished, PassThrough, Writable } from 'node:stream';
import { type RawData, WebSocket } from 'ws';
import {
  KubeletError,
  type SessionIO,
  type StreamOptions,
  type StreamSession,
  type TerminalSize,
} from './node-streams.js';
import {
  type SessionOutcome,
  type StatusContext,
  sessionStatus,
  V5_PROTOCOL,
} from './stream-status.js';

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const ERROR = 3;
export const RESIZE = 4;
export const CLOSE = 255;

export interface ChannelSessionOptions extends StatusContext {
  streams: StreamOptions;
  /** Asks the kubelet for the session; a `KubeletError` here is its refusal. */
  start: () => Promise<StreamSession>;
}

/** Serves the session to completion; resolves once the status is written and the socket closing. */
export async function serveChannelSession(
  ws: WebSocket,
  options: ChannelSessionOptions,
): Promise<void> {
  const { streams } = options;
  const closeSignals = options.protocol === V5_PROTOCOL;
  const abort = new AbortController();
  const stdin = streams.stdin ? new PassThrough() : null;
  const resize = streams.tty ? new PassThrough({ objectMode: true }) : null;
  for (const stream of [stdin, resize]) stream?.on('error', () => undefined);
  const sizes = resize
    ? resizeDecoder(
        (size) => resize.write(size),
        () => resize.end(),
      )
    : undefined;

  ws.on('message', (raw: RawData) => {
    const data = toBuffer(raw);
    if (data.length === 0) return;
    const channel = data[0];
    const payload = data.subarray(1);
    if (channel === STDIN) {
      if (stdin && !stdin.writableEnded) stdin.write(payload);
    } else if (channel === RESIZE) {
      sizes?.(payload);
    } else if (channel === CLOSE && closeSignals && payload.length > 0) {
      if (payload[0] === STDIN) stdin?.end();
      if (payload[0] === RESIZE) resize?.end();
    }
    // Anything else targets a channel the client may not write to; the real server drops it too.
  });
  ws.on('close', () => {
    abort.abort();
    stdin?.end();
    resize?.end();
  });
  ws.on('error', () => undefined);

  const io: SessionIO = {
    stdin,
    stdout: streams.stdout ? channelWriter(ws, STDOUT) : null,
    stderr: streams.stderr && !streams.tty ? channelWriter(ws, STDERR) : null,
    resize,
    signal: abort.signal,
  };
  send(ws, Buffer.from([streams.stdout ? STDOUT : streams.stderr ? STDERR : ERROR]));

  let outcome: SessionOutcome;
  try {
    const session = await options.start().catch((error: unknown) => {
      // Only a refusal before the session starts is a failed upgrade; later errors are runtime ones.
      throw error instanceof KubeletError ? new Refusal(error) : error;
    });
    outcome = abort.signal.aborted
      ? { kind: 'exited', exitCode: 0 }
      : { kind: 'exited', ...(await session.run(io)) };
  } catch (error) {
    outcome =
      error instanceof Refusal
        ? { kind: 'refused', error: error.cause }
        : { kind: 'failed', error };
  } finally {
    stdin?.end();
    resize?.end();
  }
  // Output the kubelet wrote but the socket has not taken yet must precede the status.
  await Promise.all([drain(io.stdout), drain(io.stderr)]);
  if (ws.readyState !== WebSocket.OPEN) return;
  const status = sessionStatus(outcome, options);
  send(ws, Buffer.concat([Buffer.from([ERROR]), Buffer.from(JSON.stringify(status))]));
  ws.close(1000);
}

class Refusal extends Error {
  constructor(override readonly cause: KubeletError) {
    super(cause.message);
  }
}

/** A Writable whose every chunk becomes one message on `channel`, in order. */
function channelWriter(ws: WebSocket, channel: number): Writable {
  const writer = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      // A client that has gone away is not the process's problem: output is dropped, as on a closed pty.
      if (ws.readyState !== WebSocket.OPEN) return callback();
      ws.send(Buffer.concat([Buffer.from([channel]), chunk]), () => callback());
    },
  });
  // A late write after the session ended must not become an unhandled 'error' event.
  writer.on('error', () => undefined);
  return writer;
}

/** Ends a channel writer and waits until every chunk written before has been handed to the socket. */
function drain(writer: Writable | null): Promise<void> {
  if (!writer) return Promise.resolve();
  return new Promise((resolve) => {
    finished(writer, () => resolve());
    if (!writer.writableEnded) writer.end();
  });
}

function toBuffer(raw: RawData): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  return Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
}

function send(ws: WebSocket, data: Buffer) {
  if (ws.readyState === WebSocket.OPEN) ws.send(data);
}

/**
 * The resize channel carries a stream of JSON objects (`{"Width":100,"Height":30}\n` from
 * kubectl, without the newline from client-node). Like the server's `json.Decoder` loop, the
 * first value that does not decode into a TerminalSize ends resize handling.
 */
export function resizeDecoder(onSize: (size: TerminalSize) => void, onEnd: () => void) {
  let pending = '';
  let ended = false;
  return (chunk: Buffer) => {
    if (ended) return;
    pending += chunk.toString('utf8');
    for (;;) {
      pending = pending.trimStart();
      if (pending === '') return;
      const end = objectEnd(pending);
      if (end === 'incomplete') return;
      const size = end === 'invalid' ? undefined : terminalSize(pending.slice(0, end));
      if (!size) {
        ended = true;
        onEnd();
        return;
      }
      pending = pending.slice(end as number);
      onSize(size);
    }
  };
}

/** Index just past the JSON object at the start of `text`. */
function objectEnd(text: string): number | 'incomplete' | 'invalid' {
  if (text[0] !== '{') return 'invalid';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return 'incomplete';
}

/** `remotecommand.TerminalSize{Width, Height uint16}`: Go matches the keys case-insensitively. */
function terminalSize(json: string): TerminalSize | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const size = { width: 0, height: 0 };
  for (const [key, value] of Object.entries(parsed)) {
    const field = key.toLowerCase();
    if (field !== 'width' && field !== 'height') continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65535)
      return undefined;
    size[field] = value;
  }
  return size;
}
