import type { Program } from '../contracts.js';

export const trueProgram: Program = async () => 0;
export const falseProgram: Program = async () => 1;
