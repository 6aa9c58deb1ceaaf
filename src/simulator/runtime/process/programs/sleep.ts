import type { Program } from '../contracts.js';

const UNITS: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** One `sleep` operand in milliseconds: `5`, `0.5`, `2m`, `1d`, `infinity`. */
export function parseSleepOperand(text: string): number | undefined {
  if (/^inf(inity)?$/i.test(text)) return Number.POSITIVE_INFINITY;
  const match = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * (UNITS[match[2] ?? ''] ?? 1000);
}

/**
 * `sleep` on the simulated clock: the operands add up (`sleep 1m 30`), `infinity` never
 * ends. Dies of SIGTERM like the real one (no handler), so `kubectl delete` of a pod running
 * `sleep 3600` as PID 1 waits out the grace period.
 */
export const sleep: Program = async (context) => {
  const operands = context.argv.slice(1);
  if (operands.length === 0) {
    await context.stderr.write('sleep: missing operand\n');
    return 1;
  }
  let total = 0;
  for (const operand of operands) {
    const ms = parseSleepOperand(operand);
    if (ms === undefined) {
      await context.stderr.write(`sleep: invalid number '${operand}'\n`);
      return 1;
    }
    total += ms;
  }
  await context.clock.sleep(total, context.signals.killed);
  return 0;
};
