import { describe, expect, it } from 'vitest';
import { ContainerFileSystem } from '../fs/container-file-system.js';
import { MemoryTree } from '../fs/memory-tree.js';
import { StorageQuota } from '../fs/storage-quota.js';
import { pullImage } from '../images/image-registry.js';
import { df } from './df.js';
import { du } from './du.js';
import { MACHINE } from './machine.js';
import { mount, umount } from './mount.js';
import { containerMounts } from './mount-table.js';
import { ManualClock, run, World } from './programs.test-support.js';
import { bindTool } from './tool.js';

/**
 * `df`, `du` and `mount` in a pod's container, against busybox 1.36 (coreutils/df.c, du.c,
 * util-linux/mount.c) and Debian 12's coreutils 9.1 and util-linux 2.38, whose outputs for the
 * same layouts were compared on a real machine.
 */

const clock = new ManualClock();

/** A busybox container as the kubelet mounts it: an emptyDir, its files, a token volume. */
function pod(
  image = 'busybox:1.36',
  emptyDir = new MemoryTree({ clock }),
  memoryBacked?: string[],
): World {
  const files = new MemoryTree({ clock });
  const view = ContainerFileSystem.create({ upper: files });
  view.writeFile(
    '/hosts',
    '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n10.244.1.5\tweb\n',
  );
  view.writeFile('/hostname', 'web\n');
  view.writeFile('/resolv.conf', 'nameserver 10.96.0.10\noptions ndots:5\n');
  const token = new MemoryTree({ clock });
  const tokenView = ContainerFileSystem.create({ upper: token });
  tokenView.writeFile('/ca.crt', 'c'.repeat(1100));
  tokenView.writeFile('/namespace', 'default');
  tokenView.writeFile('/token', 't'.repeat(900));
  const world: World = new World({
    image: pullImage(image).layer,
    clock,
    ...(memoryBacked ? { mountTable: () => containerMounts(world.fs, memoryBacked) } : {}),
    mounts: [
      { path: '/data', tree: emptyDir },
      { path: '/var/run/secrets/kubernetes.io/serviceaccount', tree: token, readOnly: true },
      { path: '/etc/hosts', tree: files, source: '/hosts' },
      { path: '/etc/hostname', tree: files, source: '/hostname' },
      { path: '/etc/resolv.conf', tree: files, source: '/resolv.conf' },
      terminationLog(),
    ],
  });
  return world;
}

function terminationLog() {
  const tree = new MemoryTree({ clock });
  ContainerFileSystem.create({ upper: tree }).writeFile('/log', '');
  return { path: '/dev/termination-log', tree, source: '/log' };
}

