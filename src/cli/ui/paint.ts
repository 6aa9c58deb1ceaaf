import kleur from 'kleur';

/**
 * Colours carry meaning only (UX.md): green pass, red fail, yellow waiting, dim hints.
 * kleur honours NO_COLOR and FORCE_COLOR; output to a pipe stays plain.
 */
kleur.enabled = kleur.enabled && process.stdout.isTTY === true && !process.env.NO_COLOR;

export const paint = {
  pass: (text: string) => kleur.green(text),
  fail: (text: string) => kleur.red(text),
  wait: (text: string) => kleur.yellow(text),
  dim: (text: string) => kleur.dim(text),
  bold: (text: string) => kleur.bold(text),
};
