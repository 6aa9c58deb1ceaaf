/**
 * The channel protocol over a real WebSocket: a real `ws` client against a real local server
 * running `serveChannelSession`, with a test kubelet implementing our `StreamSession` hook.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import {
  type ChannelSessionOptions,
  resizeDecoder,
  serveChannelSession,
} from './channel-session.js';
import {
  KubeletError,
  type SessionIO,
  type StreamSession,
  type TerminalSize,
} from './node-streams.js';
import { V4_PROTOCOL, V5_PROTOCOL } from './stream-status.js';

type Setup = Omit<ChannelSessionOptions, 'protocol'>;

let server: Server;
let port: number;
/** The next connection's session, set by each test before it connects. */
let nextSession: Setup;

beforeAll(async () => {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) =>
      offered.has(V5_PROTOCOL) ? V5_PROTOCOL : offered.has(V4_PROTOCOL) ? V4_PROTOCOL : false,
  });
  server = createServer();
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      void serveChannelSession(ws, { ...nextSession, protocol: ws.protocol });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface Transcript {
  frames: Buffer[];
  closeCode: number;
}

/** Connects, lets `drive` talk, and collects every frame until the server closes. */
function converse(
  setup: Setup,
  drive: (ws: WebSocket) => void,
  protocol = V5_PROTOCOL,
): Promise<Transcript> {
  nextSession = setup;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, [protocol]);
    const frames: Buffer[] = [];
    ws.on('open', () => drive(ws));
    ws.on('message', (data: Buffer) => frames.push(data));
    ws.on('close', (closeCode) => resolve({ frames, closeCode }));
    ws.on('error', reject);
  });
}

const frame = (channel: number, text = '') =>
  Buffer.concat([Buffer.from([channel]), Buffer.from(text)]);
const onChannel = (t: Transcript, channel: number) =>
  t.frames.filter((f) => f[0] === channel).map((f) => f.subarray(1).toString());
const statusOf = (t: Transcript) => {
  const last = t.frames.at(-1);
  expect(last?.[0]).toBe(3);
  return JSON.parse(last?.subarray(1).toString() ?? '');
};

function session(run: (io: SessionIO) => Promise<number>): () => Promise<StreamSession> {
  return async () => ({ run: async (io) => ({ exitCode: await run(io) }) });
}

const execOf = (
  command: string[],
  streams: Partial<Setup['streams']>,
  run: (io: SessionIO) => Promise<number>,
): Setup => ({
  purpose: 'exec',
  command,
  streams: { stdin: false, stdout: true, stderr: true, tty: false, ...streams },
  start: session(run),
});

/** Copies stdin to stdout until stdin ends (`cat`). */
async function cat(io: SessionIO) {
  for await (const chunk of io.stdin ?? []) io.stdout?.write(chunk);
  return 0;
}

