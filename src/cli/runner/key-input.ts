import { emitKeypressEvents } from 'node:readline';

/** A keypress as node:readline reports it. */
export interface Key {
  name?: string | undefined;
  sequence?: string | undefined;
  ctrl?: boolean | undefined;
  meta?: boolean | undefined;
  shift?: boolean | undefined;
}

export type KeyInput = NodeJS.ReadStream;

export function isCtrlC(key: Key | undefined) {
  return key?.ctrl === true && key.name === 'c';
}

/** The runner's single keys: the letter, lower-case, or `enter`/`escape`. */
export function keyName(text: string | undefined, key: Key | undefined): string | undefined {
  if (key?.name === 'return' || key?.name === 'enter') return 'enter';
  if (key?.name === 'escape') return 'escape';
  if (key?.ctrl || key?.meta) return undefined;
  const letter = text ?? key?.name;
  return letter && letter.length === 1 ? letter.toLowerCase() : undefined;
}

/**
 * Reads single keys in raw mode (no Enter needed, Ctrl-C arrives as a key, not a signal)
 * until the returned function is called, which gives the terminal back in cooked mode.
 * clack's prompts and the learner's shell each take stdin over in turn, so the runner
 * listens only while it shows a screen of its own.
 */
export function readKeys(
  input: KeyInput,
  onKey: (text: string | undefined, key: Key | undefined) => void,
): () => void {
  emitKeypressEvents(input);
  const listener = (text: string | undefined, key: Key | undefined) => onKey(text, key);
  input.on('keypress', listener);
  if (input.isTTY) input.setRawMode(true);
  input.resume();
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    input.off('keypress', listener);
    if (input.isTTY) input.setRawMode(false);
    input.pause();
  };
}
