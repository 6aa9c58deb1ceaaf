/**
 * A container's termination message, as kuberuntime reads it when the container has exited
 * (getTerminationMessage, readLastStringFromContainerLogs): the kubelet creates an empty,
 * world-writable file for every container start and bind-mounts it at `terminationMessagePath`
 * (default `/dev/termination-log`); on exit it reads at most the last 4096 bytes of it. With
 * `terminationMessagePolicy: FallbackToLogsOnError`, a non-zero exit and an empty (or
 * missing) file, the last 80 lines of the log, at most their last 2048 bytes, stand instead.
 * Limits: pkg/kubelet/container/runtime.go (MaxContainerTerminationMessageLength = 1024 * 4,
 * MaxContainerTerminationMessageLogLength = 1024 * 2, MaxContainerTerminationMessageLogLines = 80).
 */
import type { VolumeMount } from '../runtime/fs/container-file-system.js';
import { ContainerFileSystem } from '../runtime/fs/container-file-system.js';
import { MemoryTree } from '../runtime/fs/memory-tree.js';
import type { ContainerLog } from './container-log.js';

type Json = Record<string, unknown>;

export const DEFAULT_TERMINATION_MESSAGE_PATH = '/dev/termination-log';
export const MAX_TERMINATION_MESSAGE_LENGTH = 4096;
export const MAX_TERMINATION_MESSAGE_LOG_LENGTH = 2048;
export const MAX_TERMINATION_MESSAGE_LOG_LINES = 80;

/** The file's name inside its own one-file tree (the kubelet's `containers/<name>/<id>`). */
const FILE = '/termination-log';

/** Where the message file goes in the container; undefined when the spec asks for none. */
export function terminationMessagePath(container: Json): string | undefined {
  const path = container.terminationMessagePath;
  // Admission defaults the path; a spec that reached us without one still gets the default.
  if (path === undefined) return DEFAULT_TERMINATION_MESSAGE_PATH;
  return typeof path === 'string' && path !== '' ? path : undefined;
}

/** A fresh, empty message file for one container start, and its bind mount. */
export function terminationLogMount(
  path: string,
  clock: { now(): Date },
): { tree: MemoryTree; mount: VolumeMount } {
  const tree = new MemoryTree({ clock, root: { mode: 0o755 } });
  const fs = ContainerFileSystem.create({ upper: tree });
  fs.writeFile(FILE, '', { mode: 0o666 });
  // Created 0666 so that a container running as any user can write its message.
  fs.chmod(FILE, 0o666);
  return { tree, mount: { path, tree, source: FILE } };
}

/** tail.ReadAtMost: the last `max` bytes of the message file ('' when there is none). */
function readFileTail(tree: MemoryTree | undefined, max: number): Buffer {
  if (!tree) return Buffer.alloc(0);
  const fs = ContainerFileSystem.create({ upper: tree });
  if (!fs.exists(FILE)) return Buffer.alloc(0);
  const data = Buffer.from(fs.readFile(FILE));
  return data.length > max ? data.subarray(data.length - max) : data;
}

/** The last `lines` lines of the log, then at most their last `bytes` bytes (a circular buffer). */
export function logTail(text: string, lines: number, bytes: number): string {
  const parts = text.split('\n');
  // A final newline ends the last line; it does not start an empty one.
  if (parts[parts.length - 1] === '') parts.pop();
  const kept = parts.slice(-lines);
  const joined = kept.length ? `${kept.join('\n')}${text.endsWith('\n') ? '\n' : ''}` : '';
  const buffer = Buffer.from(joined, 'utf8');
  return buffer.length > bytes
    ? buffer.subarray(buffer.length - bytes).toString('utf8')
    : buffer.toString('utf8');
}

/** The message for `state.terminated.message`: file first, then the log per the policy. */
export function terminationMessage(options: {
  container: Json;
  file: MemoryTree | undefined;
  log: ContainerLog;
  exitCode: number;
  reason: string;
}): string {
  const { container, exitCode, reason } = options;
  // A container that never ran has no log worth showing.
  const fallback =
    container.terminationMessagePolicy === 'FallbackToLogsOnError' &&
    exitCode !== 0 &&
    reason !== 'ContainerCannotRun';
  const data = readFileTail(options.file, MAX_TERMINATION_MESSAGE_LENGTH);
  if (data.length > 0) return data.toString('utf8');
  if (!fallback) return '';
  return logTail(
    options.log.text(),
    MAX_TERMINATION_MESSAGE_LOG_LINES,
    MAX_TERMINATION_MESSAGE_LOG_LENGTH,
  );
}
