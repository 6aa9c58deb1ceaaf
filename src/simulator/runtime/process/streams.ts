import type { InputStream, OutputStream } from './contracts.js';

/**
 * Small stream building blocks: /dev/null, text in, bytes collected, callbacks. Programs see
 * only `InputStream`/`OutputStream`; these are what the runtime and tests plug into them.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

/** UTF-8 decoding that never throws (invalid bytes become U+FFFD, as a terminal shows them). */
export function bytesToText(data: Uint8Array): string {
  return decoder.decode(data);
}

export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** `/dev/null` as input: end of file at once. */
export const emptyInput: InputStream = {
  read: async () => null,
};

/** `/dev/null` as output: takes everything, keeps nothing. */
export const nullOutput: OutputStream = {
  write: async () => {},
  isTerminal: false,
};

/** Input that yields `text` once, then end of file (`<<<`, tests, probe stdin). */
export function textInput(text: string | Uint8Array): InputStream {
  let pending: Uint8Array | null = toBytes(text);
  return {
    read: async () => {
      const chunk = pending;
      pending = null;
      return chunk && chunk.length > 0 ? chunk : null;
    },
  };
}

/** Thrown by a `BufferOutput` past its limit: the writer is producing more than anyone keeps. */
export class OutputLimitError extends Error {
  constructor(readonly limit: number) {
    super(`output exceeds ${limit} bytes`);
  }
}

/**
 * Collects everything written (command substitution, exec probes, tests). A limit keeps a
 * runaway writer (`$(yes)`) from eating the simulator's memory: past it, writes throw.
 */
export class BufferOutput implements OutputStream {
  readonly isTerminal: boolean;
  private chunks: Uint8Array[] = [];
  private size = 0;
  private readonly limit: number;

  constructor(options: { limit?: number; isTerminal?: boolean } = {}) {
    this.limit = options.limit ?? Number.POSITIVE_INFINITY;
    this.isTerminal = options.isTerminal ?? false;
  }

  async write(data: Uint8Array | string): Promise<void> {
    const bytes = toBytes(data);
    if (this.size + bytes.length > this.limit) throw new OutputLimitError(this.limit);
    // Copy: the writer may reuse its buffer.
    this.chunks.push(bytes.slice());
    this.size += bytes.length;
  }

  get byteLength(): number {
    return this.size;
  }

  bytes(): Uint8Array {
    const all = concatBytes(this.chunks);
    this.chunks = all.length > 0 ? [all] : [];
    return all;
  }

  text(): string {
    return bytesToText(this.bytes());
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
  }
}

/** Hands every write to `sink` as it happens: container logs, an exec session's socket. */
export function callbackOutput(
  sink: (data: Uint8Array) => void | Promise<void>,
  options: { isTerminal?: boolean } = {},
): OutputStream {
  return {
    isTerminal: options.isTerminal ?? false,
    write: async (data) => {
      await sink(toBytes(data));
    },
  };
}
