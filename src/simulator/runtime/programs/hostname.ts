import type { ProcessContext } from '../process/contracts.js';
import { text } from './io.js';
import { interfacesOf } from './network-view.js';
import { BUSYBOX_BANNER, type Flavour, type Tool } from './tool.js';

/**
 * `hostname [-s|-f|-d|-i|-I] [NAME]`. The name is the UTS namespace's (the pod's hostname);
 * `-i`, `-f` and `-d` resolve it the way gethostbyname does in a pod — through the kubelet's
 * `/etc/hosts`, which maps the pod IP to `name` or `name.subdomain.ns.svc.cluster.local`.
 * Setting a name needs CAP_SYS_ADMIN, which a pod's container lacks.
 */

const BANNER = `${BUSYBOX_BANNER}\n`;
const USAGE = 'Usage: hostname [-sidf] [HOSTNAME | -F FILE]\n';

interface Resolved {
  canonical: string;
  addresses: string[];
}

export const hostname: Tool = async (context, flavour) => {
  const name = context.network.hostname;
  const flags = new Set<string>();
  const operands: string[] = [];
  for (const arg of context.argv.slice(1)) {
    if (arg.startsWith('--')) {
      const long: Record<string, string> = {
        '--short': 's',
        '--fqdn': 'f',
        '--long': 'f',
        '--domain': 'd',
        '--ip-address': 'i',
        '--all-ip-addresses': 'I',
      };
      const letter = long[arg];
      if (letter) flags.add(letter);
      else return usage(context, flavour, `unrecognized option '${arg}'`);
    } else if (arg.startsWith('-') && arg.length > 1) {
      for (const letter of arg.slice(1)) {
        const known = flavour === 'gnu' ? 'sfdiIvaAy' : 'sfdivF';
        if (!known.includes(letter))
          return usage(context, flavour, `invalid option -- '${letter}'`);
        flags.add(letter);
      }
    } else operands.push(arg);
  }
  if (operands.length > 0 && !flags.has('s') && !flags.has('f') && !flags.has('d')) {
    await context.stderr.write(
      flavour === 'gnu'
        ? 'hostname: you must be root to change the host name\n'
        : 'hostname: sethostname: Operation not permitted\n',
    );
    return 1;
  }
  if (flags.has('I')) {
    const addresses = interfacesOf(context.network)
      .flatMap((iface) => iface.addresses)
      .filter((address) => address.scope === 'global')
      .map((address) => `${address.address} `);
    await context.stdout.write(`${addresses.join('')}\n`);
    return 0;
  }
  if (flags.has('i') || flags.has('f') || flags.has('d')) {
    const resolved = resolve(context, name);
    if (flags.has('f')) await context.stdout.write(`${resolved.canonical}\n`);
    else if (flags.has('d')) {
      const dot = resolved.canonical.indexOf('.');
      if (dot >= 0) await context.stdout.write(`${resolved.canonical.slice(dot + 1)}\n`);
      else if (flavour === 'gnu') await context.stdout.write('\n');
    } else await context.stdout.write(`${resolved.addresses.join(' ')}\n`);
    return 0;
  }
  await context.stdout.write(`${flags.has('s') ? (name.split('.')[0] ?? name) : name}\n`);
  return 0;
};

async function usage(context: ProcessContext, flavour: Flavour, problem: string): Promise<number> {
  await context.stderr.write(
    flavour === 'gnu'
      ? `hostname: ${problem}\nTry 'hostname --help' for more information.\n`
      : `hostname: ${problem}\n${BANNER}${USAGE}`,
  );
  return 1;
}

/** The first `/etc/hosts` line naming the host; the pod's own address if there is none. */
function resolve(context: ProcessContext, name: string): Resolved {
  let hosts = '';
  try {
    hosts = text(context.fs.readFile('/etc/hosts'));
  } catch {
    hosts = '';
  }
  for (const line of hosts.split('\n')) {
    const fields = line.replace(/#.*/, '').trim().split(/\s+/);
    const [address, ...names] = fields;
    if (!address?.includes('.') || !names.includes(name)) continue;
    return { canonical: names[0] ?? name, addresses: [address] };
  }
  return { canonical: name, addresses: [context.network.podIP] };
}
