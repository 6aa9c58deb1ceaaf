import { execFileSync } from 'node:child_process';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CourseSession } from '../src/course/course-session.js';
import { loadCourse } from '../src/course/lesson-loader.js';
import { lessonsDir } from '../src/course/lessons-dir.js';
import { ProgressStore } from '../src/course/progress-store.js';
import { startOnce, stop } from './sim-process.js';
import { median, percentile } from './stats.js';

/** The repository: bench runs compiled, from dist/bench. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GRADES = 30;

/**
 * Issue 5's figures: grading one step (the engine's whole path: client-node, HTTPS, the
 * simulator, the checks), and what a learner downloads (`npm pack`, a clean install of it).
 */
export async function courseFigures(dir: string) {
  const stateDir = join(dir, 'course-sim');
  const sim = await startOnce(stateDir);
  try {
    const course = await loadCourse(lessonsDir());
    const lesson = course.lessons.find((l) => l.id === 'pod-and-infra-container');
    const step = lesson?.steps.find((s) => s.id === 'share-pid');
    if (!lesson || !step) throw new Error('lesson 01 share-pid not found');
    const session = await CourseSession.open(
      {
        kubeconfig: join(stateDir, 'kubeconfig'),
        context: undefined,
        namespace: 'default',
        key: 'bench',
      },
      new ProgressStore(join(dir, 'course-home')),
    );
    const fresh = await timeGrades(session, lesson, step);
    await session.setUp(lesson);
    await session.solve(lesson, step);
    while (!(await session.grade(lesson, step)).passed)
      await new Promise((r) => setTimeout(r, 200));
    const passing = await timeGrades(session, lesson, step);
    const quiz = lesson.steps.find((s) => s.id === 'pid-one');
    const live: number[] = [];
    if (quiz?.kind === 'quiz') {
      const { rightAnswer } = await import('../src/course/grade-step.js');
      const checks = await session.checksFor(lesson);
      for (let i = 0; i < 10; i++) {
        const t0 = performance.now();
        await rightAnswer(session.ctx, quiz, checks);
        live.push(performance.now() - t0);
      }
    }
    console.log('\nCourse engine (client-node → simulator, lesson 01 share-pid: 3 conditions)');
    console.log(
      `  grade a step, nothing there yet   p50 ${fmt(median(fresh))}  p95 ${fmt(percentile(fresh, 95))}`,
    );
    console.log(
      `  grade a step, all passing         p50 ${fmt(median(passing))}  p95 ${fmt(percentile(passing, 95))}`,
    );
    if (live.length)
      console.log(
        `  live quiz answer (exec ps)        p50 ${fmt(median(live))}  p95 ${fmt(percentile(live, 95))}`,
      );
  } finally {
    await stop(sim.child);
  }
  await packFigures(dir);
}

async function timeGrades(
  session: CourseSession,
  lesson: Parameters<CourseSession['grade']>[0],
  step: Parameters<CourseSession['grade']>[1],
) {
  await session.grade(lesson, step); // warm: checks module, discovery
  const times: number[] = [];
  for (let i = 0; i < GRADES; i++) {
    const t0 = performance.now();
    await session.grade(lesson, step);
    times.push(performance.now() - t0);
  }
  return times;
}

const fmt = (ms: number) => `${ms.toFixed(1).padStart(6)} ms`;

async function sizeOf(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path)) total += await sizeOf(join(path, entry));
  return total;
}

/** `npm pack` of the built package, then a clean install of that tarball in an empty project. */
export async function packFigures(dir: string) {
  const packDir = join(dir, 'pack');
  const out = execFileSync(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', dir],
    {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const [packed] = JSON.parse(out) as {
    filename: string;
    size: number;
    unpackedSize: number;
    entryCount: number;
  }[];
  if (!packed) throw new Error('npm pack printed nothing');
  const tarball = join(dir, packed.filename);
  await rm(packDir, { recursive: true, force: true });
  await mkdir(packDir, { recursive: true });
  await writeFile(
    join(packDir, 'package.json'),
    '{"name":"consumer","version":"1.0.0","private":true}\n',
  );
  const t0 = performance.now();
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--omit=dev', tarball], {
    cwd: packDir,
    stdio: 'ignore',
  });
  const installMs = performance.now() - t0;
  const modules = join(packDir, 'node_modules');
  const total = await sizeOf(modules);
  const clientNode = await sizeOf(join(modules, '@kubernetes')).catch(() => 0);
  const packages = (await readdir(modules)).filter((n) => !n.startsWith('.')).length;
  console.log('\nPackage');
  console.log(
    `  npm pack: ${kb(packed.size)} packed, ${kb(packed.unpackedSize)} unpacked, ${packed.entryCount} files`,
  );
  console.log(
    `  clean install of the tarball: ${mb(total)} in node_modules (${packages} top-level entries), ${(installMs / 1000).toFixed(1)} s; @kubernetes/* ${mb(clientNode)}`,
  );
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
