import type { SqlValue } from './mysql-data.js';
import type { SqlResult } from './mysql-sql-tables.js';

/** How the mysql client prints results: boxed tables, tab-separated batch, or `\G` vertical. */
export type OutputMode = 'table' | 'tab' | 'vertical';

const show = (value: SqlValue) => (value === null ? 'NULL' : String(value));

/** Batch output escapes what would break its rows (`--raw` would not). */
const escapeTab = (value: SqlValue) =>
  value === null
    ? 'NULL'
    : String(value).replace(
        /[\\\n\t\0]/g,
        (c) => ({ '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\0': '\\0' })[c] ?? c,
      );

export function formatRows(
  result: Extract<SqlResult, { kind: 'rows' }>,
  mode: OutputMode,
  headers: boolean,
): string {
  const { columns, rows } = result;
  if (mode === 'tab') {
    const lines = rows.map((row) => row.map(escapeTab).join('\t'));
    return [...(headers ? [columns.join('\t')] : []), ...lines].map((line) => `${line}\n`).join('');
  }
  if (mode === 'vertical') {
    const width = Math.max(...columns.map((c) => c.length));
    return rows
      .map(
        (row, i) =>
          `${'*'.repeat(27)} ${i + 1}. row ${'*'.repeat(27)}\n${columns
            .map((c, j) => `${c.padStart(width)}: ${show(row[j] ?? null)}\n`)
            .join('')}`,
      )
      .join('');
  }
  if (rows.length === 0) return '';
  const numeric = columns.map((_, j) =>
    rows.every((row) => typeof row[j] === 'number' || row[j] === null),
  );
  const widths = columns.map((c, j) =>
    Math.max(c.length, ...rows.map((row) => show(row[j] ?? null).length)),
  );
  const border = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
  const line = (cells: string[], right: boolean[]) =>
    `|${cells.map((cell, j) => ` ${right[j] ? cell.padStart(widths[j] ?? 0) : cell.padEnd(widths[j] ?? 0)} `).join('|')}|\n`;
  const body = rows
    .map((row) =>
      line(
        row.map((v) => show(v)),
        numeric,
      ),
    )
    .join('');
  return `${border}${line(
    columns,
    columns.map(() => false),
  )}${border}${body}${border}`;
}

/** The interactive client's line after a result: `2 rows in set (0.00 sec)`. */
export function resultFooter(result: SqlResult): string {
  if (result.kind === 'rows') {
    const n = result.rows.length;
    return n === 0 ? 'Empty set (0.00 sec)\n' : `${n} row${n === 1 ? '' : 's'} in set (0.00 sec)\n`;
  }
  if (result.schema !== undefined) return 'Database changed\n';
  const n = result.affected;
  const affected = `Query OK, ${n} row${n === 1 ? '' : 's'} affected (0.01 sec)\n`;
  return result.info ? `${affected}${result.info}\n` : affected;
}