describe('df', () => {
  it('knows the node it runs on', () => {
    // The expected tables below are this node's: a kind node's 58 GiB disk and 7.75 GiB of RAM.
    expect(MACHINE.disk.totalKb).toBe(61202244);
    expect(MACHINE.memory.totalKb).toBe(8129540);
  });

  it('busybox lists every mount with blocks, bind mounts of one disk included', async () => {
    const result = await run(pod(), bindTool(df, 'busybox'), ['df']);
    expect(result).toEqual({
      status: 0,
      stderr: '',
      stdout: [
        'Filesystem           1K-blocks      Used Available Use% Mounted on',
        'overlay               61202244  14553894  43588238  25% /',
        'tmpfs                    65536         0     65536   0% /dev',
        '/dev/vda1             61202244  14553894  43588238  25% /data',
        '/dev/vda1             61202244  14553895  43588237  25% /etc/hosts',
        '/dev/vda1             61202244  14553894  43588238  25% /dev/termination-log',
        '/dev/vda1             61202244  14553895  43588237  25% /etc/hostname',
        '/dev/vda1             61202244  14553895  43588237  25% /etc/resolv.conf',
        'shm                      65536         0     65536   0% /dev/shm',
        'tmpfs                  8027140        12   8027128   0% /var/run/secrets/kubernetes.io/serviceaccount',
        'tmpfs                  4064768         0   4064768   0% /proc/acpi',
        'tmpfs                    65536         0     65536   0% /proc/kcore',
        'tmpfs                    65536         0     65536   0% /proc/keys',
        'tmpfs                    65536         0     65536   0% /proc/timer_list',
        'tmpfs                  4064768         0   4064768   0% /proc/scsi',
        'tmpfs                  4064768         0   4064768   0% /sys/firmware',
        '',
      ].join('\n'),
    });
    const human = await run(pod(), bindTool(df, 'busybox'), ['df', '-h', '/', '/etc/hosts']);
    expect(human.stdout).toBe(
      'Filesystem                Size      Used Available Use% Mounted on\n' +
        'overlay                  58.4G     13.9G     41.6G  25% /\n' +
        '/dev/vda1                58.4G     13.9G     41.6G  25% /etc/hosts\n',
    );
  });

  it('coreutils shows each filesystem once, in columns as wide as their values', async () => {
    const world = pod('debian:bookworm');
    expect((await run(world, bindTool(df, 'gnu'), ['df'])).stdout).toBe(
      [
        'Filesystem     1K-blocks     Used Available Use% Mounted on',
        'overlay         61202244 14553894  43588238  26% /',
        'tmpfs              65536        0     65536   0% /dev',
        '/dev/vda1       61202244 14553894  43588238  26% /data',
        'shm                65536        0     65536   0% /dev/shm',
        'tmpfs            8027140       12   8027128   1% /run/secrets/kubernetes.io/serviceaccount',
        'tmpfs            4064768        0   4064768   0% /proc/acpi',
        'tmpfs            4064768        0   4064768   0% /proc/scsi',
        'tmpfs            4064768        0   4064768   0% /sys/firmware',
        '',
      ].join('\n'),
    );
    expect((await run(world, bindTool(df, 'gnu'), ['df', '-h'])).stdout).toBe(
      [
        'Filesystem      Size  Used Avail Use% Mounted on',
        'overlay          59G   14G   42G  26% /',
        'tmpfs            64M     0   64M   0% /dev',
        '/dev/vda1        59G   14G   42G  26% /data',
        'shm              64M     0   64M   0% /dev/shm',
        'tmpfs           7.7G   12K  7.7G   1% /run/secrets/kubernetes.io/serviceaccount',
        'tmpfs           3.9G     0  3.9G   0% /proc/acpi',
        'tmpfs           3.9G     0  3.9G   0% /proc/scsi',
        'tmpfs           3.9G     0  3.9G   0% /sys/firmware',
        '',
      ].join('\n'),
    );
    expect((await run(world, bindTool(df, 'gnu'), ['df', '-hT', '/etc/hostname'])).stdout).toBe(
      'Filesystem     Type  Size  Used Avail Use% Mounted on\n' +
        '/dev/vda1      ext4   59G   14G   42G  26% /etc/hostname\n',
    );
  });

  it('says so for a path that does not exist', async () => {
    expect(await run(pod(), bindTool(df, 'busybox'), ['df', '/nope'])).toEqual({
      status: 1,
      stdout: 'Filesystem           1K-blocks      Used Available Use% Mounted on\n',
      stderr: "df: /nope: can't find mount point\n",
    });
    const gnu = await run(pod('debian:bookworm'), bindTool(df, 'gnu'), ['df', '/nope']);
    expect(gnu).toEqual({
      status: 1,
      stdout: '',
      stderr: 'df: /nope: No such file or directory\n',
    });
  });

  it('shows a volume full once the simulated disk is', async () => {
    const small = new MemoryTree({ clock, quota: new StorageQuota(8192) });
    const world = pod('busybox:1.36', small);
    world.fs.writeFile('/data/fill', 'x'.repeat(8192));
    expect(() => world.fs.writeFile('/data/more', 'x')).toThrow('No space left on device');
    expect((await run(world, bindTool(df, 'busybox'), ['df', '/data'])).stdout).toBe(
      'Filesystem           1K-blocks      Used Available Use% Mounted on\n' +
        '/dev/vda1             61202244  14553902         0 100% /data\n',
    );
  });
});

