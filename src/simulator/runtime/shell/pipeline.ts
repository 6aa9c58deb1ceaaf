import { createPipe, type PipeReader, type PipeWriter } from '../process/pipe.js';
import type { Command, Pipeline } from './ast.js';
import type { Shell } from './interpreter.js';

/**
 * `a | b | c`: every member runs in its own subshell process, joined by pipes. When a member
 * exits, its ends of the pipes close: the next member sees end of file, the previous one
 * gets EPIPE (and dies of SIGPIPE) on its next write — how `yes | head -n 3` ends.
 */
export async function runPipeline(shell: Shell, pipeline: Pipeline): Promise<number> {
  const commands = pipeline.commands;
  const pipes: { reader: PipeReader; writer: PipeWriter }[] = [];
  for (let i = 0; i < commands.length - 1; i++) pipes.push(createPipe());
  const children = commands.map((command, i) => {
    const input = i > 0 ? pipes[i - 1]?.reader : undefined;
    const output = i < commands.length - 1 ? pipes[i]?.writer : undefined;
    const child = shell.fork((sub) => sub.runCommand(command as Command, true), {
      ...(input ? { stdin: input } : {}),
      ...(output ? { stdout: output } : {}),
    });
    void child.exit.then(() => {
      input?.close();
      output?.close();
    });
    return child;
  });
  const statuses = await Promise.all(children.map((child) => child.exit));
  const last = statuses[statuses.length - 1] ?? 0;
  if (shell.state.options.pipefail) {
    for (let i = statuses.length - 1; i >= 0; i--)
      if (statuses[i] !== 0) return statuses[i] as number;
  }
  return last;
}
