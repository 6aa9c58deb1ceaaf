import { describe, expect, it } from 'vitest';
import { ignoredHangups, lastReload, signalLines, stopSignal } from './nginx-signals.js';

// nginx 1.27 logs the sender's PID; a log without it (`received, reconfiguring`) reads the same.
const RELOADED = `2025/05/01 10:00:00 [notice] 8#8: start worker process 14
2025/05/01 10:01:00 [notice] 8#8: signal 1 (SIGHUP) received from 30, reconfiguring
2025/05/01 10:01:00 [notice] 8#8: reconfiguring
2025/05/01 10:01:00 [notice] 8#8: using the "epoll" event method
2025/05/01 10:01:00 [notice] 8#8: start worker processes
2025/05/01 10:01:00 [notice] 8#8: start worker process 31
2025/05/01 10:01:00 [notice] 8#8: start worker process 32
2025/05/01 10:01:00 [notice] 14#14: gracefully shutting down
2025/05/01 10:01:00 [notice] 8#8: signal 17 (SIGCHLD) received from 14
2025/05/01 10:01:00 [notice] 8#8: worker process 14 exited with code 0
`;

describe('signalLines', () => {
  it('reads the receiver, the signal, the sender and the action', () => {
    expect(signalLines(RELOADED)).toEqual([
      {
        pid: 8,
        signal: 1,
        name: 'SIGHUP',
        from: 30,
        action: 'reconfiguring',
        text: 'signal 1 (SIGHUP) received from 30, reconfiguring',
        at: 1,
      },
      {
        pid: 8,
        signal: 17,
        name: 'SIGCHLD',
        from: 14,
        action: '',
        text: 'signal 17 (SIGCHLD) received from 14',
        at: 8,
      },
    ]);
  });

  it('reads a line without the sender', () => {
    const [line] = signalLines(
      '2025/05/01 10:01:00 [notice] 2#2: signal 1 (SIGHUP) received, reconfiguring',
    );
    expect(line?.from).toBeUndefined();
    expect(line?.action).toBe('reconfiguring');
  });
});

describe('lastReload', () => {
  it('gives the master and the workers it started after the SIGHUP', () => {
    const reload = lastReload(RELOADED);
    expect(reload?.master).toBe(8);
    expect(reload?.workers).toEqual([31, 32]);
  });

  it('is undefined when nginx never reconfigured', () => {
    expect(lastReload(RELOADED.split('\n')[0] ?? '')).toBeUndefined();
  });
});

describe('ignoredHangups and stopSignal', () => {
  it('tells a worker that ignored SIGHUP', () => {
    const log =
      '2025/05/01 10:01:00 [notice] 14#14: signal 1 (SIGHUP) received from 30, ignoring\n';
    expect(ignoredHangups(log).map((s) => s.pid)).toEqual([14]);
    expect(lastReload(log)).toBeUndefined();
  });

  it('finds the signal that stopped nginx, the master first', () => {
    const log = `2025/05/01 10:01:00 [notice] 8#8: signal 15 (SIGTERM) received from 30, exiting
2025/05/01 10:01:00 [notice] 14#14: signal 15 (SIGTERM) received from 8, exiting
2025/05/01 10:01:00 [notice] 8#8: exit
`;
    expect(stopSignal(log)?.text).toBe('signal 15 (SIGTERM) received from 30, exiting');
    expect(stopSignal(RELOADED)).toBeUndefined();
  });
});
