/**
 * Runs one external command as an argv array with `child_process.spawn` and no shell, measuring
 * wall time, CPU time and peak RSS ({@link MeasuredUsage}). Never throws for the command's own
 * failures: a missing command, a non-zero exit, a signal or a timeout are returned as data.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findExecutable } from './find-executable.js';
import type { MeasuredUsage } from './measured-usage.js';

/** The GNU time binary used when present. */
export const DEFAULT_TIME_BINARY = '/usr/bin/time';

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  /** Working directory. */
  cwd: string;
  /** Environment (replaces the inherited one; pass `{...process.env, ...extra}` to extend). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Kill the command's process group after this long. */
  timeoutMs?: number;
  /** File receiving stdout and stderr (appended; directory created). */
  logFile?: string;
  /** GNU time binary; `null` to poll `/proc` instead. Default: `/usr/bin/time` when it exists. */
  timeBinary?: string | null;
}

/** How a command ended. `ok` is exit code 0. */
export interface CommandResult {
  argv: readonly string[];
  ok: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Why it failed (not found, exit code, signal, timeout); undefined when ok. */
  error?: string;
  usage: MeasuredUsage;
}

const CLOCK_TICKS = 100;

async function pollProc(pid: number, sample: { cpu: number; rss: number }): Promise<void> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is state (field 3); utime..cstime are fields 14..17.
    const ticks = [11, 12, 13, 14].reduce((s, i) => s + Number(fields[i] ?? 0), 0);
    if (Number.isFinite(ticks)) sample.cpu = Math.max(sample.cpu, ticks / CLOCK_TICKS);
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const hwm = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    if (hwm) sample.rss = Math.max(sample.rss, Number(hwm[1]) * 1024);
  } catch {
    // The process has exited between polls.
  }
}

function parseGnuTime(text: string): { wall: number; cpu: number; rss: number } | undefined {
  const line = text.trim().split('\n').pop() ?? '';
  const m = /^([\d.]+) ([\d.]+) ([\d.]+) (\d+)$/.exec(line.trim());
  if (!m) return undefined;
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rss: Number(m[4]) * 1024 };
}

/** Runs `argv` (argv[0] is the command). */
export async function runCommand(argv: readonly string[], options: RunCommandOptions): Promise<CommandResult> {
  const env = options.env ?? process.env;
  const started = process.hrtime.bigint();
  const wall = (): number => Number(process.hrtime.bigint() - started) / 1e9;
  const [command, ...args] = argv;
  const resolved = command === undefined ? undefined : await findExecutable(command, { cwd: options.cwd, pathEnv: env.PATH });
  if (resolved === undefined) {
    return { argv, ok: false, exitCode: null, signal: null, error: `command not found: ${command ?? '(empty argv)'}`, usage: { wallSeconds: 0, cpuSeconds: 0, peakMemoryBytes: 0, method: 'none' } };
  }
  const timeBinary = options.timeBinary === undefined ? (existsSync(DEFAULT_TIME_BINARY) ? DEFAULT_TIME_BINARY : null) : options.timeBinary;
  const timeFile = timeBinary ? path.join(os.tmpdir(), `gen2to3-time-${process.pid}-${Math.random().toString(36).slice(2)}.txt`) : undefined;
  // GNU time stops option parsing at the first non-option; `resolved` is absolute, never an option.
  const [file, fileArgs] = timeBinary && timeFile ? [timeBinary, ['-f', '%e %U %S %M', '-o', timeFile, resolved, ...args]] : [resolved, args];

  let log: ReturnType<typeof createWriteStream> | undefined;
  if (options.logFile) {
    await mkdir(path.dirname(options.logFile), { recursive: true });
    log = createWriteStream(options.logFile, { flags: 'a' });
  }
  let stderrTail = '';
  const sample = { cpu: 0, rss: 0 };
  let timedOut = false;

  const end = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; spawnError?: Error }>((resolve) => {
    const child = spawn(file, fileArgs, { cwd: options.cwd, env: env as NodeJS.ProcessEnv, shell: false, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (b: Buffer) => log?.write(b));
    child.stderr.on('data', (b: Buffer) => {
      log?.write(b);
      stderrTail = (stderrTail + b.toString('utf8')).slice(-2000);
    });
    const poller = !timeBinary && child.pid !== undefined ? setInterval(() => void pollProc(child.pid!, sample), 50) : undefined;
    if (poller && child.pid !== undefined) void pollProc(child.pid, sample);
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            try {
              if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
            } catch {
              child.kill('SIGKILL');
            }
          }, options.timeoutMs)
        : undefined;
    const finish = (r: { code: number | null; signal: NodeJS.Signals | null; spawnError?: Error }): void => {
      if (poller) clearInterval(poller);
      if (timer) clearTimeout(timer);
      resolve(r);
    };
    child.on('error', (err) => finish({ code: null, signal: null, spawnError: err }));
    child.on('close', (code, signal) => finish({ code, signal }));
  });
  await new Promise<void>((r) => (log ? log.end(r) : r()));

  let usage: MeasuredUsage = { wallSeconds: wall(), cpuSeconds: sample.cpu, peakMemoryBytes: sample.rss, method: 'proc-poll' };
  if (timeFile) {
    const measured = parseGnuTime(await readFile(timeFile, 'utf8').catch(() => ''));
    await rm(timeFile, { force: true });
    usage = measured ? { wallSeconds: measured.wall, cpuSeconds: measured.cpu, peakMemoryBytes: measured.rss, method: 'gnu-time' } : { ...usage, method: 'none' };
  }
  const base = { argv, exitCode: end.code, signal: end.signal, usage };
  if (end.spawnError) return { ...base, ok: false, error: `cannot run ${command}: ${end.spawnError.message}` };
  if (timedOut) return { ...base, ok: false, error: `timed out after ${options.timeoutMs} ms` };
  if (end.code === 0) return { ...base, ok: true };
  const tail = stderrTail.trim().split('\n').slice(-3).join(' | ');
  const how = end.signal ? `killed by ${end.signal}` : timeBinary && end.code !== null && end.code > 128 ? `exit code ${end.code} (signal ${end.code - 128}?)` : `exit code ${end.code}`;
  return { ...base, ok: false, error: `${command} failed: ${how}${tail ? `: ${tail}` : ''}` };
}
