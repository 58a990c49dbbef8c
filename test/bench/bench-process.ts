/** What the benchmarks share for finding the project and running measured child processes. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from './types.js';

/** The directory holding package.json above this file (dist/test/bench or test/bench). */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the project root (package.json)');
    dir = parent;
  }
  return dir;
}

/** A finished child: its stdout, and (from `/usr/bin/time`) wall-clock seconds and peak RSS in KiB. */
export interface ChildRun {
  readonly stdout: string;
  readonly seconds: number;
  readonly maxRssKiB: number;
}

/**
 * Runs `cmd args` under `/usr/bin/time` (wall seconds and peak RSS into a side file), logging its
 * stderr lines (warnings left out); rejects on a non-zero exit with the end of its stderr.
 */
export function runChild(ctx: BenchContext, cmd: string, args: readonly string[]): Promise<ChildRun> {
  const timeFile = path.join(ctx.tmpDir, `time-${process.hrtime.bigint()}.txt`);
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-o', timeFile, '-f', '%e %M', cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => {
      const s = b.toString();
      err = (err + s).slice(-8000);
      for (const line of s.split('\n')) if (line.trim() && !/Warning|warn\(/.test(line)) ctx.log(line.trimEnd().slice(0, 300));
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const m = existsSync(timeFile) ? /([\d.]+) (\d+)\s*$/.exec(readFileSync(timeFile, 'utf8')) : null;
      if (code !== 0 || !m) return reject(new Error(`${path.basename(cmd)} ${args.slice(0, 2).map((a) => path.basename(a)).join(' ')} exited with ${code}: ${err.slice(-2000)}`));
      resolve({ stdout: out, seconds: Number(m[1]), maxRssKiB: Number(m[2]) });
    });
  });
}

/** The last line of a child's stdout parsed as JSON (the workers print their result last). */
export function lastJsonLine<T>(stdout: string, what: string): T {
  const last = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as T;
  } catch {
    throw new Error(`no JSON result from ${what}: ${last.slice(0, 500)}`);
  }
}

/** {@link runChild}, then its last stdout line as JSON. */
export async function runJsonChild<T>(ctx: BenchContext, cmd: string, args: readonly string[]): Promise<T> {
  return lastJsonLine<T>((await runChild(ctx, cmd, args)).stdout, path.basename(args[0] ?? cmd));
}
