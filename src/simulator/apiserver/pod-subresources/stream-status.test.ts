import { describe, expect, it } from 'vitest';
import { KubeletError } from './node-streams.js';
import { sessionStatus, V4_PROTOCOL, V5_PROTOCOL } from './stream-status.js';

const exec = { purpose: 'exec' as const, command: ['sh', '-c', 'exit 3'] };

describe('the status on channel 3', () => {
  it('is Success for exit 0, and for attach whatever the process did', () => {
    expect(
      sessionStatus({ kind: 'exited', exitCode: 0 }, { ...exec, protocol: V5_PROTOCOL }),
    ).toEqual({
      metadata: {},
      status: 'Success',
    });
    expect(
      sessionStatus(
        { kind: 'exited', exitCode: 1 },
        { purpose: 'attach', command: [], protocol: V5_PROTOCOL },
      ),
    ).toEqual({ metadata: {}, status: 'Success' });
  });

  it('wraps a non-zero exit as the translator (v5) or the kubelet itself (v4) does', () => {
    expect(
      sessionStatus({ kind: 'exited', exitCode: 3 }, { ...exec, protocol: V4_PROTOCOL }),
    ).toEqual({
      metadata: {},
      status: 'Failure',
      message:
        'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
    expect(
      sessionStatus({ kind: 'exited', exitCode: 3 }, { ...exec, protocol: V5_PROTOCOL }).message,
    ).toBe('command terminated with non-zero exit code: command terminated with exit code 3');
  });

  it('double-wraps a runtime failure through the v5 translator', () => {
    const failed = { kind: 'failed' as const, error: new Error('no such file') };
    expect(sessionStatus(failed, { ...exec, protocol: V4_PROTOCOL }).message).toBe(
      'Internal error occurred: error executing command in container: no such file',
    );
    expect(
      sessionStatus(failed, { purpose: 'attach', command: [], protocol: V5_PROTOCOL }),
    ).toEqual({
      metadata: {},
      status: 'Failure',
      message:
        'Internal error occurred: Internal error occurred: error attaching to container: no such file',
      reason: 'InternalError',
      details: {
        causes: [
          { message: 'Internal error occurred: error attaching to container: no such file' },
        ],
      },
      code: 500,
    });
  });

  it('reports a kubelet refusal as a failed upgrade of the translator’s SPDY connection', () => {
    const refused = {
      kind: 'refused' as const,
      error: new KubeletError('container app not found in pod web_default'),
    };
    expect(
      sessionStatus(refused, { purpose: 'attach', command: [], protocol: V5_PROTOCOL }).message,
    ).toBe(
      'Internal error occurred: unable to upgrade connection: container app not found in pod web_default',
    );
  });
});
