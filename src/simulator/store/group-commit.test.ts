import { describe, expect, it } from 'vitest';
import { type CommitSink, GroupCommit } from './group-commit.js';

/** A sink that records each batch and can be told to fail, standing in for the journal file. */
class RecordingSink implements CommitSink {
  readonly batches: string[] = [];
  failWith: Error | undefined;

  async append(data: string): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.failWith) throw this.failWith;
    this.batches.push(data);
  }
}

function committer(sink: CommitSink | undefined, durable: number[] = []) {
  return new GroupCommit({ sink, durableRV: 0, onDurable: (rv) => durable.push(rv) });
}

describe('group commit', () => {
  it('puts a synchronous burst in one batch and later arrivals in the next', async () => {
    const sink = new RecordingSink();
    const durable: number[] = [];
    const commit = committer(sink, durable);
    const burst = [1, 2, 3].map((rv) => commit.submit(rv, `${rv}\n`));
    await new Promise<void>((resolve) => queueMicrotask(resolve)); // batch 1 is being written
    const late = [4, 5].map((rv) => commit.submit(rv, `${rv}\n`));
    await Promise.all([...burst, ...late]);
    expect(sink.batches).toEqual(['1\n2\n3\n', '4\n5\n']);
    expect(durable).toEqual([3, 5]);
    expect(commit.stats).toEqual({ commits: 2, records: 5 });
  });

  it('resolves a writer only after its batch is written', async () => {
    const sink = new RecordingSink();
    const commit = committer(sink);
    let resolved = false;
    const write = commit.submit(1, 'a\n').then(() => {
      resolved = true;
      return sink.batches.length;
    });
    expect(resolved).toBe(false);
    expect(await write).toBe(1);
  });

  it('waits for durability of a given resourceVersion', async () => {
    const commit = committer(new RecordingSink());
    await commit.whenDurable(0);
    const order: string[] = [];
    const waiting = commit.whenDurable(2).then(() => order.push('durable 2'));
    await commit.submit(1, 'a\n').then(() => order.push('write 1'));
    await commit.submit(2, 'b\n').then(() => order.push('write 2'));
    await waiting;
    expect(order).toEqual(['write 1', 'write 2', 'durable 2']);
  });

  it('after a failed write rejects that batch, the queue, and everything later', async () => {
    const sink = new RecordingSink();
    const commit = committer(sink);
    await commit.submit(1, 'ok\n');
    sink.failWith = new Error('ENOSPC: no space left on device');
    const failing = commit.submit(2, 'lost\n');
    const queued = commit.submit(3, 'lost too\n');
    await expect(failing).rejects.toThrow('ENOSPC');
    await expect(queued).rejects.toThrow('ENOSPC');
    expect(commit.failure?.error).toBe(sink.failWith);
    sink.failWith = undefined;
    await expect(commit.submit(4, 'after\n')).rejects.toThrow('ENOSPC');
    await expect(commit.whenDurable(2)).rejects.toThrow('ENOSPC');
    expect(sink.batches).toEqual(['ok\n']);
    await commit.idle();
  });

  it('without a sink acknowledges one microtask later, still in batches', async () => {
    const durable: number[] = [];
    const commit = committer(undefined, durable);
    await Promise.all([commit.submit(1, ''), commit.submit(2, '')]);
    expect(durable).toEqual([2]);
  });
});
