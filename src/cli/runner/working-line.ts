import { paint } from '../ui/paint.js';
import type { Announcement, Backdrop } from './backdrop.js';
import { guide, noteLines, type Screen } from './step-screen.js';

/** The spinner's frames (spinner.ts turns the same ones in the foreground). */
const FRAMES = ['◒', '◐', '◓', '◑'];
const FRAME_MS = 80;

/**
 * The backdrop's work as a spinner line in a step's live region (`◒  Starting the
 * simulator…`), turning while there is work under way; nothing when there is none.
 */
export class WorkingLine {
  private frame = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly backdrop: Backdrop,
    private readonly redraw: () => void,
  ) {}

  lines(): string[] {
    const activity = this.backdrop.activity;
    if (activity === undefined) return [];
    return [`${paint.wait(FRAMES[this.frame % FRAMES.length] ?? '')}  ${activity}`, guide()];
  }

  /** Turns while the backdrop works, stops when it does not. */
  follow() {
    const busy = this.backdrop.activity !== undefined;
    if (busy && !this.timer) {
      this.timer = setInterval(() => {
        this.frame += 1;
        this.redraw();
      }, FRAME_MS);
      this.timer.unref();
    } else if (!busy) {
      this.stop();
    }
  }

  stop() {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** An announcement as lines above a step's live region, in the spinner's words. */
export function announcementLines(screen: Screen, said: Announcement): string[] {
  if (said.tone === 'warn') return [...noteLines(screen, said.text, 'wait'), guide()];
  const mark = said.tone === 'done' ? paint.pass('◇') : paint.fail('▲');
  return [`${mark}  ${said.text}`, guide()];
}
