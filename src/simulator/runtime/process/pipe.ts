import { BrokenPipeError, type InputStream, type OutputStream } from './contracts.js';
import { concatBytes, toBytes } from './streams.js';

/** Linux's default pipe capacity (pipe(7)): a writer blocks once this much is unread. */
export const PIPE_CAPACITY = 65_536;

export interface PipeReader extends InputStream {
  /** The reading side goes away: blocked and later writes fail with EPIPE. */
  close(): void;
}

export interface PipeWriter extends OutputStream {
  /** This write end closes; the reader sees end of file once every end is closed. */
  close(): void;
  /** Another write end of the same pipe (what a fork inherits), closed on its own. */
  dup(): PipeWriter;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * An anonymous pipe between two simulated processes (`a | b`). Back-pressure as in the
 * kernel: `write` resolves once the bytes fit in the pipe's buffer, so a producer never
 * runs more than `capacity` bytes ahead of its consumer. When the consumer closes its end,
 * pending and later writes throw `BrokenPipeError` — the writer's cue to die of SIGPIPE.
 */
export function createPipe(options: { capacity?: number } = {}): {
  reader: PipeReader;
  writer: PipeWriter;
} {
  const capacity = options.capacity ?? PIPE_CAPACITY;
  let chunks: Uint8Array[] = [];
  let size = 0;
  let openWriters = 0;
  let readerClosed = false;
  let readWaiters: Waiter[] = [];
  let writeWaiters: Waiter[] = [];

  const wakeReaders = () => {
    const waiters = readWaiters;
    readWaiters = [];
    for (const waiter of waiters) waiter.resolve();
  };
  const wakeWriters = () => {
    const waiters = writeWaiters;
    writeWaiters = [];
    for (const waiter of waiters) {
      if (readerClosed) waiter.reject(new BrokenPipeError());
      else waiter.resolve();
    }
  };

  const reader: PipeReader = {
    async read(signal?: AbortSignal): Promise<Uint8Array | null> {
      for (;;) {
        if (readerClosed) return null;
        if (size > 0) {
          const data = concatBytes(chunks);
          chunks = [];
          size = 0;
          wakeWriters();
          return data;
        }
        if (openWriters === 0) return null;
        signal?.throwIfAborted();
        await new Promise<void>((resolve, reject) => {
          const waiter: Waiter = {
            resolve: () => {
              signal?.removeEventListener('abort', onAbort);
              resolve();
            },
            reject,
          };
          const onAbort = () => {
            readWaiters = readWaiters.filter((w) => w !== waiter);
            reject(signal?.reason);
          };
          signal?.addEventListener('abort', onAbort, { once: true });
          readWaiters.push(waiter);
        });
      }
    },
    close() {
      if (readerClosed) return;
      readerClosed = true;
      chunks = [];
      size = 0;
      wakeWriters();
      wakeReaders();
    },
  };

  const makeWriter = (): PipeWriter => {
    let closed = false;
    openWriters++;
    return {
      isTerminal: false,
      async write(data: Uint8Array | string): Promise<void> {
        if (closed) throw new Error('write to a closed pipe end');
        if (readerClosed) throw new BrokenPipeError();
        const bytes = toBytes(data);
        if (bytes.length === 0) return;
        chunks.push(bytes.slice());
        size += bytes.length;
        wakeReaders();
        while (size > capacity) {
          await new Promise<void>((resolve, reject) => writeWaiters.push({ resolve, reject }));
        }
      },
      close() {
        if (closed) return;
        closed = true;
        openWriters--;
        if (openWriters === 0) wakeReaders();
      },
      dup: () => makeWriter(),
    };
  };

  return { reader, writer: makeWriter() };
}
