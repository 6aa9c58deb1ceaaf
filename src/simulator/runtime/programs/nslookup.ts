import type { ProcessContext } from '../process/contracts.js';
import { text } from './io.js';
import { isIPv4Literal, parseResolvConf } from './name-resolution.js';
import { busyboxUsage, type Tool } from './tool.js';

/**
 * busybox 1.36 `nslookup` (the resolver of its own, FEATURE_NSLOOKUP_BIG): it reads the
 * nameservers and the search list from /etc/resolv.conf — never /etc/hosts — and sends one A and
 * one AAAA query for the name, or for the name in each search domain when it has no dot at all
 * (`ndots` is not looked at: `nslookup kubernetes.default` asks for exactly that name, which
 * CoreDNS does not know). Each answer prints as it comes: the server once, then per query its
 * records or `** server can't find NAME: NXDOMAIN`, each followed by an empty line. Any NXDOMAIN
 * makes the exit status 1. CoreDNS is authoritative for cluster.local, so no
 * `Non-authoritative answer:` line. Debian has no nslookup (it is in dnsutils).
 */

const USAGE = busyboxUsage(
  'nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]',
  'Query DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any',
);

/** busybox's table, in its order: `-type=` picks, queries go out in this order. */
const QUERY_TYPES = ['SOA', 'NS', 'A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'PTR', 'ANY'] as const;
type QueryType = (typeof QUERY_TYPES)[number];

/** The option names busybox accepts after a `-`, by index (0, 1: type; 4: debug). */
const OPTIONS = ['type', 'querytype', 'port', 'retry', 'debug', 't', 'timeout'];

interface Query {
  type: QueryType;
  name: string;
}

/** What the server says to one query. */
type Reply =
  | { kind: 'nxdomain' }
  | { kind: 'records'; name: string; addresses: string[] }
  | { kind: 'nodata' };

export const nslookup: Tool = async (context) => {
  const args = context.argv.slice(1);
  const usage = async () => {
    await context.stderr.write(USAGE);
    return 1;
  };
  const types = new Set<QueryType>();
  let debug = false;
  while (args[0]?.startsWith('-')) {
    const option = (args.shift() as string).slice(1);
    const at = option.indexOf('=');
    const name = at < 0 ? option : option.slice(0, at);
    const value = at < 0 ? '' : option.slice(at + 1);
    const index = OPTIONS.indexOf(name);
    if (index < 0) return usage();
    if (index <= 1) {
      const type = QUERY_TYPES.find((t) => t.toLowerCase() === value.toLowerCase());
      if (!type) {
        await context.stderr.write(`nslookup: invalid query type "${value}"\n`);
        return 1;
      }
      types.add(type);
    } else if (index === 4) {
      debug = true;
    }
  }
  const host = args[0];
  if (host === undefined || args.length > 2) return usage();
  const conf = parseResolvConf(readText(context, '/etc/resolv.conf') ?? '');
  const server = args[1] ?? conf.nameservers[0] ?? '127.0.0.1';
  const search = conf.search.length > 0 ? conf.search : hostnameDomain(context);
  const queries = buildQueries(host, types, search);

  const lookup = context.network.lookup;
  if (!lookup) {
    // Nothing answers on port 53: busybox gives up after its retries.
    await context.stdout.write(';; connection timed out; no servers could be reached\n\n');
    return 1;
  }
  let out = `Server:\t\t${server}\nAddress:\t${server.includes(':') ? `[${server}]` : server}:53\n\n`;
  let status = 0;
  for (const [index, query] of queries.entries()) {
    const reply = await answer(query, (name) => lookup.call(context.network, server, name));
    if (debug) out += `Query #${index} completed in 0ms:\n`;
    if (reply.kind === 'nxdomain') {
      out += `** server can't find ${query.name}: NXDOMAIN\n`;
      status = 1;
    } else {
      if (debug) out += 'authoritative answer:\n';
      if (reply.kind === 'records') {
        for (const address of reply.addresses) out += `Name:\t${reply.name}\nAddress: ${address}\n`;
      }
    }
    out += '\n';
  }
  await context.stdout.write(out);
  return status;
};

/**
 * The queries busybox sends: a PTR for an address, else A then AAAA (or the `-type`s asked
 * for, in its table's order), each for every search domain when the name has no dot.
 */
function buildQueries(host: string, types: ReadonlySet<QueryType>, search: string[]): Query[] {
  const reverse = reverseName(host);
  if (types.size === 0 && reverse) return [{ type: 'PTR', name: reverse }];
  const wanted = types.size > 0 ? QUERY_TYPES.filter((t) => types.has(t)) : ['A', 'AAAA'];
  const queries: Query[] = [];
  for (const type of wanted as QueryType[]) {
    if (type === 'PTR' || search.length === 0 || host.includes('.')) {
      queries.push({ type, name: host });
      continue;
    }
    for (const domain of search) queries.push({ type, name: `${host}.${domain}` });
  }
  return queries;
}

/**
 * The cluster DNS's answer, from the names the simulated CoreDNS knows (its A records): a name
 * it has A records for has no other kind of record (NODATA), any other name does not exist.
 * Reverse (PTR) zones are not served by the simulation, so every PTR query is NXDOMAIN.
 */
async function answer(query: Query, lookup: (name: string) => Promise<string[]>): Promise<Reply> {
  if (query.type === 'PTR') return { kind: 'nxdomain' };
  const name = query.name.replace(/\.$/, '');
  const addresses = await lookup(name);
  if (addresses.length === 0) return { kind: 'nxdomain' };
  if (query.type === 'A' || query.type === 'ANY') {
    return { kind: 'records', name, addresses };
  }
  return { kind: 'nodata' };
}

/** `in-addr.arpa` (or `ip6.arpa`) name of an address literal; undefined for a host name. */
function reverseName(host: string): string | undefined {
  if (isIPv4Literal(host) && host.split('.').every((part) => Number(part) <= 255)) {
    return `${host.split('.').reverse().join('.')}.in-addr.arpa`;
  }
  if (/^[0-9a-f:]+$/i.test(host) && host.includes(':')) {
    const groups = expandIPv6(host);
    if (!groups) return undefined;
    const nibbles = groups.map((g) => g.padStart(4, '0')).join('');
    return `${[...nibbles.toLowerCase()].reverse().join('.')}.ip6.arpa`;
  }
  return undefined;
}

function expandIPv6(address: string): string[] | undefined {
  const [head = '', tail, extra] = address.split('::');
  if (extra !== undefined) return undefined;
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  return [
    ...left,
    ...Array.from({ length: tail === undefined ? 0 : missing }, () => '0'),
    ...right,
  ];
}

/** Without a search line, busybox takes the domain part of the host name, if it has one. */
function hostnameDomain(context: ProcessContext): string[] {
  const name = context.network.hostname;
  const dot = name.indexOf('.');
  return dot < 0 || dot === name.length - 1 ? [] : [name.slice(dot + 1)];
}

function readText(context: ProcessContext, path: string): string | undefined {
  try {
    return text(context.fs.readFile(path));
  } catch {
    return undefined;
  }
}