describe('exec over v5.channel.k8s.io', () => {
  it('announces itself, echoes stdin until [255,0], then sends Success and closes with 1000', async () => {
    const t = await converse(execOf(['cat'], { stdin: true }, cat), (ws) => {
      ws.send(frame(0, 'hello\n'));
      ws.send(frame(0, 'world\n'));
      ws.send(Buffer.from([255, 0]));
    });
    expect(t.frames[0]).toEqual(Buffer.from([1]));
    expect(onChannel(t, 1).join('')).toBe('hello\nworld\n');
    expect(statusOf(t)).toEqual({ metadata: {}, status: 'Success' });
    expect(t.closeCode).toBe(1000);
  });

  it('carries exit code 3 as a NonZeroExitCode status, after the output', async () => {
    const t = await converse(
      execOf(['sh', '-c', 'exit 3'], {}, async (io) => {
        io.stdout?.write('partial output\n');
        io.stderr?.write('oops\n');
        return 3;
      }),
      () => undefined,
    );
    expect(onChannel(t, 1).join('')).toBe('partial output\n');
    expect(onChannel(t, 2).join('')).toBe('oops\n');
    expect(statusOf(t)).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'command terminated with non-zero exit code: command terminated with exit code 3',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
    expect(t.closeCode).toBe(1000);
  });

  it('hands TTY resizes to the kubelet in order, and drops stderr under a TTY', async () => {
    const seen: TerminalSize[] = [];
    const setup = execOf(['sh'], { stdin: true, tty: true, stderr: true }, async (io) => {
      expect(io.stderr).toBeNull();
      for await (const size of io.resize ?? []) {
        seen.push(size as TerminalSize);
        io.stdout?.write(`${seen.length}`);
        if (seen.length === 2) break;
      }
      return 0;
    });
    const t = await converse(setup, (ws) => {
      ws.send(frame(4, '{"Width":101,"Height":31}\n'));
      ws.send(frame(4, '{"width":100,"height":30}'));
    });
    expect(seen).toEqual([
      { width: 101, height: 31 },
      { width: 100, height: 30 },
    ]);
    expect(onChannel(t, 1).join('')).toBe('12');
    expect(statusOf(t).status).toBe('Success');
  });

  it('reports a kubelet refusal as the translator does, on channel 3', async () => {
    const t = await converse(
      {
        purpose: 'exec',
        command: ['sh'],
        streams: { stdin: false, stdout: true, stderr: true, tty: false },
        start: async () => {
          throw new KubeletError('container not found ("app")', 500);
        },
      },
      () => undefined,
    );
    expect(statusOf(t)).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'Internal error occurred: unable to upgrade connection: container not found ("app")',
      reason: 'InternalError',
      details: {
        causes: [{ message: 'unable to upgrade connection: container not found ("app")' }],
      },
      code: 500,
    });
    expect(t.closeCode).toBe(1000);
  });

  it('announces on the error channel when no output stream was asked for', async () => {
    const t = await converse(
      execOf(['true'], { stdin: true, stdout: false, stderr: false }, cat),
      (ws) => ws.send(Buffer.from([255, 0])),
    );
    expect(t.frames[0]).toEqual(Buffer.from([3]));
    expect(statusOf(t).status).toBe('Success');
  });
});

describe('v4.channel.k8s.io', () => {
  it('has no close signal: [255,0] leaves stdin open, closing the socket ends it', async () => {
    let ended = false;
    const setup = execOf(['cat'], { stdin: true }, async (io) => {
      io.stdin?.on('data', (chunk: Buffer) => io.stdout?.write(chunk));
      io.stdin?.on('end', () => {
        ended = true;
      });
      await new Promise<void>((resolve) => io.signal.addEventListener('abort', () => resolve()));
      return 0;
    });
    const t = await converse(
      setup,
      (ws) => {
        ws.send(Buffer.from([255, 0]));
        ws.send(frame(0, 'still open'));
        ws.on('message', (data: Buffer) => {
          if (data.subarray(1).toString() === 'still open') ws.close();
        });
      },
      V4_PROTOCOL,
    );
    expect(onChannel(t, 1).join('')).toBe('still open');
    expect(ended).toBe(true);
    expect(onChannel(t, 3)).toEqual([]);
  });
});

describe('resizeDecoder', () => {
  it('splits concatenated objects and stops at the first value that is not a TerminalSize', () => {
    const sizes: TerminalSize[] = [];
    let ended = false;
    const feed = resizeDecoder(
      (s) => sizes.push(s),
      () => {
        ended = true;
      },
    );
    feed(Buffer.from('{"Width":80,"Height":24}{"Width":81,'));
    feed(Buffer.from('"Height":25}\n  '));
    expect(sizes).toEqual([
      { width: 80, height: 24 },
      { width: 81, height: 25 },
    ]);
    feed(Buffer.from('{"Width":-1,"Height":2}'));
    feed(Buffer.from('{"Width":90,"Height":20}'));
    expect(sizes).toHaveLength(2);
    expect(ended).toBe(true);
  });
});
