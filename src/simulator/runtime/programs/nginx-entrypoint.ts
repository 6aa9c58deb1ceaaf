import { NGINX_DEFAULT_CONF } from '../images/nginx-files.js';
import type { ProcessContext } from '../process/contracts.js';
import { execInPlace } from './exec-in-place.js';
import { text } from './io.js';
import type { Tool } from './tool.js';

const DEFAULT_CONF = '/etc/nginx/conf.d/default.conf';
const IPV6 = '10-listen-on-ipv6-by-default.sh';

/**
 * The nginx image's `/docker-entrypoint.sh` by its visible effects: when the command is
 * `nginx`, it announces and runs `/docker-entrypoint.d/*` (the lines `kubectl logs` shows
 * first), the IPv6 script adds `listen  [::]:80;` to an untouched default.conf; then it execs
 * the command. Any other command (`sh -c …` as args) is exec'd straight away, silently.
 */
export const nginxEntrypoint: Tool = async (context) => {
  const self = context.argv[0] ?? '/docker-entrypoint.sh';
  const command = context.argv.slice(1);
  const quiet = (context.env.NGINX_ENTRYPOINT_QUIET_LOGS ?? '') !== '';
  const log = async (line: string) => {
    if (!quiet) await context.stdout.write(`${line}\n`);
  };
  if (command[0] === 'nginx' || command[0] === 'nginx-debug') {
    const scripts = listScripts(context);
    if (scripts.length === 0) {
      await log(`${self}: No files found in /docker-entrypoint.d/, skipping configuration`);
    } else {
      await log(
        `${self}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration`,
      );
      await log(`${self}: Looking for shell scripts in /docker-entrypoint.d/`);
      for (const name of scripts) {
        const path = `/docker-entrypoint.d/${name}`;
        const executable = (context.fs.stat(path).mode & 0o111) !== 0;
        if (!name.endsWith('.sh') && !name.endsWith('.envsh')) {
          await log(`${self}: Ignoring ${path}`);
        } else if (!executable) {
          await log(`${self}: Ignoring ${path}, not executable`);
        } else if (name.endsWith('.envsh')) {
          await log(`${self}: Sourcing ${path}`);
        } else {
          await log(`${self}: Launching ${path}`);
          if (name === IPV6) await listenOnIpv6(context);
        }
      }
      await log(`${self}: Configuration complete; ready for start up`);
    }
  }
  if (command.length === 0) return 0;
  const executable = context.lookPath(command[0] as string, context.env.PATH ?? '');
  if (executable === undefined) {
    // dash's wording for a failed `exec` on the script's last line.
    await context.stderr.write(`${self}: 47: exec: ${command[0]}: not found\n`);
    return 127;
  }
  return execInPlace(context, command, executable);
};

function listScripts(context: ProcessContext): string[] {
  try {
    return context.fs.readdir('/docker-entrypoint.d').filter((name) => {
      try {
        return context.fs.stat(`/docker-entrypoint.d/${name}`).type === 'file';
      } catch {
        return false;
      }
    });
  } catch {
    return [];
  }
}

/** 10-listen-on-ipv6-by-default.sh: only an unmodified, writable default.conf is changed. */
async function listenOnIpv6(context: ProcessContext): Promise<void> {
  const say = (line: string) => context.stdout.write(`${IPV6}: info: ${line}\n`);
  let current: string;
  try {
    current = text(context.fs.readFile(DEFAULT_CONF));
  } catch {
    await say(`${DEFAULT_CONF} is not a file or does not exist`);
    return;
  }
  try {
    context.fs.writeFile(DEFAULT_CONF, '', { append: true });
  } catch {
    await say(`can not modify ${DEFAULT_CONF} (read-only file system?)`);
    return;
  }
  await say(`Getting the checksum of ${DEFAULT_CONF}`);
  if (current !== NGINX_DEFAULT_CONF) {
    await say(`${DEFAULT_CONF} differs from the packaged version`);
    return;
  }
  context.fs.writeFile(
    DEFAULT_CONF,
    current.replace('listen       80;', 'listen       80;\n    listen  [::]:80;'),
  );
  await say(`Enabled listen on IPv6 in ${DEFAULT_CONF}`);
}
