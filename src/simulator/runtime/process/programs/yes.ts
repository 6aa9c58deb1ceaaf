import type { Program } from '../contracts.js';

/** `yes [STRING]`: writes forever, which is why pipes need back-pressure and SIGPIPE. */
export const yes: Program = async (context) => {
  const line = `${context.argv.length > 1 ? context.argv.slice(1).join(' ') : 'y'}\n`;
  // A buffer's worth per write, as the real one does.
  const chunk = line.repeat(Math.max(1, Math.floor(8192 / line.length)));
  for (;;) {
    await context.stdout.write(chunk);
    await context.yield();
  }
};
