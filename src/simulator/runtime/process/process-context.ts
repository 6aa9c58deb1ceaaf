import {
  BrokenPipeError,
  type InputStream,
  type OutputStream,
  type ProcessClock,
  type SignalPort,
} from './contracts.js';
import { anySignal, type SimulatedClock, waitForAbort } from './sim-clock.js';
import type { SimProcess } from './sim-process.js';

/**
 * The per-process views of shared things: a process's stdin, stdout and clock are wrappers
 * that die with it (a killed process's pending read is aborted, so it cannot steal input
 * meant for the next reader), mark it sleeping in `ps` while it waits, and turn EPIPE into
 * SIGPIPE as the kernel does.
 */

export function processInput(process: SimProcess, input: InputStream): InputStream {
  return {
    // The device behind the stream stays visible (`stty size` on a terminal's fd 0).
    ...(input.terminal ? { terminal: input.terminal } : {}),
    async read(signal?: AbortSignal) {
      process.throwIfDead();
      process.state = 'S';
      try {
        return await input.read(anySignal(signal, process.killed));
      } finally {
        if (!process.exited) process.state = 'R';
        process.awaken();
        process.throwIfDead();
      }
    },
  };
}

export function processOutput(process: SimProcess, output: OutputStream): OutputStream {
  return {
    isTerminal: output.isTerminal,
    ...(output.terminal ? { terminal: output.terminal } : {}),
    async write(data) {
      process.throwIfDead();
      try {
        await output.write(data);
      } catch (error) {
        if (error instanceof BrokenPipeError) {
          // The kernel raises SIGPIPE in the writer; only if that did not kill it does the
          // write itself fail with EPIPE.
          process.deliver('SIGPIPE', process.namespace);
          process.throwIfDead();
        }
        throw error;
      } finally {
        process.awaken();
      }
      process.throwIfDead();
    },
  };
}

export function processClock(process: SimProcess, clock: SimulatedClock): ProcessClock {
  return {
    now: () => clock.now(),
    async sleep(ms: number, signal?: AbortSignal) {
      process.throwIfDead();
      const combined = anySignal(signal, process.killed);
      process.state = 'S';
      try {
        if (ms === Number.POSITIVE_INFINITY) await waitForAbort(combined);
        else await clock.sleep(Math.max(0, ms), combined);
      } finally {
        if (!process.exited) process.state = 'R';
        process.awaken();
      }
    },
  };
}

export function signalPort(process: SimProcess): SignalPort {
  return {
    get killed() {
      return process.killed;
    },
    handle: (signal, handler) => process.handle(signal, handler),
  };
}
