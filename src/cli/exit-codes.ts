/** Exit codes of the command-line contract (CLI.md): scripts and autograders rely on them. */
export const EXIT = {
  ok: 0,
  notPassed: 1,
  usage: 2,
  clusterUnavailable: 3,
} as const;

/** A failure the user can act on: printed as one message, never a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
