import { CliError, EXIT } from './exit-codes.js';
import type { Messages } from './ui/messages.js';

/** `--port`: 0 (any free port) when absent; a usage error (exit 2) when not a port number. */
export function parsePort(value: string | undefined, t: Messages): number {
  const port = value === undefined ? 0 : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || value === '') {
    throw new CliError(t.badPort(value ?? ''), EXIT.usage);
  }
  return port;
}

/** `--speed`: 1 when absent; a usage error (exit 2) unless a positive finite number. */
export function parseSpeed(value: string | undefined, t: Messages): number {
  const speed = value === undefined ? 1 : Number(value);
  if (!(speed > 0) || !Number.isFinite(speed)) {
    throw new CliError(t.badSpeed(value ?? ''), EXIT.usage);
  }
  return speed;
}
