/**
 * kube-apiserver indents its JSON for people (`negotiation.isPrettyPrint`): when the query says
 * `?pretty=true`, or the client is curl, Wget or a browser by its User-Agent. kubectl and
 * client-node get the compact form. Indented output is `json.MarshalIndent(obj, "", "  ")`,
 * without a trailing newline.
 */

import type { IncomingMessage } from 'node:http';

export function isPrettyPrint(req: IncomingMessage | undefined): boolean {
  if (!req) return false;
  const pretty = new URL(req.url ?? '/', 'http://x').searchParams.get('pretty');
  if (pretty !== null && pretty !== '')
    return ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(pretty);
  const agent = req.headers['user-agent'] ?? '';
  return agent.startsWith('curl') || agent.startsWith('Wget') || agent.startsWith('Mozilla/5.0');
}

/** The indented form of a JSON text. */
export function indentJson(text: string): string {
  return JSON.stringify(JSON.parse(text), null, 2);
}
