import { paint } from '../ui/paint.js';
import { HIDE_CURSOR, SHOW_CURSOR } from './live-region.js';
import { guide } from './step-screen.js';

export interface Spinner {
  message(text: string): void;
  stop(text: string): void;
  fail(text: string): void;
  /** Takes the spinner off the screen (its guide line too), leaving nothing behind. */
  clear(): void;
}

/** Yellow: waiting (UX.md's colours). */
const FRAMES = ['◒', '◐', '◓', '◑'];

/**
 * clack's look, our own spinner: clack's puts the terminal in raw mode and exits the process
 * with code 0 on Ctrl-C, where the runner must restore the terminal and exit 130. This one
 * leaves the terminal cooked, so Ctrl-C is a SIGINT the runner's Interrupt handles.
 */
export function startSpinner(out: NodeJS.WriteStream, text: string): Spinner {
  let message = text;
  let frame = 0;
  const draw = () => {
    out.write(`\r\x1b[K${paint.wait(FRAMES[frame % FRAMES.length] ?? '')}  ${message}`);
    frame += 1;
  };
  out.write(`${guide()}\n${HIDE_CURSOR}`);
  draw();
  const timer = setInterval(draw, 80);
  timer.unref();
  const end = (mark: string, final: string) => {
    clearInterval(timer);
    out.write(`\r\x1b[K${mark}  ${final}\n${SHOW_CURSOR}`);
  };
  return {
    message: (next) => {
      message = next;
    },
    stop: (final) => end(paint.pass('◇'), final),
    fail: (final) => end(paint.fail('▲'), final),
    clear: () => {
      clearInterval(timer);
      out.write(`\r\x1b[K\x1b[1A\r\x1b[K${SHOW_CURSOR}`);
    },
  };
}
