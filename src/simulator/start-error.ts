/** Why the simulator could not start, in terms the CLI can explain (exit code 3). */
export class StartError extends Error {
  constructor(
    readonly code: 'port-in-use' | 'state' | 'locked',
    message: string,
  ) {
    super(message);
  }
}
