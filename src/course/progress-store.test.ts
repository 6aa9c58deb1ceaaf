import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyProgress, type ProgressKey, stepOf } from './progress-document.js';
import { mergeProgress } from './progress-merge.js';
import { ProgressError, ProgressStore } from './progress-store.js';

const scratch = await mkdtemp(join(tmpdir(), 'pod-course-progress-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

let counter = 0;
const freshHome = () => join(scratch, `home-${counter++}`);
const fixedNow = () => new Date('2025-03-01T10:20:30.456Z');
const key = (step: string, lesson = 'pod-and-infra-container'): ProgressKey => ({
  backend: 'sim',
  namespace: 'default',
  lesson,
  step,
});

describe('ProgressStore', () => {
  it('starts empty and round-trips a step through the file', async () => {
    const home = freshHome();
    const store = new ProgressStore(home, { now: fixedNow });
    expect((await store.read()).document).toEqual(emptyProgress());
    await store.updateStep(key('share-pid'), (step) => {
      step.attempts++;
      step.hintsUsed = 2;
    });
    await store.updateStep(key('share-pid'), (step) => {
      step.attempts++;
      step.status = 'passed';
      step.passedAt = fixedNow().toISOString();
    });
    const again = await new ProgressStore(home).read();
    expect(again.notice).toBeUndefined();
    expect(stepOf(again.document, key('share-pid'))).toEqual({
      status: 'passed',
      attempts: 2,
      hintsUsed: 2,
      timeSpentMs: 0,
      startedAt: '2025-03-01T10:20:30.456Z',
      passedAt: '2025-03-01T10:20:30.456Z',
    });
    expect(again.document.backends.sim?.default?.current).toEqual({
      lesson: 'pod-and-infra-container',
      step: 'share-pid',
    });
    const onDisk = JSON.parse(await readFile(join(home, 'progress.json'), 'utf8'));
    expect(onDisk.version).toBe(1);
    expect(await readdir(home)).toEqual(['progress.json']);
  });

  it('keeps a corrupt file aside and says where', async () => {
    const home = freshHome();
    const store = new ProgressStore(home, { now: fixedNow });
    await store.updateStep(key('share-pid'), () => undefined);
    await writeFile(join(home, 'progress.json'), '{"version": 1, "backends": {"sim": ');
    const read = await store.read();
    const keptAs = join(home, 'progress.json.corrupt-2025-03-01T10-20-30-456Z');
    expect(read.notice?.kind).toBe('corrupt');
    expect(read.notice?.keptAs).toBe(keptAs);
    expect(read.notice?.message.en).toContain(`it was kept as ${keptAs}`);
    expect(read.notice?.message.zh).toContain(`已另存为 ${keptAs}`);
    expect(read.document).toEqual(emptyProgress());
    expect(await readFile(keptAs, 'utf8')).toBe('{"version": 1, "backends": {"sim": ');
    // Said once: the next read finds no file, not the same problem again.
    expect((await store.read()).notice).toBeUndefined();
  });

  it('treats a wrongly typed field as corrupt, and never overwrites an earlier kept file', async () => {
    const home = freshHome();
    const store = new ProgressStore(home, { now: fixedNow });
    const bad = JSON.stringify({
      version: 1,
      backends: { sim: { default: { lessons: { x: { steps: { y: { status: 'done' } } } } } } },
    });
    await store.update(() => undefined);
    await writeFile(join(home, 'progress.json'), bad);
    const first = await store.read();
    expect(first.notice?.message.en).toContain(
      'backends.sim.default.lessons.x.steps.y.status is not one of started, skipped, passed',
    );
    await writeFile(join(home, 'progress.json'), bad);
    const second = await store.read();
    expect(second.notice?.keptAs).toBe(`${first.notice?.keptAs}-1`);
  });

  it('keeps a newer-version file aside with an upgrade message', async () => {
    const home = freshHome();
    const store = new ProgressStore(home, { now: fixedNow });
    await store.update(() => undefined);
    const newer = JSON.stringify({ version: 7, whatever: true });
    await writeFile(join(home, 'progress.json'), newer);
    const read = await store.read();
    expect(read.notice?.kind).toBe('newer');
    expect(read.notice?.message.en).toContain(
      'written by a newer pod-course (format 7; this one reads 1)',
    );
    expect(await readFile(read.notice?.keptAs ?? '', 'utf8')).toBe(newer);
  });

  it('loses nothing when writes are in flight together, from two stores on one home', async () => {
    const home = freshHome();
    const a = new ProgressStore(home);
    const b = new ProgressStore(home);
    const steps = Array.from({ length: 12 }, (_, i) => `step-${i}`);
    await Promise.all(
      steps.map((step, i) =>
        (i % 2 === 0 ? a : b).updateStep(key(step), (record) => {
          record.attempts = i + 1;
        }),
      ),
    );
    const text = await readFile(join(home, 'progress.json'), 'utf8');
    const read = await new ProgressStore(home).read();
    expect(read.notice).toBeUndefined();
    expect(JSON.parse(text)).toEqual(read.document);
    for (const [i, step] of steps.entries()) {
      expect(stepOf(read.document, key(step))?.attempts).toBe(i + 1);
    }
    expect((await readdir(home)).sort()).toEqual(['progress.json']);
  });

  it('takes over a lock left by a process that is gone', async () => {
    const home = freshHome();
    const store = new ProgressStore(home);
    await store.update(() => undefined);
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(join(home, 'progress.json.lock'), String(dead));
    await store.updateStep(key('share-pid'), (step) => {
      step.attempts = 1;
    });
    expect(stepOf((await store.read()).document, key('share-pid'))?.attempts).toBe(1);
  });
});

describe('progress export and import', () => {
  it('moves progress between homes and merges by the documented rules', async () => {
    const laptop = new ProgressStore(freshHome(), { now: fixedNow });
    const lab = new ProgressStore(freshHome(), { now: fixedNow });
    await laptop.updateStep(key('share-pid'), (step) => {
      Object.assign(step, { status: 'passed', attempts: 3, hintsUsed: 1, timeSpentMs: 500 });
      step.passedAt = '2025-03-02T00:00:00.000Z';
      step.startedAt = '2025-03-01T00:00:00.000Z';
    });
    await laptop.updateStep(key('pid-one'), (step) => {
      step.answer = ['pause'];
    });
    await lab.updateStep(key('share-pid'), (step) => {
      Object.assign(step, { attempts: 5, hintsUsed: 0, timeSpentMs: 900 });
      step.startedAt = '2025-02-28T00:00:00.000Z';
    });
    await lab.updateStep(
      { ...key('what-is-shared'), namespace: 'pod-course-ann' },
      () => undefined,
    );

    const file = join(scratch, `export-${counter++}.json`);
    await laptop.exportTo(file);
    const exported = JSON.parse(await readFile(file, 'utf8'));
    expect(exported).toMatchObject({ kind: 'pod-course-progress', version: 1 });

    const summary = await lab.importFrom(file);
    expect(summary).toEqual({ added: 1, updated: 1 });
    const merged = (await lab.read()).document;
    expect(stepOf(merged, key('share-pid'))).toEqual({
      status: 'passed',
      attempts: 5,
      hintsUsed: 1,
      timeSpentMs: 900,
      startedAt: '2025-02-28T00:00:00.000Z',
      passedAt: '2025-03-02T00:00:00.000Z',
    });
    expect(stepOf(merged, key('pid-one'))?.answer).toEqual(['pause']);
    expect(stepOf(merged, { ...key('what-is-shared'), namespace: 'pod-course-ann' })).toBeDefined();
    // The lab's own resume position stays.
    expect(merged.backends.sim?.default?.current?.step).toBe('share-pid');

    // Importing the same file again changes nothing.
    expect(await lab.importFrom(file)).toEqual({ added: 0, updated: 0 });
    expect((await lab.read()).document).toEqual(merged);
  });

  it('never lowers a status: passed here stays passed when the file says started', () => {
    const here = emptyProgress();
    const there = emptyProgress();
    here.backends.sim = {
      default: {
        lessons: {
          l: { steps: { s: { status: 'passed', attempts: 1, hintsUsed: 0, timeSpentMs: 0 } } },
        },
      },
    };
    there.backends.sim = {
      default: {
        lessons: {
          l: { steps: { s: { status: 'started', attempts: 4, hintsUsed: 3, timeSpentMs: 0 } } },
        },
      },
    };
    mergeProgress(here, there);
    expect(here.backends.sim?.default?.lessons.l?.steps.s).toEqual({
      status: 'passed',
      attempts: 4,
      hintsUsed: 3,
      timeSpentMs: 0,
    });
  });

  it('refuses an unusable file and changes nothing', async () => {
    const store = new ProgressStore(freshHome());
    await store.updateStep(key('share-pid'), () => undefined);
    const before = (await store.read()).document;
    const broken = join(scratch, `broken-${counter++}.json`);
    await writeFile(broken, 'not json');
    await expect(store.importFrom(broken)).rejects.toThrow(ProgressError);
    await expect(store.importFrom(broken)).rejects.toThrow(
      /^cannot import .*: not JSON: .*; nothing was changed$/,
    );
    const newer = join(scratch, `newer-${counter++}.json`);
    await writeFile(
      newer,
      JSON.stringify({ kind: 'pod-course-progress', version: 2, backends: {} }),
    );
    await expect(store.importFrom(newer)).rejects.toThrow(
      /newer pod-course \(format 2; this one reads 1\)/,
    );
    await expect(store.importFrom(join(scratch, 'absent.json'))).rejects.toThrow(/^cannot import/);
    expect((await store.read()).document).toEqual(before);
  });
});
