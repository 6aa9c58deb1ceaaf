import type { InterfaceAddress, NetworkInterface, NetworkRoute } from '../process/system-views.js';
import { interfacesOf, routesOf } from './network-view.js';
import { BUSYBOX_BANNER, type Tool } from './tool.js';

/**
 * busybox `ip`: `ip addr`, `ip link`, `ip route` (any unambiguous prefix: `ip a`, `ip r`),
 * `-4`/`-6`/`-o`, `show dev IFACE`. It prints whatever network namespace the process is in —
 * the pod's, or the node's for a hostNetwork pod. Changing anything fails as it does without
 * CAP_NET_ADMIN: `ip: RTNETLINK answers: Operation not permitted`.
 */

const BANNER = `${BUSYBOX_BANNER}\n`;
const USAGE =
  'Usage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n\n' +
  'OPTIONS := -f[amily] inet|inet6|link | -o[neline]\n';

type Family = 'inet' | 'inet6' | 'link' | undefined;

/** busybox matches objects and commands by prefix, in its table's order. */
function matchWord(word: string, table: readonly string[]): string | undefined {
  return table.find((entry) => entry.startsWith(word));
}

export const ip: Tool = async (context) => {
  const args = context.argv.slice(1);
  let family: Family;
  let oneline = false;
  while (args[0]?.startsWith('-')) {
    const option = args.shift() as string;
    if (option === '-4') family = 'inet';
    else if (option === '-6') family = 'inet6';
    else if (option === '-0') family = 'link';
    else if ('-oneline'.startsWith(option) && option.length > 1) oneline = true;
    else if ('-family'.startsWith(option) && option.length > 1) {
      const name = args.shift();
      family = name === 'inet6' ? 'inet6' : name === 'link' ? 'link' : 'inet';
    } else {
      await context.stderr.write(`${BANNER}${USAGE}`);
      return 1;
    }
  }
  const word = args.shift();
  const object =
    word === undefined
      ? undefined
      : matchWord(word, ['address', 'route', 'link', 'tunnel', 'neigh']);
  if (!object) {
    await context.stderr.write(`${BANNER}${USAGE}`);
    return 1;
  }
  const command = args[0] === undefined ? 'show' : (args.shift() as string);
  if (object === 'route' && command === 'get' && args[0] !== undefined) {
    await context.stdout.write(routeGet(args[args.length - 1] as string, context.network));
    return 0;
  }
  const listing = ['show', 'list', 'lst'].some((name) => name.startsWith(command));
  if (!listing || object === 'tunnel' || object === 'neigh') {
    if (object === 'neigh' && listing) return 0;
    await context.stderr.write('ip: RTNETLINK answers: Operation not permitted\n');
    return 2;
  }
  if (object === 'route') {
    await context.stdout.write(routesOf(context.network).map(routeLine).join(''));
    return 0;
  }
  if (args[0] === 'dev') args.shift();
  const interfaces = interfacesOf(context.network);
  const wanted = args[0];
  const chosen = wanted === undefined ? interfaces : interfaces.filter((i) => i.name === wanted);
  if (wanted !== undefined && chosen.length === 0) {
    await context.stderr.write(`ip: can't find device '${wanted}'\n`);
    return 1;
  }
  const shownFamily = object === 'link' ? 'link' : family;
  await context.stdout.write(chosen.map((i) => describe(i, shownFamily, oneline)).join(''));
  return 0;
};

/** One interface: its link line (unless oneline or an address family is asked) and addresses. */
function describe(iface: NetworkInterface, family: Family, oneline: boolean): string {
  const addresses =
    family === 'link'
      ? []
      : iface.addresses.filter((a) => family === undefined || a.family === family);
  // Asked for one family, busybox leaves out interfaces without an address of it.
  if (family !== undefined && family !== 'link' && addresses.length === 0) return '';
  const separator = oneline ? '\\' : '\n';
  let text = '';
  if (!oneline || family === 'link') text += linkLine(iface, separator);
  for (const address of addresses) text += addressLine(iface, address, oneline, separator);
  return text;
}

function linkLine(iface: NetworkInterface, separator: string): string {
  const peer = iface.peerIndex === undefined ? '' : `@if${iface.peerIndex}`;
  // The peer's index names no interface here, so busybox thinks it down: M-DOWN.
  const flags = [...iface.flags, ...(iface.peerIndex === undefined ? [] : ['M-DOWN'])];
  const queue = iface.queueLength > 0 ? `qlen ${iface.queueLength}` : '';
  return (
    `${iface.index}: ${iface.name}${peer}: <${flags.join(',')}> mtu ${iface.mtu} qdisc ${iface.qdisc} ${queue}` +
    `${separator}    link/${iface.linkType} ${iface.mac} brd ${iface.linkBroadcast}\n`
  );
}

function addressLine(
  iface: NetworkInterface,
  address: InterfaceAddress,
  oneline: boolean,
  separator: string,
): string {
  const prefix = oneline ? `${iface.index}: ${iface.name}` : '';
  const brd = address.broadcast ? `brd ${address.broadcast} ` : '';
  // Only IPv4 addresses carry a label (the interface name).
  const label = address.family === 'inet' ? iface.name : '';
  return (
    `${prefix}    ${address.family} ${address.address}/${address.prefixLength} ${brd}scope ${address.scope} ${label}` +
    `${separator}       valid_lft forever preferred_lft forever\n`
  );
}

/** `ip route get ADDRESS`: the route the kernel would pick, with the source it would use. */
function routeGet(address: string, network: Parameters<typeof routesOf>[0]): string {
  const own = interfacesOf(network).flatMap((i) => i.addresses.map((a) => a.address));
  if (own.includes(address) || address.startsWith('127.')) {
    return `local ${address} dev lo  src ${address.startsWith('127.') ? '127.0.0.1' : address} \n`;
  }
  const routes = routesOf(network);
  const best = [...routes]
    .filter((route) => covers(route.destination, address))
    .sort((a, b) => prefixLength(b.destination) - prefixLength(a.destination))[0];
  if (!best) return '';
  const via = best.gateway && best.destination !== address ? `via ${best.gateway} ` : '';
  const source = best.source ?? routes.find((route) => route.source)?.source;
  return `${address} ${via}dev ${best.device} ${source ? ` src ${source} ` : ''}\n`;
}

function prefixLength(destination: string): number {
  if (destination === 'default') return 0;
  const slash = destination.indexOf('/');
  return slash < 0 ? 32 : Number(destination.slice(slash + 1));
}

function toNumber(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + (Number(part) || 0), 0);
}

function covers(destination: string, address: string): boolean {
  if (destination === 'default') return true;
  const bits = prefixLength(destination);
  const base = destination.split('/')[0] ?? '';
  const shift = 32 - bits;
  return Math.floor(toNumber(base) / 2 ** shift) === Math.floor(toNumber(address) / 2 ** shift);
}

/** `default via 10.244.1.1 dev eth0 `, `10.244.1.1 dev eth0 scope link  src 10.244.1.5 `. */
function routeLine(route: NetworkRoute): string {
  let line = `${route.destination} `;
  if (route.gateway) line += `via ${route.gateway} `;
  line += `dev ${route.device} `;
  if (route.scope) line += `scope ${route.scope} `;
  // busybox prints " src …" after the space that ended the previous field: two spaces.
  if (route.source) line += ` src ${route.source} `;
  return `${line}\n`;
}
