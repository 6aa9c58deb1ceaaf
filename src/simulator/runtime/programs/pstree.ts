import { text } from './io.js';
import { commOf, uidOf } from './process-view.js';
import { BUSYBOX_BANNER, type Tool } from './tool.js';

/**
 * busybox `pstree [-p] [PID|USER]`: the process tree of the PID namespace from PID 1 (or the
 * given one), children sorted by name, threads as `{name}`, identical sibling subtrees folded
 * into `N*[name]`, lines cut at the terminal width with a `+`. In a container PID 1 is the
 * container's main process, and an `exec` session hangs off a parent outside the namespace —
 * so it is not in the tree, exactly as on a real node. In a hostPID pod PID 1 is the node's
 * systemd, and the tree is the node's.
 */

interface Node {
  comm: string;
  pid: number;
  uid: number;
  children: Node[];
}

const BANNER = `${BUSYBOX_BANNER}\n`;

export const pstree: Tool = async (context) => {
  const args = context.argv.slice(1);
  let showPids = false;
  const operands: string[] = [];
  for (const arg of args) {
    if (arg === '-p') showPids = true;
    else if (arg.startsWith('-')) {
      await context.stderr.write(
        `pstree: invalid option -- '${arg.slice(1, 2)}'\n${BANNER}Usage: pstree [-p] [PID|USER]\n`,
      );
      return 1;
    } else operands.push(arg);
  }
  if (operands.length > 1) {
    await context.stderr.write(`${BANNER}Usage: pstree [-p] [PID|USER]\n`);
    return 1;
  }
  let passwd = '';
  try {
    passwd = text(context.fs.readFile('/etc/passwd'));
  } catch {
    passwd = '';
  }
  const nodes = new Map<number, Node>();
  const nodeOf = (pid: number, comm: string, uid: number): Node => {
    let node = nodes.get(pid);
    if (!node) {
      node = { comm, pid, uid, children: [] };
      nodes.set(pid, node);
    }
    return node;
  };
  for (const entry of context.processes.list()) {
    const node = nodeOf(entry.pid, commOf(entry), uidOf(entry.user, passwd));
    node.comm = commOf(entry);
    node.uid = uidOf(entry.user, passwd);
    const ppid = entry.ppid === entry.pid ? 0 : entry.ppid;
    addChild(nodeOf(ppid, '?', 0), node);
    // FEATURE_SHOW_THREADS: each further thread hangs off its process as `{comm}`.
    for (const tid of entry.threads ?? []) {
      addChild(node, nodeOf(tid, `{${node.comm}}`, node.uid));
    }
  }
  const printer = new TreePrinter(Number(context.env.COLUMNS) || 80, showPids);
  const operand = operands[0];
  if (operand === undefined || /^\d/.test(operand)) {
    printer.dump(nodes.get(operand === undefined ? 1 : Number.parseInt(operand, 10)));
  } else {
    const uid = userId(operand, passwd);
    if (uid === undefined) {
      await context.stderr.write(`pstree: unknown user ${operand}\n`);
      return 1;
    }
    const printed = printer.dumpByUser(nodes.get(1), uid);
    if (!printed) {
      await context.stdout.write(printer.output);
      await context.stderr.write('pstree: no processes found\n');
      return 1;
    }
  }
  await context.stdout.write(printer.output);
  return 0;
};

function userId(name: string, passwd: string): number | undefined {
  for (const line of passwd.split('\n')) {
    const [user, , uid] = line.split(':');
    if (user === name) return Number(uid);
  }
  return undefined;
}

/** Children stay sorted by name, then uid; equal ones keep their arrival order. */
function addChild(parent: Node, child: Node): void {
  let at = 0;
  while (at < parent.children.length) {
    const other = parent.children[at] as Node;
    if (other.comm > child.comm) break;
    if (other.comm === child.comm && other.uid > child.uid) break;
    at++;
  }
  parent.children.splice(at, 0, child);
}

/** psmisc's drawing, as busybox ports it: ASCII connectors, widths remembered per level. */
class TreePrinter {
  output = '';
  private x = 0;
  private readonly widths: number[] = [];
  private readonly more: boolean[] = [];
  private dumped = false;

  constructor(
    private readonly width: number,
    private readonly showPids: boolean,
  ) {}

  dump(node: Node | undefined): void {
    if (node) this.tree(node, 0, 1, true, true, 0);
  }

  /** Every subtree whose top process belongs to `uid`, one after another. */
  dumpByUser(node: Node | undefined, uid: number): boolean {
    if (!node) return this.dumped;
    if (node.uid === uid) {
      if (this.dumped) this.output += '\n';
      this.tree(node, 0, 1, true, true, 0);
      this.dumped = true;
      return true;
    }
    for (const child of node.children) this.dumpByUser(child, uid);
    return this.dumped;
  }

  private char(c: string): void {
    this.x++;
    if (this.x > this.width) return;
    this.output += this.x === this.width ? '+' : c;
  }

  private string(s: string): void {
    for (const c of s) this.char(c);
  }

  private newline(): void {
    this.output += '\n';
    this.x = 0;
  }

  private equal(a: Node, b: Node): boolean {
    if (a.comm !== b.comm || (this.showPids && a.pid !== b.pid)) return false;
    if (a.children.length !== b.children.length) return false;
    return a.children.every((child, i) => this.equal(child, b.children[i] as Node));
  }

  private tree(
    node: Node,
    level: number,
    repeats: number,
    leaf: boolean,
    last: boolean,
    closing: number,
  ): void {
    if (!leaf) {
      for (let lvl = 0; lvl < level; lvl++) {
        this.string(' '.repeat((this.widths[lvl] ?? 0) + 1));
        if (lvl === level - 1) this.string(last ? '`-' : '|-');
        else this.string(this.more[lvl + 1] ? '| ' : '  ');
      }
    }
    let added = 0;
    if (repeats > 1) {
      const prefix = `${repeats}*[`;
      added += prefix.length;
      this.string(prefix);
    }
    let length = node.comm.length;
    this.string(node.comm);
    if (this.showPids) {
      const pid = `(${node.pid})`;
      length += pid.length;
      this.string(pid);
    }
    const offset = this.x;
    if (node.children.length === 0) {
      this.string(']'.repeat(closing));
      this.newline();
    }
    this.more[level] = !last;
    this.widths[level] = length + this.x - offset + added;
    if (this.x >= this.width) {
      this.newline();
      return;
    }
    const children = [...node.children];
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as Node;
      let count = 0;
      for (let j = i + 1; j < children.length; ) {
        if (this.equal(child, children[j] as Node)) {
          children.splice(j, 1);
          count++;
        } else j++;
      }
      const hasNext = i + 1 < children.length;
      if (i === 0) this.string(hasNext ? '-+-' : '---');
      this.tree(child, level + 1, count + 1, i === 0, !hasNext, closing + (count > 0 ? 1 : 0));
    }
  }
}
