/**
 * What curl (OpenSSL 3, Debian's defaults) decides about a server's certificate before it sends
 * a byte: the chain must end at a certificate of the CA bundle — `--cacert FILE`, else the
 * system's `/etc/ssl/certs/ca-certificates.crt`, which holds public CAs and never a cluster's —
 * and the name in the URL must be among the certificate's subject alternative names. Real
 * X.509 checks (signature, issuer) with Node's crypto, on the real certificates the simulated
 * API server serves; the messages are curl 7.88.1's.
 */

import { X509Certificate } from 'node:crypto';
import type { ProcessContext } from '../process/contracts.js';
import { resolvePath, text } from './io.js';
import { isIPv4Literal } from './name-resolution.js';

export const SYSTEM_CA_FILE = '/etc/ssl/certs/ca-certificates.crt';

export type PeerVerdict =
  | { ok: true }
  /** curl's exit code (60 peer verification, 77 bad CA file) and its error text. */
  | { ok: false; code: 60 | 77; message: string };

/** The PEM certificates of a bundle; undefined when there is none to load. */
function parseBundle(content: string): X509Certificate[] | undefined {
  const blocks = content.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
  if (!blocks) return undefined;
  const certificates: X509Certificate[] = [];
  for (const block of blocks) {
    try {
      certificates.push(new X509Certificate(block));
    } catch {
      return undefined;
    }
  }
  return certificates;
}

function loadAnchors(
  context: ProcessContext,
  caFile: string | undefined,
): X509Certificate[] | PeerVerdict {
  if (caFile === undefined) {
    // The image's bundle (when it has one) trusts public CAs only, never a cluster's own.
    try {
      return parseBundle(text(context.fs.readFile(SYSTEM_CA_FILE))) ?? [];
    } catch {
      return [];
    }
  }
  let content: string;
  try {
    content = text(context.fs.readFile(resolvePath(context.cwd, caFile)));
  } catch {
    return { ok: false, code: 77, message: `error setting certificate file: ${caFile}` };
  }
  return (
    parseBundle(content) ?? {
      ok: false,
      code: 77,
      message: `error setting certificate file: ${caFile}`,
    }
  );
}

/**
 * OpenSSL's verdict on the chain, with curl's partial-chain flag: a bundle certificate that is
 * the server's own, or one that issued and signed it, ends the chain.
 */
function chainProblem(leaf: X509Certificate, anchors: X509Certificate[]): string | undefined {
  for (const anchor of anchors) {
    if (anchor.fingerprint256 === leaf.fingerprint256) return undefined;
    if (leaf.checkIssued(anchor) && leaf.verify(anchor.publicKey)) return undefined;
  }
  const selfSigned = leaf.issuer === leaf.subject && leaf.verify(leaf.publicKey);
  return selfSigned ? 'self-signed certificate' : 'unable to get local issuer certificate';
}

export function verifyPeer(
  context: ProcessContext,
  peerCertificates: readonly string[],
  host: string,
  caFile: string | undefined,
): PeerVerdict {
  const anchors = loadAnchors(context, caFile);
  if (!Array.isArray(anchors)) return anchors;
  const leafPem = peerCertificates[0];
  if (!leafPem) {
    return {
      ok: false,
      code: 60,
      message: 'SSL certificate problem: unable to get local issuer certificate',
    };
  }
  const leaf = new X509Certificate(leafPem);
  const problem = chainProblem(leaf, anchors);
  if (problem) return { ok: false, code: 60, message: `SSL certificate problem: ${problem}` };
  const matches = isIPv4Literal(host)
    ? leaf.checkIP(host) !== undefined
    : leaf.checkHost(host) !== undefined;
  if (!matches) {
    return {
      ok: false,
      code: 60,
      message: `SSL: no alternative certificate subject name matches target host name '${host}'`,
    };
  }
  return { ok: true };
}

/** What curl adds after a failed peer verification (CURL_CA_CERT_ERRORMSG). */
export const CA_CERT_ERROR_HELP =
  'More details here: https://curl.se/docs/sslcerts.html\n\n' +
  'curl failed to verify the legitimacy of the server and therefore could not\n' +
  'establish a secure connection to it. To learn more about this situation and\n' +
  'how to fix it, please visit the web page mentioned above.\n';
