/**
 * `$(( … ))`: C integer arithmetic on 64-bit signed integers, as both shells do it (BigInt
 * keeps the 64-bit wrap-around exact). busybox also has `**`, `++`/`--` and `base#n`;
 * dash has neither and reports its parser's complaints (`expecting primary`).
 */

export class ArithmeticError extends Error {
  constructor(
    readonly kind: 'syntax' | 'divide' | 'illegal-number',
    /** dash's detail (`expecting primary`) or the illegal text. */
    readonly detail: string,
  ) {
    super(`${kind}: ${detail}`);
  }
}

export interface ArithmeticVariables {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

type Node =
  | { t: 'num'; v: bigint }
  | { t: 'var'; name: string }
  | { t: 'unary'; op: string; a: Node }
  | { t: 'incdec'; op: '++' | '--'; prefix: boolean; name: string }
  | { t: 'bin'; op: string; a: Node; b: Node }
  | { t: 'assign'; op: string; name: string; b: Node }
  | { t: 'cond'; c: Node; a: Node; b: Node };

const BINARY: Record<string, number> = {
  '||': 3,
  '&&': 4,
  '|': 5,
  '^': 6,
  '&': 7,
  '==': 8,
  '!=': 8,
  '<': 9,
  '<=': 9,
  '>': 9,
  '>=': 9,
  '<<': 10,
  '>>': 10,
  '+': 11,
  '-': 11,
  '*': 12,
  '/': 12,
  '%': 12,
  '**': 13,
};
const ASSIGN = new Set(['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '^=', '|=']);

function tokenize(text: string, ash: boolean): string[] {
  const ops = [
    '<<=',
    '>>=',
    ...(ash ? ['**', '++', '--'] : []),
    '<<',
    '>>',
    '<=',
    '>=',
    '==',
    '!=',
    '&&',
    '||',
    '+=',
    '-=',
    '*=',
    '/=',
    '%=',
    '&=',
    '^=',
    '|=',
  ];
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const word = /^(?:[0-9]+#[0-9A-Za-z@_]+|0[xX][0-9A-Fa-f]+|[0-9]+|[A-Za-z_][A-Za-z0-9_]*)/.exec(
      text.slice(i),
    );
    if (word) {
      tokens.push(word[0]);
      i += word[0].length;
      continue;
    }
    const op = ops.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push(op);
      i += op.length;
      continue;
    }
    tokens.push(c);
    i++;
  }
  return tokens;
}

/** Parses an integer constant the way strtoimax with base 0 does (`010` is 8, `0x10` 16). */
export function parseInteger(text: string, ash: boolean): bigint | undefined {
  const t = text.trim();
  const m = /^([+-]?)(0[xX][0-9A-Fa-f]+|0[0-7]*|[1-9][0-9]*)$/.exec(t);
  if (m) {
    const body = m[2] as string;
    const value =
      body.startsWith('0x') || body.startsWith('0X')
        ? BigInt(body)
        : body.length > 1 && body.startsWith('0')
          ? BigInt(`0o${body.slice(1)}`)
          : BigInt(body);
    return BigInt.asIntN(64, m[1] === '-' ? -value : value);
  }
  const based = ash ? /^(\d+)#([0-9A-Za-z@_]+)$/.exec(t) : null;
  if (based) {
    const base = Number(based[1]);
    let value = 0n;
    for (const ch of based[2] as string) {
      const digit = Number.parseInt(ch, 36);
      if (Number.isNaN(digit) || digit >= base) return undefined;
      value = value * BigInt(base) + BigInt(digit);
    }
    return BigInt.asIntN(64, value);
  }
  return undefined;
}

class ArithParser {
  private i = 0;
  constructor(
    private readonly tokens: string[],
    private readonly ash: boolean,
  ) {}

  parse(): Node {
    if (this.tokens.length === 0) return { t: 'num', v: 0n };
    const node = this.assignment();
    if (this.i < this.tokens.length) throw new ArithmeticError('syntax', 'expecting EOF');
    return node;
  }

  private peek(): string | undefined {
    return this.tokens[this.i];
  }

  private assignment(): Node {
    const start = this.i;
    const name = this.peek();
    if (name !== undefined && /^[A-Za-z_]/.test(name)) {
      const op = this.tokens[this.i + 1];
      if (op !== undefined && ASSIGN.has(op)) {
        this.i += 2;
        return { t: 'assign', op, name, b: this.assignment() };
      }
    }
    this.i = start;
    return this.conditional();
  }

  private conditional(): Node {
    const c = this.binary(3);
    if (this.peek() !== '?') return c;
    this.i++;
    const a = this.assignment();
    if (this.peek() !== ':') throw new ArithmeticError('syntax', 'expecting ":"');
    this.i++;
    const b = this.assignment();
    return { t: 'cond', c, a, b };
  }

