import { FS_ERROR_TEXT, FsError } from '../fs/file-system.js';
import type { InputStream, OutputStream } from '../process/contracts.js';

/** Byte and text plumbing every tool shares. */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

export function text(data: Uint8Array): string {
  return decoder.decode(data);
}

/** Absolute path of `path` seen from `cwd`, without touching the filesystem. */
export function resolvePath(cwd: string, path: string): string {
  if (path.startsWith('/')) return path;
  return cwd.endsWith('/') ? `${cwd}${path}` : `${cwd}/${path}`;
}

/** Reads stdin to its end (the tools that need all input: sort, wc, tac…). */
export async function readAll(input: InputStream, signal?: AbortSignal): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const chunk = await input.read(signal);
    if (chunk === null) break;
    chunks.push(chunk);
    size += chunk.length;
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return all;
}

/** strerror text of a filesystem failure; anything else is a bug and is rethrown. */
export function reason(error: unknown): string {
  if (error instanceof FsError) return FS_ERROR_TEXT[error.code];
  throw error;
}

export async function say(stream: OutputStream, line: string): Promise<void> {
  await stream.write(line);
}

/** Splits text into lines keeping track of whether the last one had its newline. */
export function splitLines(content: string): string[] {
  if (content === '') return [];
  const lines = content.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
