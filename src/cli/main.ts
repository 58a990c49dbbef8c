#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { ExitCode, Gen2to3Error, UsageError } from '../errors.js';
import { LOG_LEVELS, parseLogLevel } from '../log/logger.js';
import { makeCliContext, type CliContext } from './context.js';
import { registerCommands } from './commands/index.js';

/** Builds the `gen2to3` program. `run` receives each command's exit code. */
export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('gen2to3')
    .description('Gen2 → Gen3 Butler migration, parity checks and Gen2 retirement tracking')
    .addOption(new Option('--log-level <level>', 'log level').choices([...LOG_LEVELS]).default('warn'))
    .option('--no-progress', 'never show progress bars (they are off anyway when stderr is not a TTY)')
    .showHelpAfterError()
    .exitOverride();
  const context = (): CliContext => {
    const opts = program.opts<{ logLevel: string; progress: boolean }>();
    const logLevel = parseLogLevel(opts.logLevel);
    if (!logLevel) throw new UsageError(`unknown log level ${opts.logLevel}`);
    return makeCliContext({ logLevel, progress: opts.progress });
  };
  registerCommands(program, context, setExit);
  return program;
}

async function main(argv: string[]): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    }
    if (err instanceof Gen2to3Error) {
      process.stderr.write(`gen2to3: error [${err.code}]: ${err.message}\n`);
      if (err.cause instanceof Error) process.stderr.write(`  caused by: ${err.cause.message}\n`);
      if (err.exitCode === ExitCode.internal) process.stderr.write('  this is a bug in gen2to3; please report it\n');
      return err.exitCode;
    }
    process.stderr.write(`gen2to3: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.stderr.write('  this is a bug in gen2to3; please report it\n');
    return ExitCode.internal;
  }
}

process.exitCode = await main(process.argv);
