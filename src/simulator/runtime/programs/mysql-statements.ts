/**
 * How the mysql client cuts its input into statements: at `;` (or `\g`, `\G` for vertical
 * output) outside quotes and comments, remembering the line each one started on for
 * `ERROR … at line N`. What follows the last delimiter is left for more input.
 */
export interface Statement {
  sql: string;
  /** 1-based line of the input where the statement starts. */
  line: number;
  vertical: boolean;
}

export function splitStatements(input: string): { statements: Statement[]; rest: string } {
  const statements: Statement[] = [];
  let current = '';
  let line = 1;
  let startLine = 1;
  let quote: string | undefined;
  for (let i = 0; i < input.length; i++) {
    const c = input[i] as string;
    if (current.trim() === '') startLine = line;
    if (c === '\n') line++;
    if (quote) {
      current += c;
      if (c === '\\' && quote !== '`') {
        current += input[++i] ?? '';
      } else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      quote = c;
      current += c;
    } else if ((c === '-' && input.startsWith('-- ', i)) || c === '#') {
      const end = input.indexOf('\n', i);
      i = (end < 0 ? input.length : end) - 1;
    } else if (c === '/' && input[i + 1] === '*') {
      const end = input.indexOf('*/', i + 2);
      const comment = input.slice(i, end < 0 ? input.length : end + 2);
      line += comment.split('\n').length - 1;
      i = (end < 0 ? input.length : end + 2) - 1;
    } else if (c === ';' || (c === '\\' && (input[i + 1] === 'g' || input[i + 1] === 'G'))) {
      const vertical = c === '\\' && input[i + 1] === 'G';
      if (c === '\\') i++;
      if (current.trim() !== '')
        statements.push({ sql: current.trim(), line: startLine, vertical });
      current = '';
    } else {
      current += c;
    }
  }
  return { statements, rest: current };
}
