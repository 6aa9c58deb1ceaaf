/**
 * What the API server asks of a node's kubelet for `pods/log`, `pods/exec` and `pods/attach`.
 *
 * A real API server proxies these requests to the kubelet of the pod's node
 * (`/containerLogs/…`, `/exec/…`, `/attach/…`) and relays the answer. The simulated kubelet
 * implements this interface instead: plain Node streams and promises, no HTTP and no WebSocket
 * frames. The API server side (this folder) owns everything a real API server owns: locating
 * the pod and container, query parsing and validation, the WebSocket channel protocol, and
 * turning kubelet failures into the exact `Status` a real cluster returns.
 */
import type { Readable, Writable } from 'node:stream';
import type { KubeObject } from '../../kube-object.js';

/** The container a request is for, resolved and validated by the API server. */
export interface ContainerTarget {
  namespace: string;
  podName: string;
  podUID: string;
  /** Already defaulted (single-container pods) and checked to exist in the pod spec. */
  container: string;
  /** The pod's `spec.nodeName`; never empty (unscheduled pods never reach a kubelet). */
  nodeName: string;
  /** The pod as stored when the request arrived (a copy the kubelet may read freely). */
  pod: KubeObject;
}

/** `PodLogOptions` after parsing and validation (ranges are already checked). */
export interface LogOptions {
  follow: boolean;
  /** Logs of the previous, terminated instance of the container. */
  previous: boolean;
  /** Prefix each line with an RFC3339Nano timestamp and a space, as the kubelet does. */
  timestamps: boolean;
  /** Only the last N lines (N ≥ 0). */
  tailLines?: number;
  /** Only lines newer than this many seconds (≥ 1). Never set together with `sinceTime`. */
  sinceSeconds?: number;
  sinceTime?: Date;
  /** Stop after this many bytes (≥ 1), even mid-line. */
  limitBytes?: number;
}

/** Which streams the client asked for. With `tty`, stderr is never requested (it merges into stdout). */
export interface StreamOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** A terminal size as the client sends it on the resize channel. */
export interface TerminalSize {
  width: number;
  height: number;
}

/** The client's side of an exec or attach session, as Node streams. */
export interface SessionIO {
  /** Ends when the client closes its stdin (`[255,0]`) or goes away; null when not requested. */
  stdin: Readable | null;
  /** Writes go to the client as they are made; null when not requested. */
  stdout: Writable | null;
  stderr: Writable | null;
  /** Object-mode stream of `TerminalSize`s (the first arrives right after connecting); null without TTY. */
  resize: Readable | null;
  /** Aborted when the client disconnects before the session ends. */
  signal: AbortSignal;
}

/** How a session ended: the exit code of the exec'd command (ignored for attach). */
export interface SessionEnd {
  /** 0–255; non-zero reaches the client as a `NonZeroExitCode` status. */
  exitCode: number;
}

/**
 * A stream session the kubelet agreed to serve (the container exists and runs). Splitting
 * "may I?" from "run it" mirrors the kubelet: `GetExec`/`GetAttach` fail before any stream
 * is set up, while failures during the session are reported through the error channel.
 */
export interface StreamSession {
  /**
   * Runs until the command (exec) or the client's attachment (attach) ends. Reject with an
   * `Error` for a runtime failure mid-session ("error executing command in container: …").
   */
  run(io: SessionIO): Promise<SessionEnd>;
}

/**
 * The kubelet side. Each method rejects with a `KubeletError` exactly where a real kubelet
 * answers with an HTTP error instead of streaming:
 * - logs: `container "c" in pod "p" is waiting to start: ContainerCreating` (400),
 *   `previous terminated container "c" in pod "p" not found` (400),
 *   `container "c" in pod "p" is terminated` (400), `pod "p" does not exist` (404), …
 *   (kubelet_pods.go `validateContainerLogStatus`);
 * - exec: `container not found ("c")` (500) while the container is not running;
 * - attach: `container c not found in pod p_ns` (500).
 */
export interface NodeStreams {
  /** Opens the log stream; with `follow` it stays open until the container stops or `signal` aborts. */
  logs(target: ContainerTarget, options: LogOptions, signal: AbortSignal): Promise<Readable>;
  exec(
    target: ContainerTarget,
    command: readonly string[],
    options: StreamOptions,
  ): Promise<StreamSession>;
  /** Attaches to the container's main process (its stdin only if `spec.containers[].stdin`). */
  attach(target: ContainerTarget, options: StreamOptions): Promise<StreamSession>;
}

/**
 * A kubelet's refusal: the HTTP status it answers with and the plain-text body it writes
 * (`response.WriteError` / `streaming.WriteError`). The API server relays it the way a real
 * one does: logs as 400 BadRequest / 500 InternalError with this message; exec and attach as
 * `Internal error occurred: unable to upgrade connection: <message>` on the error channel.
 */
export class KubeletError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number = 500,
  ) {
    super(message);
    this.name = 'KubeletError';
  }
}
