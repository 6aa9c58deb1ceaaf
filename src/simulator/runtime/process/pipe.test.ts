import { describe, expect, it } from 'vitest';
import { BrokenPipeError } from './contracts.js';
import { createPipe } from './pipe.js';
import { bytesToText } from './streams.js';

describe('createPipe', () => {
  it('makes a writer wait while the buffer is full, until the reader drains it', async () => {
    const { reader, writer } = createPipe({ capacity: 4 });
    let written = false;
    const write = writer.write('abcdefgh').then(() => {
      written = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toBe(false);
    expect(bytesToText((await reader.read()) as Uint8Array)).toBe('abcdefgh');
    await write;
    expect(written).toBe(true);
  });

  it('gives end of file once every write end is closed', async () => {
    const { reader, writer } = createPipe();
    const second = writer.dup();
    await writer.write('a');
    writer.close();
    expect(bytesToText((await reader.read()) as Uint8Array)).toBe('a');
    const pending = reader.read();
    await second.write('b');
    expect(bytesToText((await pending) as Uint8Array)).toBe('b');
    second.close();
    expect(await reader.read()).toBeNull();
  });

  it('fails blocked and later writes with EPIPE when the reader goes away', async () => {
    const { reader, writer } = createPipe({ capacity: 2 });
    const blocked = writer.write('abcdef');
    reader.close();
    await expect(blocked).rejects.toBeInstanceOf(BrokenPipeError);
    await expect(writer.write('x')).rejects.toBeInstanceOf(BrokenPipeError);
  });

  it('aborts a waiting read with the caller’s signal', async () => {
    const { reader } = createPipe();
    const controller = new AbortController();
    const read = reader.read(controller.signal);
    controller.abort(new Error('stop'));
    await expect(read).rejects.toThrow('stop');
  });
});
