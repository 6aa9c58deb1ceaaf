import { Writable } from 'node:stream';
import type { V1Status } from '@kubernetes/client-node';
import { loadClientNode } from './client-node.js';
import type { ClusterClient } from './cluster-client.js';

export type ExecOutcome =
  | { ran: true; exitCode: number; stdout: string; stderr: string }
  /** The command could not start (pod not running, no such container, …): the server's reason. */
  | { ran: false; reason: string };

const DEFAULT_TIMEOUT_MS = 20_000;
const OUTPUT_LIMIT = 1 << 20;

/**
 * Runs a command in a container through the API (pods/exec over WebSocket), collecting its
 * output and exit code. A failure to start is an outcome, not an exception: for a check it is
 * just "not yet".
 */
export async function execInPod(
  cluster: ClusterClient,
  pod: string,
  container: string,
  command: string[],
  options: { timeoutMs?: number } = {},
): Promise<ExecOutcome> {
  const k8s = await loadClientNode();
  const stdout = collector();
  const stderr = collector();
  return new Promise<ExecOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: ExecOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(
      () =>
        finish({
          ran: false,
          reason: `no answer within ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`,
        }),
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    const onStatus = (status: V1Status) => {
      // Let the last output frames arrive before reading the buffers.
      setImmediate(() =>
        finish({
          ran: true,
          exitCode: exitCodeOf(status),
          stdout: stdout.text(),
          stderr: stderr.text(),
        }),
      );
    };
    new k8s.Exec(cluster.kubeConfig)
      .exec(
        cluster.namespace,
        pod,
        container,
        command,
        stdout.stream,
        stderr.stream,
        null,
        false,
        onStatus,
      )
      .then(
        (socket) => {
          socket.on('close', () =>
            setTimeout(
              () => finish({ ran: false, reason: 'the connection closed without an exit status' }),
              50,
            ),
          );
        },
        (error: unknown) => finish({ ran: false, reason: describeExecError(error) }),
      );
  });
}

function exitCodeOf(status: V1Status) {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const code = Number(cause?.message);
  return Number.isInteger(code) ? code : 1;
}

/** client-node rejects with a WebSocket ErrorEvent or a bare status; keep the words that matter. */
function describeExecError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    const e = error as { message?: unknown; error?: { message?: unknown } };
    if (typeof e.message === 'string' && e.message) return e.message;
    if (typeof e.error?.message === 'string') return e.error.message;
  }
  return String(error);
}

function collector() {
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (size < OUTPUT_LIMIT) {
        chunks.push(chunk);
        size += chunk.length;
      }
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}
