import type { OutputStream } from '../process/contracts.js';
import { curl } from './curl.js';
import { bytes, text } from './io.js';
import type { Tool } from './tool.js';

/** A curl build other than nginx's Debian 7.88.1: what `--version` shows and the User-Agent. */
export interface CurlBuild {
  version: string;
  /** `x86_64-pc-linux-musl`. */
  host: string;
  /** The rest of the first `--version` line after `libcurl/<version>`. */
  libraries: string;
  releaseDate: string;
  protocols: string;
  features: string;
}

/** curlimages/curl 8.13.0: curl-container's static-ish Alpine build. */
export const CURL_IMAGE_8_13: CurlBuild = {
  version: '8.13.0',
  host: 'x86_64-pc-linux-musl',
  libraries:
    'OpenSSL/3.3.3 zlib/1.3.1 brotli/1.1.0 zstd/1.5.6 libidn2/2.3.7 libpsl/0.21.5 libssh2/1.11.1 nghttp2/1.64.0',
  releaseDate: '2025-04-02',
  protocols:
    'dict file ftp ftps gopher gophers http https imap imaps ipfs ipns mqtt pop3 pop3s rtsp scp sftp smb smbs smtp smtps telnet tftp ws wss',
  features:
    'alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd',
};

export const CURL_IMAGE_8_12: CurlBuild = {
  ...CURL_IMAGE_8_13,
  version: '8.12.1',
  releaseDate: '2025-02-13',
};

/** Ubuntu 24.04's curl (in eclipse-temurin and so in the tomcat image). */
export const CURL_NOBLE: CurlBuild = {
  version: '8.5.0',
  host: 'x86_64-pc-linux-gnu',
  libraries:
    'OpenSSL/3.0.13 zlib/1.3 brotli/1.1.0 zstd/1.5.5 libidn2/2.3.7 libpsl/0.21.2 (+libidn2/2.3.7) libssh/0.10.6/openssl/zlib nghttp2/1.59.0 librtmp/2.3 OpenLDAP/2.6.7',
  releaseDate: '2023-12-06, security patched: 8.5.0-2ubuntu10.6',
  protocols:
    'dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtmpe rtmps rtmpt rtmpte rtmpts rtsp scp sftp smb smbs smtp smtps telnet tftp',
  features:
    'alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd',
};

/** Newer curl (from 8.6) says "Could not" where 7.88 and 8.5 say "Couldn't". */
function saysCouldNot(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 8 || (major === 8 && minor >= 6);
}

/**
 * The same transfer engine as nginx's curl (`curl.ts`: the pod network, name resolution, TLS
 * verification), presented as `build`: its `--version`, its `User-Agent: curl/<version>`
 * (also what `-A`/`--user-agent` set, which the engine spells `-H`), its error wording.
 */
export function curlRelease(build: CurlBuild): Tool {
  return async (context, flavour) => {
    const args = context.argv.slice(1);
    if (args.includes('--version') || args.includes('-V')) {
      await context.stdout.write(
        `curl ${build.version} (${build.host}) libcurl/${build.version} ${build.libraries}\nRelease-Date: ${build.releaseDate}\nProtocols: ${build.protocols}\nFeatures: ${build.features}\n`,
      );
      return 0;
    }
    const rewritten: string[] = ['-H', `User-Agent: curl/${build.version}`];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i] as string;
      if (arg === '-A' || arg === '--user-agent')
        rewritten.push('-H', `User-Agent: ${args[++i] ?? ''}`);
      else rewritten.push(arg);
    }
    const stderr = saysCouldNot(build.version) ? couldNot(context.stderr) : context.stderr;
    return curl({ ...context, argv: [context.argv[0] ?? 'curl', ...rewritten], stderr }, flavour);
  };
}

function couldNot(stream: OutputStream): OutputStream {
  const wrapped: OutputStream = {
    isTerminal: stream.isTerminal,
    write: (data) => {
      const line = typeof data === 'string' ? data : text(data);
      return stream.write(
        bytes(line.replace("Couldn't connect to server", 'Could not connect to server')),
      );
    },
  };
  return stream.terminal ? { ...wrapped, terminal: stream.terminal } : wrapped;
}
