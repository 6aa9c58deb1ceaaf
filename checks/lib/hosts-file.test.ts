import { describe, expect, it } from 'vitest';
import { addressesOf, aliasEntries, hostsEntries } from './hosts-file.js';

/** The kubelet's file for a Pod with one hostAliases entry (pod-facts §6). */
const MANAGED = [
  '# Kubernetes-managed hosts file.',
  '127.0.0.1\tlocalhost',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::0\tip6-localnet',
  'fe00::0\tip6-mcastprefix',
  'fe00::1\tip6-allnodes',
  'fe00::2\tip6-allrouters',
  '10.244.1.5\thostaliases-pod',
  '',
  '# Entries added by HostAliases.',
  '10.1.2.3\tfoo.remote\tbar.remote',
  '',
].join('\n');

describe('hosts-file', () => {
  it('reads every address line with its names and separators', () => {
    const entries = hostsEntries(MANAGED);
    expect(entries.map((e) => e.ip)).toEqual([
      '127.0.0.1',
      '::1',
      'fe00::0',
      'fe00::0',
      'fe00::1',
      'fe00::2',
      '10.244.1.5',
      '10.1.2.3',
    ]);
    expect(entries[1]?.names).toEqual(['localhost', 'ip6-localhost', 'ip6-loopback']);
    // The kubelet puts a tab after the address and spaces between the ::1 names.
    expect(entries[1]?.separators).toBe('mixed');
    expect(entries[7]?.separators).toBe('tab');
  });

  it('finds the HostAliases section only after its header', () => {
    expect(aliasEntries(MANAGED)).toEqual([
      {
        ip: '10.1.2.3',
        names: ['foo.remote', 'bar.remote'],
        line: '10.1.2.3\tfoo.remote\tbar.remote',
        separators: 'tab',
      },
    ]);
    expect(aliasEntries(MANAGED.split('\n\n# Entries')[0] ?? '')).toEqual([]);
  });

  it('resolves a name added by hand after the kubelet lines', () => {
    const edited = `${MANAGED}10.1.2.4 db.remote   # mine\n`;
    const entries = hostsEntries(edited);
    expect(addressesOf(entries, 'db.remote')).toEqual(['10.1.2.4']);
    expect(entries.at(-1)?.separators).toBe('space');
    expect(addressesOf(entries, 'nowhere')).toEqual([]);
  });
});
