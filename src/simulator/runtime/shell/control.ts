/**
 * Non-local exits of the interpreter, thrown and caught as the shell unwinds: `break`,
 * `continue`, `return`, `exit`, and fatal errors (which end a non-interactive shell with
 * status 2 and abort the current line of an interactive one).
 */

export class BreakSignal {
  constructor(public levels: number) {}
}

export class ContinueSignal {
  constructor(public levels: number) {}
}

export class ReturnSignal {
  constructor(readonly status: number) {}
}

export class ExitSignal {
  constructor(readonly status: number) {}
}

/** An error the shell already reported (or needs none); the shell exits with `status`. */
export class ShellFatalError {
  constructor(readonly status: number) {}
}
