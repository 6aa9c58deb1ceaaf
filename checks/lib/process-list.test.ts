import { describe, expect, it } from 'vitest';
import { nginxMaster, nginxWorkers, parsePs } from './process-list.js';

// The Kubernetes docs' example (tasks/configure-pod-container/share-process-namespace).
const SHARED = `PID   USER     TIME  COMMAND
    1 root      0:00 /pause
    8 root      0:00 nginx: master process nginx -g daemon off;
   14 101       0:00 nginx: worker process
   15 root      0:00 sh
   21 root      0:00 ps ax
`;

describe('parsePs', () => {
  it('reads PID, user and the whole command line, header skipped', () => {
    expect(parsePs(SHARED)).toEqual([
      { pid: 1, user: 'root', command: '/pause' },
      { pid: 8, user: 'root', command: 'nginx: master process nginx -g daemon off;' },
      { pid: 14, user: '101', command: 'nginx: worker process' },
      { pid: 15, user: 'root', command: 'sh' },
      { pid: 21, user: 'root', command: 'ps ax' },
    ]);
  });

  it('finds the nginx master and its workers', () => {
    const rows = parsePs(SHARED);
    expect(nginxMaster(rows)?.pid).toBe(8);
    expect(nginxWorkers(rows).map((r) => r.pid)).toEqual([14]);
  });

  it('finds no nginx in a container that sees only its own processes', () => {
    const rows = parsePs(
      'PID   USER     TIME  COMMAND\n    1 root      0:00 sh\n    7 root      0:00 ps\n',
    );
    expect(nginxMaster(rows)).toBeUndefined();
    expect(rows[0]?.command).toBe('sh');
  });
});
