import { addressOf, failureOf, fetchTarget, parseTarget, STATUS_TEXT } from './http-client.js';
import { reason, resolvePath } from './io.js';
import { BUSYBOX_BANNER, type Tool } from './tool.js';

/**
 * busybox `wget [-q] [-O FILE] [-T SEC] [--spider] [--header 'K: V'] [--no-check-certificate]
 * URL`. `-O-` writes to stdout; otherwise the file is named after the URL (`index.html` for
 * `/`). HTTPS uses busybox's own TLS, which checks no certificate and says so unless told not to.
 * Messages are busybox 1.36's.
 */
export const wget: Tool = async (context) => {
  const args = context.argv.slice(1);
  let quiet = false;
  let output: string | undefined;
  let spider = false;
  let checkCertificate = true;
  const headers: Record<string, string> = {};
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--spider') spider = true;
    else if (arg === '-O') output = args[++i];
    else if (arg === '--no-check-certificate') checkCertificate = false;
    else if (arg === '--header' || arg.startsWith('--header=')) {
      const header = arg === '--header' ? (args[++i] ?? '') : arg.slice('--header='.length);
      const at = header.indexOf(':');
      if (at > 0) headers[header.slice(0, at).trim().toLowerCase()] = header.slice(at + 1).trim();
    } else if (arg === '-T' || arg === '-U') i++;
    else if (/^-[qO]/.test(arg)) {
      const o = arg.indexOf('O');
      if (arg.includes('q') && (o < 0 || arg.indexOf('q') < o)) quiet = true;
      if (o >= 0) output = o + 1 < arg.length ? arg.slice(o + 1) : args[++i];
    } else url = arg;
  }
  if (url === undefined) {
    await context.stderr.write(BUSYBOX_BANNER);
    return 1;
  }
  const target = parseTarget(url);
  if (!target) {
    await context.stderr.write(`wget: not an http or ftp url: ${url}\n`);
    return 1;
  }
  const address = await addressOf(context, target.host);
  if (!quiet)
    await context.stderr.write(`Connecting to ${target.host} (${address}:${target.port})\n`);
  let response: Awaited<ReturnType<typeof fetchTarget>>;
  try {
    response = await fetchTarget(
      context,
      target,
      spider ? 'HEAD' : 'GET',
      { 'user-agent': 'Wget', connection: 'close', ...headers },
      undefined,
      async () => {
        if (checkCertificate) {
          await context.stderr.write('wget: note: TLS certificate validation not implemented\n');
        }
      },
    );
  } catch (error) {
    const failure = failureOf(error);
    await context.stderr.write(
      failure === 'unresolved'
        ? `wget: bad address '${target.host}'\n`
        : failure === 'unreachable'
          ? `wget: can't connect to remote host (${address}): Network is unreachable\n`
          : failure === 'timeout'
            ? `wget: can't connect to remote host (${address}): Connection timed out\n`
            : failure === 'tls-plain'
              ? 'wget: error getting response: Connection reset by peer\n'
              : `wget: can't connect to remote host (${address}): Connection refused\n`,
    );
    return 1;
  }
  if (response.status >= 400) {
    await context.stderr.write(
      `wget: server returned error: HTTP/1.1 ${response.status} ${STATUS_TEXT[response.status] ?? ''}\n`,
    );
    return 1;
  }
  if (spider) {
    if (!quiet) await context.stderr.write('remote file exists\n');
    return 0;
  }
  const name = output ?? (target.path.split('?')[0]?.split('/').pop() || 'index.html');
  if (name === '-') {
    if (!quiet) await context.stderr.write('writing to stdout\n');
    await context.stdout.write(response.body);
    if (!quiet)
      await context.stderr.write(`${progress('-', response.body.length)}written to stdout\n`);
    return 0;
  }
  if (!quiet) await context.stderr.write(`saving to '${name}'\n`);
  try {
    context.fs.writeFile(resolvePath(context.cwd, name), response.body);
  } catch (error) {
    await context.stderr.write(`wget: can't open '${name}': ${reason(error)}\n`);
    return 1;
  }
  if (!quiet)
    await context.stderr.write(`${progress(name, response.body.length)}'${name}' saved\n`);
  return 0;
};

/** The last state of busybox's progress bar (the name cut to 20, a full bar, size, ETA). */
function progress(name: string, size: number): string {
  return `${name.slice(0, 20).padEnd(20)} 100% |********************************| ${String(size).padStart(5)}  0:00:00 ETA\n`;
}
