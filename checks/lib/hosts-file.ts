/**
 * Reading an `/etc/hosts` the way a resolver does, and the kubelet's layout of it (pod-facts
 * §6, kubelet_pods.go managedHostsFileContent): a `# Kubernetes-managed hosts file.` header,
 * the localhost lines, the Pod's own line, then — only with `hostAliases` — a blank line,
 * `# Entries added by HostAliases.` and one tab-separated line per alias entry.
 */

export const MANAGED_HEADER = '# Kubernetes-managed hosts file.';
export const ALIASES_HEADER = '# Entries added by HostAliases.';

/** One address line: its IP, its names, and how the fields were separated. */
export interface HostsEntry {
  ip: string;
  names: string[];
  line: string;
  /** `tab` when every separator is one tab, as the kubelet writes; `space` when none is. */
  separators: 'tab' | 'space' | 'mixed';
}

/** Every address line, comments and blank lines left out. */
export function hostsEntries(text: string): HostsEntry[] {
  const entries: HostsEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const content = line.replace(/#.*$/, '').trim();
    if (content === '') continue;
    const [ip, ...names] = content.split(/[ \t]+/);
    if (!ip) continue;
    const gaps = content.match(/[ \t]+/g) ?? [];
    const separators = gaps.every((g) => g === '\t')
      ? 'tab'
      : gaps.every((g) => !g.includes('\t'))
        ? 'space'
        : 'mixed';
    entries.push({ ip, names, line, separators });
  }
  return entries;
}

/** The address lines after the HostAliases header (none when there is no such section). */
export function aliasEntries(text: string): HostsEntry[] {
  const at = text.indexOf(ALIASES_HEADER);
  if (at < 0) return [];
  return hostsEntries(text.slice(at + ALIASES_HEADER.length));
}

/** The addresses a name resolves to, in file order (the first one wins for a resolver). */
export function addressesOf(entries: readonly HostsEntry[], name: string): string[] {
  return entries.filter((e) => e.names.includes(name)).map((e) => e.ip);
}

/** A line as a message shows it: tabs visible as \t. */
export function shownLine(line: string): string {
  return JSON.stringify(line);
}