describe('du', () => {
  /** The tree compared on a real machine: a dir, a 5000-byte file, a hard link, a symlink. */
  function tree(flavour: 'busybox:1.36' | 'debian:bookworm'): World {
    const world = new World({ image: pullImage(flavour).layer, clock });
    world.fs.mkdir('/dut/a/b', { recursive: true });
    world.fs.writeFile('/dut/a/f1', 'hello\n');
    world.fs.writeFile('/dut/a/b/f2', 'z'.repeat(5000));
    world.fs.writeFile('/dut/big', 'z'.repeat(100000));
    world.fs.symlink('a', '/dut/link');
    world.fs.link('/dut/a/f1', '/dut/hard');
    return world;
  }

  it('counts whole blocks, directories after their contents, hard links once', async () => {
    const busybox = tree('busybox:1.36');
    expect((await run(busybox, bindTool(du, 'busybox'), ['du', 'dut'])).stdout).toBe(
      '12\tdut/a/b\n20\tdut/a\n124\tdut\n',
    );
    expect((await run(busybox, bindTool(du, 'busybox'), ['du', '-a', 'dut'])).stdout).toBe(
      '8\tdut/a/b/f2\n12\tdut/a/b\n4\tdut/a/f1\n20\tdut/a\n100\tdut/big\n0\tdut/link\n124\tdut\n',
    );
    expect((await run(busybox, bindTool(du, 'busybox'), ['du', '-sh', 'dut'])).stdout).toBe(
      '124.0K\tdut\n',
    );
    const debian = tree('debian:bookworm');
    expect((await run(debian, bindTool(du, 'gnu'), ['du', '-sh', 'dut'])).stdout).toBe(
      '124K\tdut\n',
    );
    expect((await run(debian, bindTool(du, 'gnu'), ['du', '-h', 'dut/a'])).stdout).toBe(
      '12K\tdut/a/b\n20K\tdut/a\n',
    );
    expect((await run(debian, bindTool(du, 'gnu'), ['du', '-c', 'dut/a', 'dut/big'])).stdout).toBe(
      '12\tdut/a/b\n20\tdut/a\n100\tdut/big\n120\ttotal\n',
    );
    expect((await run(debian, bindTool(du, 'gnu'), ['du', '-d', '0', '/dut/'])).stdout).toBe(
      '124\t/dut/\n',
    );
  });

  it('reports what it cannot read in each flavour', async () => {
    expect(await run(tree('busybox:1.36'), bindTool(du, 'busybox'), ['du', 'nope'])).toEqual({
      status: 1,
      stdout: '',
      stderr: 'du: nope: No such file or directory\n',
    });
    expect(await run(tree('debian:bookworm'), bindTool(du, 'gnu'), ['du', 'nope'])).toEqual({
      status: 1,
      stdout: '',
      stderr: "du: cannot access 'nope': No such file or directory\n",
    });
  });
});

