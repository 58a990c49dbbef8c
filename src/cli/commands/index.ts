import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerButler } from './butler.js';
import { registerCi } from './ci.js';
import { registerConvert } from './convert.js';
import { registerDemo } from './demo.js';
import { registerFitsdiff } from './fitsdiff.js';
import { registerInspect } from './inspect.js';
import { registerMilestones } from './milestones.js';
import { registerReport } from './report.js';

/** A command module: adds itself to the program. */
export type CommandRegistrar = (program: Command, context: () => CliContext, setExit: (code: number) => void) => void;

const registrars: CommandRegistrar[] = [registerInspect, registerConvert, registerDemo, registerFitsdiff, registerButler, registerReport, registerMilestones, registerCi];

/** Adds every gen2to3 command to `program`. */
export function registerCommands(program: Command, context: () => CliContext, setExit: (code: number) => void): void {
  for (const register of registrars) register(program, context, setExit);
}
