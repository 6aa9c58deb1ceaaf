import { describe, expect, it } from 'vitest';
import { container, expectFsError, text, volume } from './fs-test-helpers.js';

function counter() {
  const calls = { count: 0 };
  return { calls, listener: () => void calls.count++ };
}

describe('ContainerFileSystem.watch', () => {
  it('fires for a file appended by another container of the pod (tail -f on a shared volume)', () => {
    const logs = volume();
    logs.fs.writeFile('/catalina.log', '');
    const tomcat = container({ mounts: [{ path: '/usr/local/tomcat/logs', tree: logs.tree }] });
    const reader = container({ mounts: [{ path: '/logs', tree: logs.tree }] });
    const { calls, listener } = counter();
    reader.watch('/logs/catalina.log', listener);
    tomcat.writeFile('/usr/local/tomcat/logs/catalina.log', 'started\n', { append: true });
    expect(calls.count).toBe(1);
    const size = reader.stat('/logs/catalina.log').size;
    expect(text(reader.readRange('/logs/catalina.log', 0, size))).toBe('started\n');
    // Reading is not a change.
    reader.readFile('/logs/catalina.log');
    expect(calls.count).toBe(1);
  });

  it('fires for changes anywhere below a watched directory of the root, and only there', () => {
    const fs = container();
    const { calls, listener } = counter();
    fs.watch('/var', listener);
    // /var/log exists only in the image so far: the first write copies it up.
    fs.writeFile('/var/log/new.log', 'x');
    fs.writeFile('/var/log/boot.log', 'y', { append: true });
    fs.unlink('/var/log/new.log');
    expect(calls.count).toBe(3);
    fs.writeFile('/etc/motd', 'elsewhere');
    expect(calls.count).toBe(3);
  });

  it('sees writes made through another view of the same container (an exec session)', () => {
    const main = container();
    const exec = main.withCwd('/tmp');
    const { calls, listener } = counter();
    main.watch('/tmp', listener);
    exec.writeFile('out.txt', 'from exec');
    expect(calls.count).toBe(1);
  });

  it('follows mounts below the watched directory', () => {
    const data = volume();
    const fs = container({ mounts: [{ path: '/srv/data', tree: data.tree }] });
    const { calls, listener } = counter();
    fs.watch('/', listener);
    data.fs.writeFile('/from-node', 'x');
    expect(calls.count).toBe(1);
  });

  it('fires when the watched file is replaced or removed, and stops when unsubscribed', () => {
    const shared = volume();
    shared.fs.writeFile('/app.log', 'old');
    shared.fs.writeFile('/app.log.new', 'new');
    const fs = container({ mounts: [{ path: '/data', tree: shared.tree }] });
    const { calls, listener } = counter();
    const stop = fs.watch('/data/app.log', listener);
    shared.fs.rename('/app.log.new', '/app.log');
    expect(calls.count).toBe(1);
    stop();
    shared.fs.unlink('/app.log');
    expect(calls.count).toBe(1);
  });

  it('fires for attribute changes and truncation', () => {
    const fs = container();
    fs.writeFile('/tmp/f', 'content');
    const { calls, listener } = counter();
    fs.watch('/tmp/f', listener);
    fs.chmod('/tmp/f', 0o600);
    fs.truncate('/tmp/f', 0);
    expect(calls.count).toBe(2);
  });

  it('cannot watch what does not exist', () => {
    const fs = container();
    expectFsError(() => fs.watch('/nope', () => {}), 'ENOENT', '/nope', 'watch');
  });
});
