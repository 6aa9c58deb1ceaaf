import type { ProcessContext, Program } from '../process/contracts.js';

/**
 * Which implementation a binary comes from. The same command prints different messages in
 * busybox (`cat: can't open 'x': …`) and GNU coreutils (`cat: x: …`), so every tool takes the
 * flavour of the image it is installed in.
 */
export type Flavour = 'busybox' | 'gnu';

/** The first line of every busybox usage text: the version the images ship. */
export const BUSYBOX_BANNER = 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n';

/**
 * An applet's usage text as busybox's bb_show_usage writes it (on stderr): the banner, then
 * `Usage: ` with the trivial usage, then the full one. `usage` starts with the applet's name.
 */
export function busyboxUsage(usage: string, full: string): string {
  return `${BUSYBOX_BANNER}\nUsage: ${usage}\n\n${full}\n`;
}

/** A program written once for both flavours; the catalogue binds the image's flavour. */
export type Tool = (context: ProcessContext, flavour: Flavour) => Promise<number>;

export function bindTool(tool: Tool, flavour: Flavour): Program {
  return (context) => tool(context, flavour);
}

/** The name a tool reports itself as: the basename of argv[0] (`/bin/ls` → `ls`). */
export function toolName(context: ProcessContext, fallback: string): string {
  const first = context.argv[0] ?? fallback;
  const base = first.slice(first.lastIndexOf('/') + 1);
  return base === '' ? fallback : base;
}
