import { emitKeypressEvents } from 'node:readline';
import { isCancel } from '@clack/prompts';
import type { Interrupt } from './interrupt.js';
import { isCtrlC, type Key } from './key-input.js';

/**
 * Runs one clack prompt. clack answers both Escape and Ctrl-C with its cancel symbol; the
 * runner tells them apart: Escape means "back" (undefined), Ctrl-C leaves the runner at once
 * (exit 130), as it does everywhere else. Only ever called with a TTY: clack prompts hang
 * or exit 13 without one.
 */
export async function ask<T>(
  io: { input: NodeJS.ReadStream; interrupt: Interrupt },
  prompt: () => Promise<T | symbol>,
): Promise<T | undefined> {
  emitKeypressEvents(io.input);
  let ctrlC = false;
  const watch = (_text: string | undefined, key: Key | undefined) => {
    if (isCtrlC(key)) ctrlC = true;
  };
  io.input.on('keypress', watch);
  try {
    const value = await prompt();
    if (isCancel(value)) {
      if (ctrlC) await io.interrupt.trigger();
      return undefined;
    }
    return value as T;
  } finally {
    io.input.off('keypress', watch);
  }
}
