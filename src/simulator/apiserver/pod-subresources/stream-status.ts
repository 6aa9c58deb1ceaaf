/**
 * The `metav1.Status` written on the error channel (3) when an exec or attach session ends,
 * byte for byte as a 1.32 cluster writes it. Two paths exist there:
 * - `v5.channel.k8s.io`: the API server terminates the WebSocket itself and talks SPDY to the
 *   kubelet (`StreamTranslatorHandler`); kubelet outcomes are re-wrapped on the way
 *   (`codeExitToStatusError`, `NewInternalError`).
 * - `v4.channel.k8s.io`: the API server proxies the WebSocket to the kubelet, whose own status
 *   reaches the client unchanged (kubelet `ServeExec` / `ServeAttach`).
 * Go's `json.Marshal` of a `metav1.Status` without TypeMeta: no kind/apiVersion, zero code omitted.
 */
import type { KubeletError } from './node-streams.js';

export const V5_PROTOCOL = 'v5.channel.k8s.io';
export const V4_PROTOCOL = 'v4.channel.k8s.io';

export interface ChannelStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason?: string; message: string }[] };
  code?: number;
}

export type SessionOutcome =
  | { kind: 'exited'; exitCode: number }
  | { kind: 'refused'; error: KubeletError }
  | { kind: 'failed'; error: unknown };

export interface StatusContext {
  protocol: string;
  purpose: 'exec' | 'attach';
  command: readonly string[];
}

export function successStatus(): ChannelStatus {
  return { metadata: {}, status: 'Success' };
}

/** `apierrors.NewInternalError(err)` without its TypeMeta. */
export function internalErrorStatus(message: string): ChannelStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${message}`,
    reason: 'InternalError',
    details: { causes: [{ message }] },
    code: 500,
  };
}

function nonZeroExitStatus(exitCode: number, message: string): ChannelStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: ${message}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

export function sessionStatus(outcome: SessionOutcome, context: StatusContext): ChannelStatus {
  const translated = context.protocol === V5_PROTOCOL;
  if (outcome.kind === 'refused') {
    // The translator's SPDY dial got the kubelet's error response instead of a 101.
    return internalErrorStatus(`unable to upgrade connection: ${outcome.error.message}`);
  }
  if (outcome.kind === 'failed') {
    const reason = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    const what =
      context.purpose === 'exec'
        ? 'error executing command in container'
        : 'error attaching to container';
    const kubelet = internalErrorStatus(`${what}: ${reason}`);
    // Through the translator the kubelet's status arrives as a plain error and is wrapped again.
    return translated ? internalErrorStatus(kubelet.message ?? '') : kubelet;
  }
  if (context.purpose === 'attach' || outcome.exitCode === 0) return successStatus();
  const code = outcome.exitCode;
  return translated
    ? nonZeroExitStatus(code, `command terminated with exit code ${code}`)
    : nonZeroExitStatus(
        code,
        `error executing command [${context.command.join(' ')}], exit code ${code}`,
      );
}
