import { fieldInvalid } from '../admission/field-errors.js';
import { isQualifiedName, isValidLabelValue } from '../admission/name-validation.js';
import { badRequest } from './status.js';

/**
 * Label selectors as `?labelSelector=` carries them (`app=web,tier!=db,env in (a,b),!legacy`).
 * A port of apimachinery's `labels.Parse` (lexer, recursive-descent parser, `NewRequirement`
 * validation), so a bad selector fails with the real server's text: kubectl prints it verbatim.
 */

export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'gt' | 'lt' | 'exists' | '!';

export interface LabelRequirement {
  key: string;
  op: LabelOperator;
  values: string[];
}

export type LabelSelector = LabelRequirement[];

/** Parses a selector; a syntax or validation error is a 400 carrying `labels.Parse`'s message. */
export function parseLabelSelector(text: string | null | undefined): LabelSelector {
  if (!text) return [];
  try {
    return new Parser(text).parse();
  } catch (error) {
    if (error instanceof SelectorError) throw badRequest(error.message);
    throw error;
  }
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined) {
  return selector.every((r) => matchesRequirement(r, labels ?? {}));
}

function matchesRequirement(r: LabelRequirement, labels: Record<string, string>) {
  const has = Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.op) {
    case 'in':
    case '=':
    case '==':
      return value !== undefined && r.values.includes(value);
    case 'notin':
    case '!=':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      // strconv.ParseInt: a label value that is not an integer never matches.
      if (value === undefined || !/^[+-]?\d+$/.test(value)) return false;
      const actual = BigInt(value);
      const bound = BigInt(r.values[0] ?? '0');
      return r.op === 'gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

class SelectorError extends Error {}

type Token =
  | 'error'
  | 'end'
  | ')'
  | ','
  | '!'
  | '=='
  | '='
  | '>'
  | 'identifier'
  | 'in'
  | '<'
  | '!='
  | 'notin'
  | '(';

const KEYWORDS: Record<string, Token> = {
  ')': ')',
  ',': ',',
  '!': '!',
  '==': '==',
  '=': '=',
  '>': '>',
  in: 'in',
  '<': '<',
  '!=': '!=',
  notin: 'notin',
  '(': '(',
};

/** `strings.Join(binaryOperators, ", ")` in the order apimachinery declares them. */
const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string) => '=!(),><'.includes(ch) && ch !== '';

interface Scanned {
  tok: Token;
  literal: string;
}

/** The lexer: byte-wise like Go's, which is what matters for ASCII selectors. */
function scan(s: string): Scanned[] {
  const items: Scanned[] = [];
  let pos = 0;
  const read = () => (pos < s.length ? (s[pos++] ?? '') : '');
  for (;;) {
    let ch = read();
    while (ch !== '' && isWhitespace(ch)) ch = read();
    if (ch === '') {
      items.push({ tok: 'end', literal: '' });
      return items;
    }
    pos--;
    if (isSpecial(ch)) {
      let buffer = '';
      let last: Scanned | undefined;
      for (;;) {
        const c = read();
        if (c === '') break;
        if (!isSpecial(c)) {
          pos--;
          break;
        }
        buffer += c;
        const tok = KEYWORDS[buffer];
        if (tok !== undefined) last = { tok, literal: buffer };
        else if (last !== undefined) {
          pos--;
          break;
        }
      }
      items.push(last ?? { tok: 'error', literal: `error expected: keyword found '${buffer}'` });
      continue;
    }
    let buffer = '';
    for (;;) {
      const c = read();
      if (c === '') break;
      if (isSpecial(c) || isWhitespace(c)) {
        pos--;
        break;
      }
      buffer += c;
    }
    const keyword = KEYWORDS[buffer];
    items.push({ tok: keyword ?? 'identifier', literal: buffer });
  }
}

class Parser {
  private readonly items: Scanned[];
  private position = 0;

  constructor(text: string) {
    this.items = scan(text);
  }

  /** In the values context `in` and `notin` are plain identifiers (`x in (in)`). */
  private lookahead(values: boolean): Scanned {
    const item = this.items[this.position] ?? { tok: 'end', literal: '' };
    return values && (item.tok === 'in' || item.tok === 'notin')
      ? { tok: 'identifier', literal: item.literal }
      : item;
  }

  private consume(values: boolean): Scanned {
    const item = this.lookahead(values);
    this.position++;
    return item;
  }

  parse(): LabelSelector {
    const requirements: LabelSelector = [];
    for (;;) {
      const { tok, literal } = this.lookahead(true);
      if (tok === 'identifier' || tok === '!') {
        try {
          requirements.push(this.parseRequirement());
        } catch (error) {
          if (error instanceof SelectorError)
            throw new SelectorError(`unable to parse requirement: ${error.message}`);
          throw error;
        }
        const next = this.consume(true);
        if (next.tok === 'end') return sortByKey(requirements);
        if (next.tok === ',') {
          const after = this.lookahead(true);
          if (after.tok !== 'identifier' && after.tok !== '!') {
            throw new SelectorError(`found '${after.literal}', expected: identifier after ','`);
          }
          continue;
        }
        throw new SelectorError(`found '${next.literal}', expected: ',' or 'end of string'`);
      }
      if (tok === 'end') return sortByKey(requirements);
      throw new SelectorError(`found '${literal}', expected: !, identifier, or 'end of string'`);
    }
  }

