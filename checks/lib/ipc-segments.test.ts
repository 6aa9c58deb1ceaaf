import { describe, expect, it } from 'vitest';
import { parseShmSegments } from './ipc-segments.js';

describe('parseShmSegments', () => {
  it('reads the rows of ipcs -m and skips its headers', () => {
    const output = [
      '',
      '------ Shared Memory Segments --------',
      'key        shmid      owner      perms      bytes      nattch     status      ',
      '0x64cf8404 0          root       644        4096       0                       ',
      '0x00000000 32769      postgres   600        56         6          dest         ',
      '',
    ].join('\n');
    expect(parseShmSegments(output)).toEqual([
      { key: '0x64cf8404', shmid: 0, owner: 'root', bytes: 4096 },
      { key: '0x00000000', shmid: 32769, owner: 'postgres', bytes: 56 },
    ]);
  });

  it('finds nothing in an empty table', () => {
    const output =
      '\n------ Shared Memory Segments --------\nkey        shmid      owner      perms      bytes      nattch     status      \n\n';
    expect(parseShmSegments(output)).toEqual([]);
  });
});
