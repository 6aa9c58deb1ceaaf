import { beforeAll, describe, expect, it } from 'vitest';
import { createSelfSignedCertificate, type ServingCertificate } from '../../tls/certificate.js';
import type { ProcessContext } from '../process/contracts.js';
import { verifyPeer } from './tls-verify.js';

/** Just what verifyPeer reads: files by absolute path, and the working directory. */
function withFiles(files: Record<string, string>): ProcessContext {
  const fs = {
    readFile(path: string) {
      const content = files[path];
      if (content === undefined) throw new Error(`ENOENT: ${path}`);
      return new TextEncoder().encode(content);
    },
  };
  return { cwd: '/', fs } as unknown as ProcessContext;
}

describe('curl’s verdict on the API server’s certificate', () => {
  let pki: ServingCertificate;
  beforeAll(async () => {
    pki = await createSelfSignedCertificate();
  });

  it('trusts the serving certificate through the cluster CA, for every in-cluster name', () => {
    const context = withFiles({ '/ca.crt': pki.caPem });
    for (const host of ['kubernetes.default.svc', 'kubernetes', '10.96.0.1', '127.0.0.1']) {
      expect(verifyPeer(context, [pki.certPem], host, '/ca.crt')).toEqual({ ok: true });
    }
    expect(verifyPeer(context, [pki.certPem], 'api.example', '/ca.crt')).toEqual({
      ok: false,
      code: 60,
      message:
        "SSL: no alternative certificate subject name matches target host name 'api.example'",
    });
  });

  it('without the CA: the issuer is unknown; a CA file that is missing or holds no PEM: 77', () => {
    expect(verifyPeer(withFiles({}), [pki.certPem], 'kubernetes', undefined)).toEqual({
      ok: false,
      code: 60,
      message: 'SSL certificate problem: unable to get local issuer certificate',
    });
    expect(verifyPeer(withFiles({ '/x': 'hello' }), [pki.certPem], 'kubernetes', '/x')).toEqual({
      ok: false,
      code: 77,
      message: 'error setting certificate file: /x',
    });
    expect(verifyPeer(withFiles({}), [pki.certPem], 'kubernetes', 'nope.crt')).toMatchObject({
      code: 77,
      message: 'error setting certificate file: nope.crt',
    });
  });

  it('a self-signed server certificate is named so; trusting it directly works (partial chain)', () => {
    expect(verifyPeer(withFiles({}), [pki.caPem], 'kubernetes', undefined)).toMatchObject({
      message: 'SSL certificate problem: self-signed certificate',
    });
    expect(
      verifyPeer(withFiles({ '/srv.crt': pki.certPem }), [pki.certPem], 'kubernetes', '/srv.crt'),
    ).toEqual({
      ok: true,
    });
  });
});
