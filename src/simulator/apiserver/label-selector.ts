import { badRequest } from './status.js';

/**
 * Label selectors as `?labelSelector=` carries them (`app=web,tier!=db,env in (a,b),!legacy`).
 * The grammar and error texts follow apimachinery's `labels.Parse`.
 */

export type LabelRequirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!' };

export type LabelSelector = LabelRequirement[];

export function parseLabelSelector(text: string | null | undefined): LabelSelector {
  if (!text?.trim()) return [];
  const requirements: LabelSelector = [];
  for (const term of splitTerms(text)) {
    requirements.push(parseTerm(term.trim(), text));
  }
  return requirements;
}

/** Splits on commas that are not inside `( … )`. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms;
}

function parseTerm(term: string, whole: string): LabelRequirement {
  const setMatch = /^([^\s!=()]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (setMatch) {
    const values = (setMatch[3] ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    return { key: setMatch[1] ?? '', op: setMatch[2] as 'in' | 'notin', values };
  }
  const opMatch = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s,]*)$/.exec(term);
  if (opMatch) {
    const value = opMatch[3] ?? '';
    return { key: opMatch[1] ?? '', op: opMatch[2] === '!=' ? 'notin' : 'in', values: [value] };
  }
  if (/^![^\s!=()]+$/.test(term)) return { key: term.slice(1), op: '!' };
  if (/^[^\s!=()]+$/.test(term)) return { key: term, op: 'exists' };
  throw badRequest(
    `unable to parse requirement: found '${term}', expected: in, notin, =, ==, !=, gt, lt in selector "${whole}"`,
  );
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined) {
  return selector.every((requirement) => {
    const value = labels?.[requirement.key];
    switch (requirement.op) {
      case 'exists':
        return value !== undefined;
      case '!':
        return value === undefined;
      case 'in':
        return value !== undefined && requirement.values.includes(value);
      case 'notin':
        return value === undefined || !requirement.values.includes(value);
      default:
        return false;
    }
  });
}