  private binary(min: number): Node {
    let left = this.unary();
    for (;;) {
      const op = this.peek();
      const prec = op === undefined ? undefined : BINARY[op];
      if (prec === undefined || prec < min) return left;
      if (op === '**' && !this.ash) return left;
      this.i++;
      // `**` is right-associative; the rest are left-associative.
      const right = this.binary(op === '**' ? prec : prec + 1);
      left = { t: 'bin', op: op as string, a: left, b: right };
    }
  }

  private unary(): Node {
    const op = this.peek();
    if (op === '+' || op === '-' || op === '!' || op === '~') {
      this.i++;
      return { t: 'unary', op, a: this.unary() };
    }
    if (op === '++' || op === '--') {
      this.i++;
      const name = this.peek();
      if (name === undefined || !/^[A-Za-z_]/.test(name)) {
        throw new ArithmeticError('syntax', 'expecting primary');
      }
      this.i++;
      return { t: 'incdec', op, prefix: true, name };
    }
    return this.postfix();
  }

  private postfix(): Node {
    const token = this.peek();
    if (token === undefined) throw new ArithmeticError('syntax', 'expecting primary');
    if (token === '(') {
      this.i++;
      const node = this.assignment();
      if (this.peek() !== ')') throw new ArithmeticError('syntax', 'expecting ")"');
      this.i++;
      return node;
    }
    if (/^[0-9]/.test(token)) {
      this.i++;
      const v = parseInteger(token, this.ash);
      if (v === undefined) throw new ArithmeticError('syntax', 'expecting primary');
      return { t: 'num', v };
    }
    if (/^[A-Za-z_]/.test(token)) {
      this.i++;
      const next = this.peek();
      if (next === '++' || next === '--') {
        this.i++;
        return { t: 'incdec', op: next, prefix: false, name: token };
      }
      return { t: 'var', name: token };
    }
    throw new ArithmeticError('syntax', 'expecting primary');
  }
}

export function evaluateArithmetic(
  text: string,
  variables: ArithmeticVariables,
  ash: boolean,
  depth = 0,
): bigint {
  const tree = new ArithParser(tokenize(text, ash), ash).parse();
  const wrap = (v: bigint) => BigInt.asIntN(64, v);
  const read = (name: string): bigint => {
    const value = variables.get(name);
    if (value === undefined || value === '') return 0n;
    const n = parseInteger(value, ash);
    if (n !== undefined) return n;
    // busybox evaluates a variable's value as an expression; dash insists on a number.
    if (ash && depth < 8) return evaluateArithmetic(value, variables, ash, depth + 1);
    throw new ArithmeticError('illegal-number', value);
  };
  const binary = (op: string, a: bigint, b: bigint): bigint => {
    switch (op) {
      case '+':
        return wrap(a + b);
      case '-':
        return wrap(a - b);
      case '*':
        return wrap(a * b);
      case '/':
      case '%':
        if (b === 0n) throw new ArithmeticError('divide', 'division by zero');
        return wrap(op === '/' ? a / b : a % b);
      case '**':
        return b < 0n ? 0n : wrap(a ** b);
      case '<<':
        return wrap(a << (b & 63n));
      case '>>':
        return wrap(a >> (b & 63n));
      case '<':
        return a < b ? 1n : 0n;
      case '<=':
        return a <= b ? 1n : 0n;
      case '>':
        return a > b ? 1n : 0n;
      case '>=':
        return a >= b ? 1n : 0n;
      case '==':
        return a === b ? 1n : 0n;
      case '!=':
        return a !== b ? 1n : 0n;
      case '&':
        return a & b;
      case '^':
        return a ^ b;
      case '|':
        return a | b;
      default:
        throw new ArithmeticError('syntax', 'expecting primary');
    }
  };
  const evaluate = (node: Node): bigint => {
    switch (node.t) {
      case 'num':
        return node.v;
      case 'var':
        return read(node.name);
      case 'unary': {
        const a = evaluate(node.a);
        if (node.op === '-') return wrap(-a);
        if (node.op === '!') return a === 0n ? 1n : 0n;
        if (node.op === '~') return ~a;
        return a;
      }
      case 'incdec': {
        const old = read(node.name);
        const value = wrap(node.op === '++' ? old + 1n : old - 1n);
        variables.set(node.name, String(value));
        return node.prefix ? value : old;
      }
      case 'bin':
        if (node.op === '&&') return evaluate(node.a) !== 0n && evaluate(node.b) !== 0n ? 1n : 0n;
        if (node.op === '||') return evaluate(node.a) !== 0n || evaluate(node.b) !== 0n ? 1n : 0n;
        return binary(node.op, evaluate(node.a), evaluate(node.b));
      case 'assign': {
        const right = evaluate(node.b);
        const value =
          node.op === '=' ? right : binary(node.op.slice(0, -1), read(node.name), right);
        variables.set(node.name, String(value));
        return value;
      }
      case 'cond':
        return evaluate(node.c) !== 0n ? evaluate(node.a) : evaluate(node.b);
    }
  };
  return evaluate(tree);
}
