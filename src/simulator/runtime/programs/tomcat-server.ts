import { TEMURIN, type TomcatRelease } from '../images/tomcat-image.js';
import type {
  HttpRequest,
  HttpResponse,
  ProcessContext,
  SignalName,
} from '../process/contracts.js';
import { SIGNALS } from '../process/contracts.js';
import { bytes, text } from './io.js';
import { JuliLog, logDate } from './juli-log.js';
import { KERNEL } from './machine.js';
import { localTime } from './nginx-static.js';

/** What the JVM's `--add-opens` options are, as catalina.sh puts them in JDK_JAVA_OPTIONS. */
export const ADD_OPENS = [
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/java.util=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent=ALL-UNNAMED',
  '--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED',
];

const HTTP_DATE = (date: Date) => date.toUTCString();

/** The HTTP connector and access log valve of server.xml (the simulator reads only these). */
interface ServerSettings {
  port: number;
  accessLog: { directory: string; prefix: string; suffix: string } | undefined;
}

function readServerXml(context: ProcessContext, base: string): ServerSettings {
  let xml = '';
  try {
    xml = text(context.fs.readFile(`${base}/conf/server.xml`));
  } catch {
    xml = '';
  }
  const live = xml.replace(/<!--[\s\S]*?-->/g, '');
  const connector = /<Connector\b[^>]*>/.exec(live)?.[0] ?? '';
  const port = Number(/\bport="(\d+)"/.exec(connector)?.[1] ?? 8080);
  const valve = /<Valve\b[^>]*AccessLogValve[^>]*>/.exec(live)?.[0];
  const attribute = (name: string, fallback: string) =>
    (valve && new RegExp(`\\b${name}="([^"]*)"`).exec(valve)?.[1]) ?? fallback;
  return {
    port,
    accessLog: valve
      ? {
          directory: attribute('directory', 'logs'),
          prefix: attribute('prefix', 'localhost_access_log'),
          suffix: attribute('suffix', '.txt'),
        }
      : undefined,
  };
}

/** Tomcat's ErrorReportValve page for a status with no message (an unmapped URL). */
export function statusReport(
  status: number,
  title: string,
  description: string,
  release: TomcatRelease,
): string {
  return `<!doctype html><html lang="en"><head><title>HTTP Status ${status} – ${title}</title><style type="text/css">body {font-family:Tahoma,Arial,sans-serif;} h1, h2, h3, b {color:white;background-color:#525D76;} h1 {font-size:22px;} h2 {font-size:16px;} h3 {font-size:14px;} p {font-size:12px;} a {color:black;} .line {height:1px;background-color:#525D76;border:none;}</style></head><body><h1>HTTP Status ${status} – ${title}</h1><hr class="line" /><p><b>Type</b> Status Report</p><p><b>Description</b> ${description}</p><hr class="line" /><h3>Apache Tomcat/${release.version}</h3></body></html>`;
}

const NOT_FOUND_DESCRIPTION =
  'The origin server did not find a current representation for the target resource or is not willing to disclose that one exists.';

/** The JVM arguments VersionLoggerListener lists, in the order a catalina.sh-started JVM has them. */
function jvmArguments(release: TomcatRelease, base: string, home: string): string[] {
  return [
    `-Djava.util.logging.config.file=${base}/conf/logging.properties`,
    '-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager',
    '-Djdk.tls.ephemeralDHKeySize=2048',
    '-Djava.protocol.handler.pkgs=org.apache.catalina.webresources',
    '-Dorg.apache.catalina.security.SecurityListener.UMASK=0027',
    ...ADD_OPENS,
    ...(release.major === 9 ? ['-Dignore.endorsed.dirs='] : []),
    `-Dcatalina.base=${base}`,
    `-Dcatalina.home=${home}`,
    `-Djava.io.tmpdir=${base}/temp`,
  ];
}

/**
 * `catalina.sh run` after its `exec java …`: Catalina loads (VersionLoggerListener, the Tomcat
 * Native library, the HTTP connector), starts, and serves the empty `webapps/` — every request
 * is a 404 with Tomcat's error page and a line in the access log, which AccessLogValve buffers
 * and its background thread flushes every 10 seconds. The startup takes about a second of
 * simulated time. SIGTERM, SIGINT and SIGHUP run the JVM's shutdown hook (the connector is
 * paused, the service stopped) and the JVM exits with 128 + the signal; SIGQUIT is the JVM's
 * thread dump and does not stop it.
 */
