/**
 * The bash features the simulator's shell does not have (it is a POSIX sh with busybox ash's
 * few extensions: `[[ ]]` tests, `${v:offset:length}`, `set -o pipefail`, `&>`). Scripts that
 * use them must be refused with a message saying so, never run with a different meaning:
 * ash would print `{1..3}` for `echo {1..3}` where bash prints `1 2 3`.
 */
export interface BashOnlyUse {
  /** The text that uses the feature, as written. */
  snippet: string;
  /** What the feature is called, for the message. */
  feature: string;
}

/** Blanks quoted text: single quotes entirely, double quotes too unless `keepDouble`. */
function unquoted(source: string, keepDouble: boolean): string {
  let out = '';
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (quote === undefined) {
      if (c === '\\') {
        out += '  ';
        i++;
      } else if (c === "'" || c === '"') {
        quote = c;
        out += ' ';
      } else if (c === '#' && (i === 0 || /\s/.test(source[i - 1] ?? ''))) {
        // A comment runs to the end of its line.
        while (i < source.length && source[i] !== '\n') {
          out += ' ';
          i++;
        }
        if (i < source.length) out += '\n';
      } else {
        out += c;
      }
    } else if (c === quote) {
      quote = undefined;
      out += ' ';
    } else if (quote === '"' && c === '\\') {
      out += keepDouble ? `\\${source[i + 1] ?? ''}` : '  ';
      i++;
    } else {
      out += quote === '"' && keepDouble ? c : c === '\n' ? '\n' : ' ';
    }
  }
  return out;
}

const COMMAND_START = String.raw`(?:^|[;&|(\n{]|\bthen|\bdo|\belse)\s*`;

/** Patterns over the unquoted text, first match wins. */
const SYNTAX: [RegExp, string][] = [
  [/\b[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]\s]*\])?\+?=\(/, 'arrays'],
  [new RegExp(`${COMMAND_START}([A-Za-z_][A-Za-z0-9_]*\\[[^\\]\\s]*\\]\\+?=)`), 'arrays'],
  [/<<</, 'here-strings (<<<)'],
  [/[<>]\(/, 'process substitution'],
  [new RegExp(`${COMMAND_START}(\\(\\()`), 'arithmetic commands (( ))'],
  [new RegExp(`${COMMAND_START}(function\\s+[A-Za-z_][\\w-]*)`), 'the function keyword'],
  [
    new RegExp(
      `${COMMAND_START}((?:declare|typeset|shopt|mapfile|readarray|let|coproc|select)\\b)`,
    ),
    'a bash-only builtin',
  ],
  [/\[\[[^\]]*?\s(=~)\s/, 'regular expression matching (=~)'],
  [/(?:^|[\s=(])(\{[^{}\s,]*\.\.[^{}\s]*\})/, 'brace expansion'],
  [/(?:^|[\s=(])([^\s{}$]*\{[^{}\s]*,[^{}\s]*\}[^\s;|&)]*)/, 'brace expansion'],
];

/** Patterns over text where double-quoted parts still count (expansions happen there). */
const EXPANSIONS: [RegExp, string][] = [
  [/\$\{#?[A-Za-z_][A-Za-z0-9_]*\[/, 'arrays'],
  [
    /\$\{[A-Za-z_][A-Za-z0-9_]*(?:\/|\^|,)[^}]*\}/,
    'pattern substitution and case changes in expansions',
  ],
  [/\$\{![A-Za-z_][A-Za-z0-9_]*[*@]?\}/, 'indirect expansion'],
  [
    /\$(?:RANDOM|SECONDS|BASH_VERSION|BASH_SOURCE|FUNCNAME|PIPESTATUS|BASH_REMATCH)\b/,
    'bash variables',
  ],
  [
    /\$\{(?:RANDOM|SECONDS|BASH_VERSION|BASH_SOURCE|FUNCNAME|PIPESTATUS|BASH_REMATCH)\b[^}]*\}/,
    'bash variables',
  ],
];

/** The first bash-only feature `source` uses, or undefined when POSIX sh can run it. */
export function findBashOnly(source: string): BashOnlyUse | undefined {
  const plain = unquoted(source, false);
  for (const [pattern, feature] of SYNTAX) {
    const match = pattern.exec(plain);
    if (match) return { snippet: snippetAt(source, match, plain), feature };
  }
  const expanded = unquoted(source, true);
  for (const [pattern, feature] of EXPANSIONS) {
    const match = pattern.exec(expanded);
    if (match) return { snippet: match[0], feature };
  }
  return undefined;
}

/** The matched text (its last group when there is one) taken from the original source. */
function snippetAt(source: string, match: RegExpExecArray, plain: string): string {
  const group = match.length > 1 ? match[match.length - 1] : undefined;
  const text = group ?? match[0];
  const at = plain.indexOf(text, match.index);
  return (at >= 0 ? source.slice(at, at + text.length) : text).trim();
}

/** The message the simulated bash prints instead of running a script that uses `use`. */
export function refusal(arg0: string, use: BashOnlyUse): string {
  return `${arg0}: ${use.snippet}: not supported by this simulated bash (${use.feature}): it is a POSIX shell with [[ ]], \${v:offset:length} and pipefail\n`;
}
