import { SimClock } from '../../clock.js';
import type { Program, SignalName } from '../process/contracts.js';
import { MapCatalogue } from '../process/map-catalogue.js';
import { MemoryFileSystem } from '../process/memory-file-system.test-support.js';
import type { PidNamespace } from '../process/pid-namespace.js';
import { ProcessHost, type StartedProcess } from '../process/process-host.js';
import { BufferOutput, textInput } from '../process/streams.js';
import { programTable } from '../programs/catalogue.js';
import type { FlavourName } from './flavour.js';
import { shellProgram } from './sh-program.js';

/**
 * A container in miniature for shell tests: a manual clock, an in-memory filesystem, the
 * test programs plus `/bin/sh` of one flavour, and a process host.
 */
export class ShellWorld {
  readonly clock = new SimClock({ speed: 0, start: new Date('2024-05-14T10:21:33Z') });
  readonly host = new ProcessHost({ clock: this.clock });
  readonly fs: MemoryFileSystem;
  readonly catalogue: MapCatalogue;
  readonly namespace: PidNamespace;
  readonly cgroup;

  constructor(
    readonly flavour: FlavourName = 'ash',
    files: Record<string, string> = {},
    extra: Record<string, Program> = {},
  ) {
    this.fs = new MemoryFileSystem(
      { '/tmp/': '', '/root/': '', '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\n', ...files },
      () => this.clock.nowMs(),
    );
    this.catalogue = new MapCatalogue({
      ...programTable('busybox'),
      '/bin/sh': shellProgram(flavour),
      '/bin/ash': shellProgram('ash'),
      '/bin/dash': shellProgram('dash'),
      ...extra,
    });
    this.namespace = this.host.createNamespace();
    this.cgroup = this.host.createCgroup('test', this.catalogue);
  }

  /** Starts argv as a container's main process with collected output. */
  start(
    argv: string[],
    options: { stdin?: string; env?: Record<string, string>; terminal?: boolean } = {},
  ): { process: StartedProcess; stdout: BufferOutput; stderr: BufferOutput } {
    const stdout = new BufferOutput({ isTerminal: options.terminal ?? false });
    const stderr = new BufferOutput({ isTerminal: options.terminal ?? false });
    const process = this.host.start({
      argv,
      env: options.env ?? { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/root' },
      cwd: '/',
      stdin: textInput(options.stdin ?? ''),
      stdout,
      stderr,
      fs: this.fs,
      namespace: this.namespace,
      cgroup: this.cgroup,
    });
    return { process, stdout, stderr };
  }

  /** Runs `sh -c script` to completion (the clock must not be needed). */
  async run(
    script: string,
    options: { stdin?: string; argv0?: string; args?: string[] } = {},
  ): Promise<{ stdout: string; stderr: string; status: number }> {
    const started = this.start(
      [options.argv0 ?? 'sh', '-c', script, ...(options.args ?? [])],
      options.stdin === undefined ? {} : { stdin: options.stdin },
    );
    const status = await started.process.exit;
    return { stdout: started.stdout.text(), stderr: started.stderr.text(), status };
  }

  /** Lets every process run until all of them wait on the clock or input. */
  async settle(turns = 20): Promise<void> {
    for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Moves the clock one step at a time, settling in between. */
  async advance(ms: number, step = 1000): Promise<void> {
    for (let done = 0; done < ms; done += step) {
      await this.settle();
      await this.clock.advance(Math.min(step, ms - done));
      await this.settle();
    }
  }

  kill(pid: number, signal: SignalName): boolean {
    return this.namespace.kill(pid, signal);
  }
}
