import type { Program } from '../contracts.js';
import { cat } from './cat.js';
import { date } from './date.js';
import { env } from './env.js';
import { head } from './head.js';
import { pause } from './pause.js';
import { sleep } from './sleep.js';
import { falseProgram, trueProgram } from './true-false.js';
import { yes } from './yes.js';

/**
 * The few programs the shell and process host are tested with, by the path an image keeps
 * them at. The full busybox/coreutils catalogue adds to a table like this one.
 */
export const basicPrograms: Record<string, Program> = {
  '/bin/cat': cat,
  '/bin/date': date,
  '/usr/bin/env': env,
  '/usr/bin/head': head,
  '/bin/sleep': sleep,
  '/bin/true': trueProgram,
  '/bin/false': falseProgram,
  '/usr/bin/yes': yes,
  '/pause': pause,
};