  private parseRequirement(): LabelRequirement {
    let op: LabelOperator | undefined;
    let { tok, literal } = this.consume(true);
    if (tok === '!') {
      op = '!';
      ({ tok, literal } = this.consume(true));
    }
    if (tok !== 'identifier') throw new SelectorError(`found '${literal}', expected: identifier`);
    const key = literal;
    const keyErrors = isQualifiedName(key);
    // labels.Parse passes no field path: the error renders its field as Go's nil path.
    if (keyErrors.length) throw fieldError('<nil>', key, keyErrors.join('; '));
    const next = this.lookahead(true).tok;
    if (next === 'end' || next === ',') return { key, op: op ?? 'exists', values: [] };
    if (op === '!') return { key, op, values: [] };
    const operator = this.parseOperator();
    const values =
      operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, operator, values);
  }

  private parseOperator(): LabelOperator {
    const { tok, literal } = this.consume(false);
    const byToken: Partial<Record<Token, LabelOperator>> = {
      in: 'in',
      '=': '=',
      '==': '==',
      '>': 'gt',
      '<': 'lt',
      notin: 'notin',
      '!=': '!=',
    };
    const op = byToken[tok];
    if (!op) throw new SelectorError(`found '${literal}', expected: ${BINARY_OPERATORS}`);
    return op;
  }

  private parseValues(): string[] {
    const open = this.consume(true);
    if (open.tok !== '(') throw new SelectorError(`found '${open.literal}' expected: '('`);
    const { tok, literal } = this.lookahead(true);
    if (tok === 'identifier' || tok === ',') {
      const values = this.parseIdentifiersList();
      if (this.consume(true).tok !== ')') {
        throw new SelectorError(`found '${literal}', expected: ')'`);
      }
      return values;
    }
    if (tok === ')') {
      this.consume(true);
      return [''];
    }
    throw new SelectorError(`found '${literal}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): string[] {
    const values = new Set<string>();
    for (;;) {
      const { tok, literal } = this.consume(true);
      if (tok === 'identifier') {
        values.add(literal);
        const after = this.lookahead(true);
        if (after.tok === ',') continue;
        if (after.tok === ')') return [...values].sort();
        throw new SelectorError(`found '${after.literal}', expected: ',' or ')'`);
      }
      if (tok === ',') {
        // `(,`, `,,` and `,)` stand for empty values.
        if (values.size === 0) values.add('');
        const after = this.lookahead(true).tok;
        if (after === ')') {
          values.add('');
          return [...values].sort();
        }
        if (after === ',') values.add('');
        continue;
      }
      throw new SelectorError(`found '${literal}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): string[] {
    const ahead = this.lookahead(true).tok;
    if (ahead === 'end' || ahead === ',') return [''];
    const { tok, literal } = this.consume(true);
    if (tok === 'identifier') return [literal];
    throw new SelectorError(`found '${literal}', expected: identifier`);
  }
}

/** `NewRequirement`'s checks after parsing: every error, aggregated as Go aggregates them. */
function newRequirement(key: string, op: LabelOperator, values: string[]): LabelRequirement {
  const errors: string[] = [];
  if ((op === 'gt' || op === 'lt') && values.length === 1) {
    values.forEach((v, i) => {
      if (!/^[+-]?\d+$/.test(v) || !fitsInt64(v)) {
        errors.push(
          fieldError(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer")
            .message,
        );
      }
    });
  }
  values.forEach((v, i) => {
    const valueErrors = isValidLabelValue(v);
    if (valueErrors.length) {
      errors.push(fieldError(`values[${i}][${key}]`, v, valueErrors.join('; ')).message);
    }
  });
  const unique = [...new Set(errors)];
  if (unique.length === 1) throw new SelectorError(unique[0]);
  if (unique.length > 1) throw new SelectorError(`[${unique.join(', ')}]`);
  return { key, op, values };
}

function fieldError(path: string, value: string, detail: string) {
  const error = fieldInvalid(path, value, detail);
  return new SelectorError(`${error.field}: ${error.body}`);
}

function fitsInt64(text: string) {
  const n = BigInt(text);
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}

/** `sort.Sort(ByKey(items))`: the parsed selector is ordered by key. */
function sortByKey(requirements: LabelSelector): LabelSelector {
  return requirements
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.key < b.r.key ? -1 : a.r.key > b.r.key ? 1 : a.i - b.i))
    .map(({ r }) => r);
}
