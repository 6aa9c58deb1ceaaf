import type { ProcessContext } from '../process/contracts.js';
import { readAll, reason, resolvePath } from './io.js';
import type { Flavour } from './tool.js';

/**
 * Reading the operands of a filter (`-` or none is stdin) with each tool's own complaint for
 * a file it cannot open: the one place where busybox and coreutils differ most.
 */
export function openError(tool: string, flavour: Flavour, operand: string, why: string): string {
  if (flavour === 'busybox') {
    if (tool === 'grep') return `grep: ${operand}: ${why}\n`;
    if (tool === 'sed') return `sed: ${operand}: ${why}\n`;
    return `${tool}: can't open '${operand}': ${why}\n`;
  }
  switch (tool) {
    case 'head':
    case 'tail':
      return `${tool}: cannot open '${operand}' for reading: ${why}\n`;
    case 'sort':
      return `sort: cannot read: ${operand}: ${why}\n`;
    case 'sed':
      return `sed: can't read ${operand}: ${why}\n`;
    default:
      return `${tool}: ${operand}: ${why}\n`;
  }
}

export interface Input {
  name: string;
  data: Uint8Array;
}

/** Each operand's bytes in order; unreadable ones are reported and flagged in `failed`. */
export async function readInputs(
  context: ProcessContext,
  flavour: Flavour,
  tool: string,
  operands: readonly string[],
): Promise<{ inputs: Input[]; failed: boolean }> {
  const inputs: Input[] = [];
  let failed = false;
  for (const operand of operands.length > 0 ? operands : ['-']) {
    if (operand === '-') {
      inputs.push({ name: operand, data: await readAll(context.stdin, context.signals.killed) });
      continue;
    }
    try {
      inputs.push({ name: operand, data: context.fs.readFile(resolvePath(context.cwd, operand)) });
    } catch (error) {
      const why = reason(error);
      // Reading a directory: coreutils says "Is a directory" on read; busybox likewise.
      await context.stderr.write(openError(tool, flavour, operand, why));
      failed = true;
    }
  }
  return { inputs, failed };
}
