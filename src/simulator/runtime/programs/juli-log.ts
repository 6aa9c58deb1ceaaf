import type { ProcessContext } from '../process/contracts.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** `2026-11-23`: the date in JULI's and the access log's file names (the JVM's zone, UTC). */
export function logDate(date: Date): string {
  return `${date.getUTCFullYear()}-${p2(date.getUTCMonth() + 1)}-${p2(date.getUTCDate())}`;
}

/** OneLineFormatter's timestamp: `23-Nov-2026 12:00:00.345`. */
export function oneLineTime(date: Date): string {
  const ms = String(date.getUTCMilliseconds()).padStart(3, '0');
  return `${p2(date.getUTCDate())}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()} ${p2(date.getUTCHours())}:${p2(date.getUTCMinutes())}:${p2(date.getUTCSeconds())}.${ms}`;
}

/** The handlers of Tomcat's logging.properties that open a file at startup, by prefix. */
const FILE_HANDLERS = ['catalina', 'localhost', 'manager', 'host-manager'] as const;

/**
 * Tomcat's JULI logging as `conf/logging.properties` sets it up: every record of the root
 * logger goes to `java.util.logging.ConsoleHandler` (stderr, OneLineFormatter) and to
 * `logs/catalina.<date>.log`; the four AsyncFileHandlers open their files (one per day) when
 * logging starts, so they exist, empty or not, from the JVM's first moments. A logs directory
 * that cannot be written (read-only mount) leaves only the console.
 */
export class JuliLog {
  constructor(
    private readonly context: ProcessContext,
    /** `${catalina.base}/logs`. */
    private readonly directory: string,
  ) {}

  /** Opens (creates) today's file of every file handler. */
  open(): void {
    for (const prefix of FILE_HANDLERS) this.append(prefix, '');
  }

  async info(thread: string, source: string, message: string): Promise<void> {
    await this.record('INFO', thread, source, message);
  }

  async record(level: string, thread: string, source: string, message: string): Promise<void> {
    const line = `${oneLineTime(this.context.clock.now())} ${level} [${thread}] ${source} ${message}\n`;
    this.append('catalina', line);
    await this.context.stderr.write(line);
  }

  /** `prefix.<date>.log` gets `text`; failures are the console's only (as JULI reports them). */
  private append(prefix: string, text: string): void {
    const path = `${this.directory}/${prefix}.${logDate(this.context.clock.now())}.log`;
    try {
      this.context.fs.writeFile(path, text, { append: true });
    } catch {
      // No logs directory or a read-only one: the console still gets every line.
    }
  }
}
