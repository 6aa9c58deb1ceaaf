/**
 * A syntax error, flavour-neutral: the flavour turns it into busybox's
 * `syntax error: unexpected "fi"` or dash's `Syntax error: "fi" unexpected`.
 */
export type UnexpectedToken =
  | { kind: 'eof' }
  | { kind: 'newline' }
  | { kind: 'word' }
  /** An operator or reserved word, shown quoted: `"fi"`, `";;"`. */
  | { kind: 'token'; text: string };

export type SyntaxProblem =
  | { kind: 'unexpected'; token: UnexpectedToken; expecting?: string }
  | { kind: 'unterminated-quote' }
  | { kind: 'eof-in-backquote' }
  | { kind: 'missing-brace' }
  | { kind: 'bad-substitution' }
  | { kind: 'bad-for-variable' }
  | { kind: 'bad-function-name' };

export class ShellSyntaxError extends Error {
  constructor(
    readonly problem: SyntaxProblem,
    /** 1-based line of the script where the parser stopped. */
    readonly line: number,
  ) {
    super(`syntax error (${problem.kind}) at line ${line}`);
  }

  /** More input could complete the script (an interactive shell then prompts with `> `). */
  get incomplete(): boolean {
    const p = this.problem;
    return (
      (p.kind === 'unexpected' && p.token.kind === 'eof') ||
      p.kind === 'unterminated-quote' ||
      p.kind === 'eof-in-backquote' ||
      p.kind === 'missing-brace'
    );
  }
}
