import type { ProcessEntry } from '../process/contracts.js';
import type { MountEntry } from '../process/system-views.js';
import { MACHINE } from './machine.js';
import { commOf, uidOf } from './process-view.js';

/**
 * The text of procfs files, from the same figures the tools show: `top`'s memory and load
 * (machine.ts), `ps`'s process table, `mount`'s table. Formats are the kernel's.
 */

/** `show_val_kb`: the label padded to 16 columns, the value right-aligned in 8, then ` kB`. */
function kbLine(label: string, kb: number): string {
  return `${`${label}:`.padEnd(16)}${String(kb).padStart(8)} kB\n`;
}

/**
 * The lines of /proc/meminfo that follow from the node's memory as top's `Mem:` line has it:
 * the totals, free, buffers and page cache, shared memory; the node runs without swap, as the
 * kubelet wants it. The per-LRU and slab breakdowns, which nothing here models, are left out.
 */
export function meminfoText(): string {
  const m = MACHINE.memory;
  return [
    kbLine('MemTotal', m.totalKb),
    kbLine('MemFree', m.freeKb),
    kbLine('MemAvailable', m.freeKb + m.buffersKb + m.cachedKb - m.sharedKb),
    kbLine('Buffers', m.buffersKb),
    kbLine('Cached', m.cachedKb),
    kbLine('SwapCached', 0),
    kbLine('SwapTotal', 0),
    kbLine('SwapFree', 0),
    kbLine('Shmem', m.sharedKb),
  ].join('');
}

/**
 * One block per CPU of the node (its capacity), as a KVM guest with QEMU's default CPU model
 * shows them: the node is a VM whose host CPU the simulation does not know.
 */
export function cpuinfoText(): string {
  const cpus = MACHINE.cpus;
  const flags =
    'fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pse36 clflush mmx fxsr sse sse2 syscall nx lm rep_good nopl xtopology cpuid tsc_known_freq pni cx16 x2apic hypervisor lahf_lm cpuid_fault pti';
  const blocks: string[] = [];
  for (let cpu = 0; cpu < cpus; cpu++) {
    blocks.push(
      [
        `processor\t: ${cpu}`,
        'vendor_id\t: GenuineIntel',
        'cpu family\t: 6',
        'model\t\t: 6',
        'model name\t: QEMU Virtual CPU version 2.5+',
        'stepping\t: 3',
        'microcode\t: 0x1',
        'cpu MHz\t\t: 2399.998',
        'cache size\t: 16384 KB',
        'physical id\t: 0',
        `siblings\t: ${cpus}`,
        `core id\t\t: ${cpu}`,
        `cpu cores\t: ${cpus}`,
        `apicid\t\t: ${cpu}`,
        `initial apicid\t: ${cpu}`,
        'fpu\t\t: yes',
        'fpu_exception\t: yes',
        'cpuid level\t: 13',
        'wp\t\t: yes',
        `flags\t\t: ${flags}`,
        'bugs\t\t: cpu_meltdown spectre_v1 spectre_v2 spec_store_bypass l1tf mds swapgs itlb_multihit mmio_unknown',
        'bogomips\t: 4799.99',
        'clflush size\t: 64',
        'cache_alignment\t: 64',
        'address sizes\t: 40 bits physical, 48 bits virtual',
        'power management:',
        '',
      ].join('\n'),
    );
  }
  return `${blocks.join('\n')}\n`;
}

/** `uptime idle`, both in seconds with two decimals; an idle node idles on every CPU. */
export function uptimeText(uptimeMs: number): string {
  const centis = Math.max(0, Math.floor(uptimeMs / 10));
  const idle = centis * MACHINE.cpus;
  const seconds = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
  return `${seconds(centis)} ${seconds(idle)}\n`;
}

/** The escapes /proc/mounts uses in its fields (seq_escape with " \t\n\\"). */
function mangle(field: string): string {
  return field.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

/** /proc/PID/mounts: `source target type options 0 0`, one mount a line. */
export function mountsText(table: readonly MountEntry[]): string {
  return table
    .map((m) => `${mangle(m.source)} ${mangle(m.target)} ${m.type} ${m.options} 0 0\n`)
    .join('');
}

/** NUL-terminated strings: /proc/PID/cmdline and /proc/PID/environ. */
export function nulSeparated(items: readonly string[]): string {
  return items.map((item) => `${item}\0`).join('');
}

const STATE_NAMES: Record<ProcessEntry['state'], string> = {
  R: 'R (running)',
  S: 'S (sleeping)',
  T: 'T (stopped)',
  Z: 'Z (zombie)',
};

export interface StatusFacts {
  entry: ProcessEntry;
  /** The process's pid in each namespace from the reader's /proc down to its own. */
  nsPids: number[];
  /** Its process group leader's pids, likewise. */
  nsPgids: number[];
  /** The process's own /etc/passwd, which names its user. */
  passwd: string;
}

/**
 * /proc/PID/status, the lines that follow from the process table: name, state, the pids in
 * each namespace, credentials, threads. Memory, signal and capability lines are left out.
 */
export function statusText(facts: StatusFacts): string {
  const { entry, passwd } = facts;
  const uid = uidOf(entry.user, passwd);
  const gid = gidOf(uid, passwd);
  const ids = (n: number) => `${n}\t${n}\t${n}\t${n}`;
  return [
    `Name:\t${commOf(entry)}`,
    'Umask:\t0022',
    `State:\t${STATE_NAMES[entry.state]}`,
    `Tgid:\t${entry.pid}`,
    'Ngid:\t0',
    `Pid:\t${entry.pid}`,
    `PPid:\t${entry.ppid}`,
    'TracerPid:\t0',
    `Uid:\t${ids(uid)}`,
    `Gid:\t${ids(gid)}`,
    `NStgid:\t${facts.nsPids.join('\t')}`,
    `NSpid:\t${facts.nsPids.join('\t')}`,
    `NSpgid:\t${facts.nsPgids.join('\t')}`,
    `Threads:\t${1 + (entry.threads?.length ?? 0)}`,
    '',
  ].join('\n');
}

/** The primary group of a uid in /etc/passwd; without a line, a daemon's own (gid = uid). */
function gidOf(uid: number, passwd: string): number {
  for (const line of passwd.split('\n')) {
    const [, , id, gid] = line.split(':');
    if (id !== undefined && Number(id) === uid && gid !== undefined) return Number(gid);
  }
  return uid;
}