describe('mount and umount', () => {
  it('mount lists the container mounts as /proc/mounts has them', async () => {
    const result = await run(pod(), bindTool(mount, 'busybox'), ['mount']);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^overlay on \/ type overlay \(rw,relatime,lowerdir=\/var\/lib\/containerd\/io\.containerd\.snapshotter\.v1\.overlayfs\/snapshots\/\d+\/fs,upperdir=.*,workdir=.*\)$/,
    );
    expect(lines.slice(1, 7)).toEqual([
      'proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)',
      'tmpfs on /dev type tmpfs (rw,nosuid,size=65536k,mode=755)',
      'devpts on /dev/pts type devpts (rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666)',
      'mqueue on /dev/mqueue type mqueue (rw,nosuid,nodev,noexec,relatime)',
      'sysfs on /sys type sysfs (ro,nosuid,nodev,noexec,relatime)',
      'cgroup on /sys/fs/cgroup type cgroup2 (ro,nosuid,nodev,noexec,relatime)',
    ]);
    expect(lines.slice(7, 14)).toEqual([
      '/dev/vda1 on /data type ext4 (rw,relatime)',
      '/dev/vda1 on /etc/hosts type ext4 (rw,relatime)',
      '/dev/vda1 on /dev/termination-log type ext4 (rw,relatime)',
      '/dev/vda1 on /etc/hostname type ext4 (rw,relatime)',
      '/dev/vda1 on /etc/resolv.conf type ext4 (rw,relatime)',
      'shm on /dev/shm type tmpfs (rw,nosuid,nodev,noexec,relatime,size=65536k)',
      'tmpfs on /var/run/secrets/kubernetes.io/serviceaccount type tmpfs (ro,relatime,size=8027140k)',
    ]);
    expect(lines).toContain('tmpfs on /proc/kcore type tmpfs (rw,nosuid,size=65536k,mode=755)');
    const tmpfs = await run(pod(), bindTool(mount, 'busybox'), ['mount', '-t', 'cgroup2,mqueue']);
    expect(tmpfs.stdout).toBe(
      'mqueue on /dev/mqueue type mqueue (rw,nosuid,nodev,noexec,relatime)\n' +
        'cgroup on /sys/fs/cgroup type cgroup2 (ro,nosuid,nodev,noexec,relatime)\n',
    );
  });

  it('volumes the kubelet backs with memory are tmpfs', async () => {
    const world = pod('busybox:1.36', new MemoryTree({ clock }), ['/data']);
    world.fs.writeFile('/data/note', 'x'.repeat(5000));
    const lines = (await run(world, bindTool(mount, 'busybox'), ['mount'])).stdout.split('\n');
    expect(lines).toContain('tmpfs on /data type tmpfs (rw,relatime,size=8027140k)');
    // Only the paths named are: the token volume is on the disk in this made-up pod.
    expect(lines).toContain(
      '/dev/vda1 on /var/run/secrets/kubernetes.io/serviceaccount type ext4 (ro,relatime)',
    );
    expect((await run(world, bindTool(df, 'busybox'), ['df', '/data'])).stdout).toBe(
      'Filesystem           1K-blocks      Used Available Use% Mounted on\n' +
        'tmpfs                  8027140         8   8027132   0% /data\n',
    );
  });

  it('mounting fails as it does without CAP_SYS_ADMIN', async () => {
    const busybox = pod();
    expect(
      await run(busybox, bindTool(mount, 'busybox'), ['mount', '-t', 'proc', 'proc', '/proc']),
    ).toEqual({
      status: 1,
      stdout: '',
      stderr: 'mount: permission denied (are you root?)\n',
    });
    expect((await run(busybox, bindTool(mount, 'busybox'), ['mount', 'x', '/nope'])).stderr).toBe(
      'mount: mounting x on /nope failed: No such file or directory\n',
    );
    expect((await run(busybox, bindTool(mount, 'busybox'), ['mount', '/data'])).stderr).toBe(
      "mount: can't read '/etc/fstab': No such file or directory\n",
    );
    const debian = pod('debian:bookworm');
    expect(
      await run(debian, bindTool(mount, 'gnu'), ['mount', '-t', 'tmpfs', 'tmpfs', '/mnt']),
    ).toEqual({
      status: 32,
      stdout: '',
      stderr:
        'mount: /mnt: permission denied.\n       dmesg(1) may have more information after failed mount system call.\n',
    });
  });

  it('umount refuses too', async () => {
    expect((await run(pod(), bindTool(umount, 'busybox'), ['umount', '/data'])).stderr).toBe(
      "umount: can't unmount /data: Operation not permitted\n",
    );
    expect((await run(pod(), bindTool(umount, 'busybox'), ['umount', '/tmp'])).stderr).toBe(
      "umount: can't unmount /tmp: Invalid argument\n",
    );
    const gnu = await run(pod('debian:bookworm'), bindTool(umount, 'gnu'), ['umount', '/data']);
    expect(gnu).toEqual({
      status: 32,
      stdout: '',
      stderr: 'umount: /data: must be superuser to unmount.\n',
    });
  });
});
