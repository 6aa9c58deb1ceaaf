import type { HttpRequest, HttpResponse, ProcessContext } from '../process/contracts.js';
import { bytes, resolvePath } from './io.js';
import type { NginxSettings } from './nginx-config.js';

/** How an nginx worker answers a request for a static file, and how it logs it. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** `2024/05/14 10:21:33`: the error log's clock. */
export function errorTime(date: Date): string {
  return `${date.getUTCFullYear()}/${p2(date.getUTCMonth() + 1)}/${p2(date.getUTCDate())} ${p2(date.getUTCHours())}:${p2(date.getUTCMinutes())}:${p2(date.getUTCSeconds())}`;
}

/** `$time_local`: `14/May/2024:10:21:33 +0000`. */
export function localTime(date: Date): string {
  return `${p2(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${p2(date.getUTCHours())}:${p2(date.getUTCMinutes())}:${p2(date.getUTCSeconds())} +0000`;
}

const MIME: Record<string, string> = {
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'application/javascript',
  json: 'application/json',
  txt: 'text/plain',
  png: 'image/png',
  jpg: 'image/jpeg',
  svg: 'image/svg+xml',
};

/** nginx's built-in error pages: CRLF line ends, the version in the footer. */
export function errorPage(status: number, title: string, version: string): string {
  return `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
}

export async function respond(
  context: ProcessContext,
  settings: NginxSettings,
  version: string,
  request: HttpRequest,
  workerPid: number,
  connection: number,
): Promise<HttpResponse> {
  const now = context.clock.now();
  const path = decodeURIComponent(request.path.split('?')[0] ?? '/');
  const requestLine = `${request.method} ${request.path} HTTP/1.1`;
  const baseHeaders = { Server: `nginx/${version}`, Date: now.toUTCString() };
  const header = (name: string) => request.headers[name.toLowerCase()] ?? '-';
  const finish = async (response: HttpResponse, sent: number) => {
    // HttpRequest carries no peer address: every client shows as loopback.
    const remote = '127.0.0.1';
    await context.stdout.write(
      `${remote} - - [${localTime(now)}] "${requestLine}" ${response.status} ${sent} "${header('referer')}" "${header('user-agent')}" "${header('x-forwarded-for')}"\n`,
    );
    return response;
  };
  const failure = async (status: number, title: string, logLine?: string) => {
    if (logLine !== undefined) {
      await context.stderr.write(
        `${errorTime(now)} [error] ${workerPid}#${workerPid}: *${connection} ${logLine}, client: 127.0.0.1, server: ${settings.serverName}, request: "${requestLine}", host: "${request.headers.host ?? 'localhost'}"\n`,
      );
    }
    const body = bytes(errorPage(status, title, version));
    const response = {
      status,
      headers: {
        ...baseHeaders,
        'Content-Type': 'text/html',
        'Content-Length': String(body.length),
        Connection: 'keep-alive',
      },
      body: request.method === 'HEAD' ? new Uint8Array() : body,
    };
    return finish(response, request.method === 'HEAD' ? 0 : body.length);
  };
  if (!['GET', 'HEAD'].includes(request.method)) return failure(405, 'Not Allowed');
  let file = resolvePath(settings.root, path.replace(/^\/+/, ''));
  try {
    if (context.fs.stat(file).type === 'directory') {
      if (!path.endsWith('/')) {
        const body = bytes(errorPage(301, 'Moved Permanently', version));
        return finish(
          {
            status: 301,
            headers: {
              ...baseHeaders,
              'Content-Type': 'text/html',
              'Content-Length': String(body.length),
              Location: `http://${request.headers.host ?? 'localhost'}${path}/`,
              Connection: 'keep-alive',
            },
            body,
          },
          body.length,
        );
      }
      const index = settings.index
        .map((name) => `${file.replace(/\/$/, '')}/${name}`)
        .find((candidate) => context.fs.exists(candidate));
      if (index === undefined)
        return failure(403, 'Forbidden', `directory index of "${file}" is forbidden`);
      file = index;
    }
    const stat = context.fs.stat(file);
    const body = context.fs.readFile(file);
    const extension = file.split('.').pop() ?? '';
    const response: HttpResponse = {
      status: 200,
      headers: {
        ...baseHeaders,
        'Content-Type': MIME[extension] ?? 'application/octet-stream',
        'Content-Length': String(body.length),
        'Last-Modified': new Date(stat.mtimeMs).toUTCString(),
        Connection: 'keep-alive',
        ETag: `"${Math.floor(stat.mtimeMs / 1000).toString(16)}-${body.length.toString(16)}"`,
        'Accept-Ranges': 'bytes',
      },
      body: request.method === 'HEAD' ? new Uint8Array() : body,
    };
    return finish(response, request.method === 'HEAD' ? 0 : body.length);
  } catch {
    return failure(404, 'Not Found', `open() "${file}" failed (2: No such file or directory)`);
  }
}