export async function runTomcat(
  context: ProcessContext,
  release: TomcatRelease,
  home: string,
  base: string,
): Promise<number> {
  const clock = context.clock;
  const killed = context.signals.killed;
  const juli = new JuliLog(context, `${base}/logs`);
  juli.open();
  let stopSignal: SignalName | undefined;
  let wake: (() => void) | undefined;
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    context.signals.handle(signal, () => {
      stopSignal ??= signal;
      wake?.();
    });
  }
  context.signals.handle('SIGQUIT', 'ignore');
  const pause = async (ms: number) => {
    if (stopSignal === undefined) await clock.sleep(ms, killed);
  };
  const main = (source: string, message: string) => juli.info('main', source, message);
  const version = 'org.apache.catalina.startup.VersionLoggerListener.log';
  await pause(380);
  const loadStarted = clock.now().getTime();
  for (const [label, value] of [
    ['Server version name:  ', `Apache Tomcat/${release.version}`],
    ['Server built:         ', release.built],
    ['Server version number:', `${release.version}.0`],
    ['OS Name:              ', 'Linux'],
    ['OS Version:           ', KERNEL.release],
    ['Architecture:         ', 'amd64'],
    ['Java Home:            ', '/opt/java/openjdk'],
    ['JVM Version:          ', TEMURIN.runtime],
    ['JVM Vendor:           ', 'Eclipse Adoptium'],
    ['CATALINA_BASE:        ', base],
    ['CATALINA_HOME:        ', home],
  ] as const) {
    await main(version, `${label} ${value}`);
  }
  for (const argument of jvmArguments(release, base, home)) {
    await main(version, `Command line argument: ${argument}`);
  }
  await pause(40);
  const apr = 'org.apache.catalina.core.AprLifecycleListener';
  await main(
    `${apr}.lifecycleEvent`,
    `Loaded Apache Tomcat Native library [${release.native}] using APR version [1.7.2].`,
  );
  if (release.major === 9) {
    await main(
      `${apr}.lifecycleEvent`,
      'APR capabilities: IPv6 [true], sendfile [true], accept filters [false], random [true], UDS [true].',
    );
    await main(
      `${apr}.lifecycleEvent`,
      'APR/OpenSSL configuration: useAprConnector [false], useOpenSSL [true]',
    );
  }
  await main(
    `${apr}.initializeSSL`,
    'OpenSSL successfully initialized [OpenSSL 3.0.13 30 Jan 2024]',
  );
  await pause(260);
  const settings = readServerXml(context, base);
  const handler = `"http-nio-${settings.port}"`;
  await main(
    'org.apache.coyote.AbstractProtocol.init',
    `Initializing ProtocolHandler [${handler}]`,
  );
  const access = new AccessLog(context, base, settings.accessLog);
  const serve = async (request: HttpRequest): Promise<HttpResponse> => {
    const page = bytes(statusReport(404, 'Not Found', NOT_FOUND_DESCRIPTION, release));
    const head = request.method === 'HEAD';
    access.add(request, 404, head ? 0 : page.length);
    return {
      status: 404,
      headers: {
        'content-type': 'text/html;charset=utf-8',
        'content-language': 'en',
        'content-length': String(page.length),
        date: HTTP_DATE(clock.now()),
      },
      body: head ? new Uint8Array() : page,
    };
  };
  let close: (() => void) | undefined;
  try {
    // NIO binds the port when the connector initialises: a TCP connect succeeds from here on.
    close = context.network.listen(settings.port, serve);
  } catch {
    await juli.record(
      'SEVERE',
      'main',
      'org.apache.catalina.util.LifecycleBase.handleSubClassException',
      `Failed to initialize component [Connector["http-nio-${settings.port}"]]`,
    );
  }
  try {
    await pause(90);
    const loaded = clock.now().getTime() - loadStarted;
    await main(
      'org.apache.catalina.startup.Catalina.load',
      `Server initialization in [${loaded}] milliseconds`,
    );
    const startStarted = clock.now().getTime();
    await main(
      'org.apache.catalina.core.StandardService.startInternal',
      'Starting service [Catalina]',
    );
    await main(
      'org.apache.catalina.core.StandardEngine.startInternal',
      `Starting Servlet engine: [Apache Tomcat/${release.version}]`,
    );
    access.open();
    await pause(45);
    await main('org.apache.coyote.AbstractProtocol.start', `Starting ProtocolHandler [${handler}]`);
    await pause(8);
    const started = clock.now().getTime() - startStarted;
    await main(
      'org.apache.catalina.startup.Catalina.start',
      `Server startup in [${started}] milliseconds`,
    );
    // The container background processor: every 10 s it flushes the access log.
    while (stopSignal === undefined) {
      await Promise.race([
        clock.sleep(10_000, killed),
        new Promise<void>((resolve) => {
          wake = resolve;
        }),
      ]);
      access.flush();
    }
    const hook = (source: string, message: string) => juli.info('Thread-1', source, message);
    await hook('org.apache.coyote.AbstractProtocol.pause', `Pausing ProtocolHandler [${handler}]`);
    await hook(
      'org.apache.catalina.core.StandardService.stopInternal',
      'Stopping service [Catalina]',
    );
    await hook('org.apache.coyote.AbstractProtocol.stop', `Stopping ProtocolHandler [${handler}]`);
    await hook(
      'org.apache.coyote.AbstractProtocol.destroy',
      `Destroying ProtocolHandler [${handler}]`,
    );
    return 128 + SIGNALS[stopSignal];
  } finally {
    close?.();
    access.flush();
  }
}

/** AccessLogValve with the common pattern, buffered (its default) until a flush. */
class AccessLog {
  private pending = '';

  constructor(
    private readonly context: ProcessContext,
    private readonly base: string,
    private readonly settings: ServerSettings['accessLog'],
  ) {}

  private path(): string | undefined {
    if (!this.settings) return undefined;
    const { directory, prefix, suffix } = this.settings;
    const dir = directory.startsWith('/') ? directory : `${this.base}/${directory}`;
    return `${dir}/${prefix}.${logDate(this.context.clock.now())}${suffix}`;
  }

  /** The valve opens its file when the Host starts. */
  open(): void {
    this.write('');
  }

  add(request: HttpRequest, status: number, size: number): void {
    if (!this.settings) return;
    const line = `${request.method} ${request.path} HTTP/1.1`;
    this.pending += `127.0.0.1 - - [${localTime(this.context.clock.now())}] "${line}" ${status} ${size === 0 ? '-' : size}\n`;
  }

  flush(): void {
    if (this.pending === '') return;
    this.write(this.pending);
    this.pending = '';
  }

  private write(data: string): void {
    const path = this.path();
    if (!path) return;
    try {
      this.context.fs.writeFile(path, data, { append: true });
    } catch {
      // A logs directory that cannot be written loses the access log, as Tomcat's does.
    }
  }
}
