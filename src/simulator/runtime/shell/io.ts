import { type FileSystem, FsError } from '../fs/file-system.js';
import type { InputStream, OutputStream, TerminalDevice } from '../process/contracts.js';
import { bytesToText, concatBytes, toBytes } from '../process/streams.js';

/**
 * File descriptors of a shell: what fd 0, 1, 2 (and 3–9 after `exec 3>x`) point at. A
 * forked subshell copies the table, so both share the same streams as Unix shares open files.
 */
export interface Fd {
  input?: InputStream;
  output?: OutputStream;
}

export type FdTable = Map<number, Fd>;

const buffers = new WeakMap<InputStream, BufferedInput>();

/**
 * Input with read-ahead that can be given back: `read` takes one line of a chunk and leaves
 * the rest for whoever reads next (the next `read`, or `cat` started after it). One buffer
 * per stream, shared by every process holding it, as a file offset is shared.
 */
export class BufferedInput implements InputStream {
  private pending: Uint8Array | null = null;
  readonly terminal?: TerminalDevice;

  private constructor(private readonly source: InputStream) {
    if (source.terminal) this.terminal = source.terminal;
  }

  static of(source: InputStream): BufferedInput {
    if (source instanceof BufferedInput) return source;
    let buffered = buffers.get(source);
    if (!buffered) {
      buffered = new BufferedInput(source);
      buffers.set(source, buffered);
    }
    return buffered;
  }

  async read(signal?: AbortSignal): Promise<Uint8Array | null> {
    if (this.pending && this.pending.length > 0) {
      const chunk = this.pending;
      this.pending = null;
      return chunk;
    }
    return this.source.read(signal);
  }

  unread(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.pending = this.pending ? concatBytes([bytes, this.pending]) : bytes;
  }

  /**
   * One line without its newline; `complete` is false when input ended first. Null when
   * input ended before anything was read.
   */
  async readLine(signal?: AbortSignal): Promise<{ line: string; complete: boolean } | null> {
    const chunks: Uint8Array[] = [];
    for (;;) {
      const chunk = await this.read(signal);
      if (chunk === null) {
        if (chunks.length === 0) return null;
        return { line: bytesToText(concatBytes(chunks)), complete: false };
      }
      const nl = chunk.indexOf(10);
      if (nl >= 0) {
        chunks.push(chunk.subarray(0, nl));
        this.unread(chunk.subarray(nl + 1));
        return { line: bytesToText(concatBytes(chunks)), complete: true };
      }
      chunks.push(chunk);
    }
  }
}

/** `< file`: reads the file as it is when read, in chunks, so a growing log reads on. */
export function fileInput(fs: FileSystem, path: string): InputStream {
  let offset = 0;
  return {
    async read() {
      const data = fs.readRange(path, offset, 65_536);
      if (data.length === 0) return null;
      offset += data.length;
      return data;
    },
  };
}

/** `> file` / `>> file`: every write lands in the file at once (`tail -f` sees it). */
export function fileOutput(fs: FileSystem, path: string): OutputStream {
  return {
    isTerminal: false,
    async write(data) {
      fs.writeFile(path, toBytes(data), { append: true });
    },
  };
}

/** Opens `path` for output as the shell does for `>`: created, or truncated unless appending. */
export function openForWriting(
  fs: FileSystem,
  path: string,
  options: { append: boolean; noclobber: boolean },
): OutputStream {
  if (fs.exists(path) && fs.stat(path).type === 'directory') {
    throw new FsError('EISDIR', path, 'open');
  }
  if (options.append) fs.writeFile(path, new Uint8Array(0), { append: true });
  else if (options.noclobber && fs.exists(path) && fs.stat(path).type === 'file') {
    throw new FsError('EEXIST', path, 'open');
  } else fs.writeFile(path, new Uint8Array(0));
  return fileOutput(fs, path);
}

export function openForReading(fs: FileSystem, path: string): InputStream {
  // Fails now (ENOENT, EACCES) rather than at the first read, as open(2) does.
  fs.stat(path);
  return fileInput(fs, path);
}
