// The Python interop environment: a virtualenv at .venv/interop with the pinned real daf_butler and
// astropy (test/interop/requirements.txt). test/global-setup.ts creates it when asked to (see
// test/README.md) and hands its status to the test workers; test files use `describeInterop` and
// `runPython` / `runButlerCli` from here.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, inject, it } from 'vitest';
import { PROJECT_ROOT } from './fixtures.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by test/global-setup.ts: whether the interop venv is usable, and why not. */
    gen2to3Interop: InteropStatus;
  }
}

/** Whether the interop venv works, as checked by the global setup (or lazily in the worker). */
export interface InteropStatus {
  ok: boolean;
  /** Path of the venv's python. */
  python: string;
  /** Why it is not usable (when `ok` is false). */
  reason?: string;
  /** Installed versions of the key packages (when `ok`). */
  versions?: Record<string, string>;
}

/** Root of the interop virtualenv: GEN2TO3_INTEROP_VENV, default `.venv/interop` under the project root. */
export const INTEROP_VENV = path.resolve(PROJECT_ROOT, process.env.GEN2TO3_INTEROP_VENV ?? path.join('.venv', 'interop'));
/** The pinned requirements the venv is built from. */
export const INTEROP_REQUIREMENTS = path.join(PROJECT_ROOT, 'test', 'interop', 'requirements.txt');
/** Written into the venv after a successful install: sha256 of the requirements file. */
const STAMP = path.join(INTEROP_VENV, '.gen2to3-requirements.sha256');
const LOCK_DIR = `${INTEROP_VENV}.lock`;
/** daf_butler's Requires-Python. */
const MIN_PYTHON: readonly [number, number] = [3, 11];
/** Packages whose versions the status reports and checks against the pins. */
const KEY_PACKAGES = ['lsst-daf-butler', 'astropy', 'SQLAlchemy', 'psycopg', 'numpy'] as const;

/** True when an environment flag is set to something other than '', '0', 'false', 'no', 'off'. */
export function envFlag(name: string): boolean {
  const v = process.env[name];
  return v !== undefined && !['', '0', 'false', 'no', 'off'].includes(v.trim().toLowerCase());
}

/** GEN2TO3_REQUIRE_INTEROP: interop suites must run, and fail when the venv is unusable. */
export const INTEROP_REQUIRED = envFlag('GEN2TO3_REQUIRE_INTEROP');

/** Path of the interop venv's python (it may not exist yet). */
export function interopPython(): string {
  return path.join(INTEROP_VENV, 'bin', 'python');
}

/** Path of a console script installed in the interop venv, e.g. `butler`. */
export function interopBin(name: string): string {
  return path.join(INTEROP_VENV, 'bin', name);
}

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The exact pins of requirements.txt, keyed by normalized distribution name (`lsst-daf-butler`). */
export function interopPins(): Map<string, string> {
  const pins = new Map<string, string>();
  for (const raw of readFileSync(INTEROP_REQUIREMENTS, 'utf8').split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;]+)/.exec(line);
    if (m?.[1] && m[2]) pins.set(normalizeName(m[1]), m[2]);
  }
  return pins;
}

function requirementsHash(): string {
  return createHash('sha256').update(readFileSync(INTEROP_REQUIREMENTS)).digest('hex');
}

/** True when the venv exists and was installed from the current requirements file. */
export function interopVenvIsCurrent(): boolean {
  if (!existsSync(interopPython()) || !existsSync(STAMP)) return false;
  return readFileSync(STAMP, 'utf8').trim() === requirementsHash();
}

function pythonEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PYTHONNOUSERSITE: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    PIP_NO_INPUT: '1',
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Options of {@link runPython} and friends. */
export interface RunPythonOptions {
  cwd?: string;
  /** Extra environment (undefined values remove a variable). */
  env?: Record<string, string | undefined>;
  /** Written to the process's standard input. */
  input?: string;
  /** Kill after this many milliseconds (default 10 minutes). */
  timeoutMs?: number;
}

/** Thrown when a Python (or venv tool) process fails; carries its output. */
export class PythonProcessError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'PythonProcessError';
  }
}

function tail(text: string, max = 6000): string {
  return text.length > max ? `…${text.slice(-max)}` : text;
}

function runProcess(
  command: string,
  args: readonly string[],
  what: string,
  opts: RunPythonOptions = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: pythonEnv(opts.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 600_000);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new PythonProcessError(`${what}: cannot start ${command}: ${e.message}`, null, '', ''));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) {
        resolve(stdout);
        return;
      }
      const why = timedOut ? 'timed out' : signal ? `killed by ${signal}` : `exit code ${code}`;
      reject(new PythonProcessError(`${what} failed (${why}):\n${tail(stderr || stdout)}`, code, stdout, stderr));
    });
    child.stdin.on('error', () => undefined); // the process may exit without reading its input
    child.stdin.end(opts.input ?? '');
  });
}

/**
 * Runs a Python snippet (`python -c script args...`) with the interop venv's python and returns its
 * standard output. Throws {@link PythonProcessError} carrying stderr when it exits non-zero.
 * In the snippet, `sys.argv[1:]` are `args`.
 */
export function runPython(script: string, args: readonly string[] = [], opts: RunPythonOptions = {}): Promise<string> {
  return runProcess(interopPython(), ['-c', script, ...args], 'python snippet', opts);
}

/** {@link runPython}, parsing standard output as JSON. */
export async function runPythonJson<T = unknown>(
  script: string,
  args: readonly string[] = [],
  opts: RunPythonOptions = {},
): Promise<T> {
  const stdout = await runPython(script, args, opts);
  try {
    return JSON.parse(stdout) as T;
  } catch (e) {
    throw new Error(`python snippet did not print JSON (${(e as Error).message}):\n${tail(stdout, 2000)}`);
  }
}

/** Runs a Python script file with the interop venv's python; returns standard output. */
export function runPythonFile(file: string, args: readonly string[] = [], opts: RunPythonOptions = {}): Promise<string> {
  return runProcess(interopPython(), [file, ...args], `python ${path.basename(file)}`, opts);
}

/** Runs the real daf_butler `butler` CLI from the interop venv; returns standard output. */
export function runButlerCli(args: readonly string[], opts: RunPythonOptions = {}): Promise<string> {
  return runProcess(interopBin('butler'), args, `butler ${args[0] ?? ''}`.trim(), opts);
}

const BUTLER_MANY_SCRIPT = String.raw`
import json, sys
from click.testing import CliRunner
from lsst.daf.butler.cli.butler import cli
results = []
for args in json.loads(sys.stdin.read()):
    r = CliRunner().invoke(cli, args)
    results.append({"exit": r.exit_code, "stdout": r.stdout, "error": None if r.exception is None or isinstance(r.exception, SystemExit) else repr(r.exception)})
print(json.dumps(results))
`;

/**
 * Runs several real `butler` commands in one Python process (click's test runner invoking daf_butler's
 * own CLI object: the same code as the console script, without paying daf_butler's import per
 * command); returns each command's standard output. Throws when one fails.
 */
export async function runButlerCliMany(commands: readonly (readonly string[])[], opts: RunPythonOptions = {}): Promise<string[]> {
  const results = await runPythonJson<{ exit: number; stdout: string; error: string | null }[]>(BUTLER_MANY_SCRIPT, [], { ...opts, input: JSON.stringify(commands) });
  return results.map((r, i) => {
    if (r.exit !== 0 || r.error) throw new Error(`butler ${commands[i]!.join(' ')} exited ${r.exit}${r.error ? `: ${r.error}` : ''}\n${r.stdout}`);
    return r.stdout;
  });
}

const CHECK_SCRIPT = `
import json, sys
from importlib.metadata import version
import lsst.daf.butler, astropy, sqlalchemy, psycopg
print(json.dumps({"python": sys.version.split()[0], **{p: version(p) for p in sys.argv[1:]}}))
`;

/** Checks that the venv imports daf_butler and astropy at the pinned versions. Never throws. */
export async function checkInteropVenv(): Promise<InteropStatus> {
  const python = interopPython();
  if (!existsSync(python)) {
    return {
      ok: false,
      python,
      reason:
        `the interop virtualenv does not exist (${python}); set GEN2TO3_INTEROP=1 to have the tests create it, ` +
        `or run: python3 -m venv .venv/interop && .venv/interop/bin/pip install -r test/interop/requirements.txt`,
    };
  }
  let versions: Record<string, string>;
  try {
    versions = await runPythonJson<Record<string, string>>(CHECK_SCRIPT, KEY_PACKAGES, { timeoutMs: 120_000 });
  } catch (e) {
    return { ok: false, python, reason: `the interop virtualenv is broken: ${(e as Error).message}` };
  }
  const pins = interopPins();
  const wrong = KEY_PACKAGES.filter((p) => {
    const pin = pins.get(normalizeName(p));
    return pin !== undefined && versions[p] !== pin;
  }).map((p) => `${p} ${versions[p]} (pinned ${pins.get(normalizeName(p))})`);
  if (wrong.length > 0) {
    return {
      ok: false,
      python,
      versions,
      reason: `the interop virtualenv does not match test/interop/requirements.txt: ${wrong.join(', ')}; set GEN2TO3_INTEROP=1 to update it`,
    };
  }
  return { ok: true, python, versions };
}

function pythonVersionOk(python: string): string | undefined {
  const r = spawnSync(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return `${python} does not run: ${r.error?.message ?? r.stderr}`;
  const [maj, min] = r.stdout.trim().split('.').map(Number);
  if (maj === undefined || min === undefined || maj < MIN_PYTHON[0] || (maj === MIN_PYTHON[0] && min < MIN_PYTHON[1])) {
    return `${python} is Python ${r.stdout.trim()}; lsst-daf-butler needs >= ${MIN_PYTHON.join('.')} (set GEN2TO3_PYTHON)`;
  }
  return undefined;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A cross-process lock: an atomically created directory holding the owner's pid. */
async function withLock<T>(dir: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  mkdirSync(path.dirname(dir), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner = NaN;
      try {
        owner = Number(readFileSync(path.join(dir, 'pid'), 'utf8'));
      } catch {
        // being created or removed right now
      }
      if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
        rmSync(dir, { recursive: true, force: true }); // stale: its owner died
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the lock ${dir} (held by pid ${owner})`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Creates or updates the interop venv when it is missing or was built from another requirements
 * file (`python3 -m venv` + `pip install -r test/interop/requirements.txt`), under a lock so that
 * concurrent runs don't race. The base interpreter is `GEN2TO3_PYTHON` or `python3`.
 * Throws when it cannot.
 */
export async function ensureInteropVenv(log: (msg: string) => void = () => undefined): Promise<void> {
  if (interopVenvIsCurrent()) return;
  await withLock(LOCK_DIR, 30 * 60_000, async () => {
    if (interopVenvIsCurrent()) return;
    const started = Date.now();
    const python = interopPython();
    const broken = existsSync(python) && spawnSync(python, ['-c', 'pass']).status !== 0;
    if (!existsSync(python) || broken) {
      const base = process.env.GEN2TO3_PYTHON ?? 'python3';
      const bad = pythonVersionOk(base);
      if (bad) throw new Error(`cannot create the interop virtualenv: ${bad}`);
      log(`creating ${path.relative(PROJECT_ROOT, INTEROP_VENV)} with ${base}`);
      await runProcess(base, ['-m', 'venv', ...(broken ? ['--clear'] : []), INTEROP_VENV], 'python3 -m venv');
    }
    log(`pip install -r ${path.relative(PROJECT_ROOT, INTEROP_REQUIREMENTS)} (this takes a minute)`);
    rmSync(STAMP, { force: true });
    await runProcess(python, ['-m', 'pip', 'install', '--no-input', '-r', INTEROP_REQUIREMENTS], 'pip install', {
      timeoutMs: 25 * 60_000,
    });
    writeFileSync(STAMP, `${requirementsHash()}\n`);
    log(`interop virtualenv ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
}

let localStatus: InteropStatus | undefined;

function providedStatus(): InteropStatus | undefined {
  try {
    return inject('gen2to3Interop');
  } catch {
    return undefined; // not under vitest, or no global setup
  }
}

/** The interop status handed over by the global setup; computed here when there was none. */
export async function interopStatus(): Promise<InteropStatus> {
  localStatus ??= providedStatus() ?? (await checkInteropVenv());
  return localStatus;
}

function statusNow(): InteropStatus {
  const provided = providedStatus();
  if (provided) return provided;
  // Without the global setup (a single file run with another config): a cheap synchronous check.
  const python = interopPython();
  const r = existsSync(python)
    ? spawnSync(python, ['-c', 'import lsst.daf.butler, astropy'], { env: pythonEnv(), encoding: 'utf8' })
    : undefined;
  if (r?.status === 0) return { ok: true, python };
  return { ok: false, python, reason: r ? `the interop virtualenv is broken: ${r.stderr}` : `${python} does not exist` };
}

/**
 * `describe` for suites that need the real daf_butler / astropy. Runs when the interop venv works;
 * skipped when it does not — except under GEN2TO3_REQUIRE_INTEROP, where the suite is replaced by a
 * failing test that says why (it never skips then).
 */
export function describeInterop(name: string, fn: () => void): void {
  const status = statusNow();
  if (status.ok) {
    describe(name, fn);
  } else if (INTEROP_REQUIRED) {
    describe(name, () => {
      it('needs the Python interop environment (GEN2TO3_REQUIRE_INTEROP is set)', () => {
        throw new Error(`GEN2TO3_REQUIRE_INTEROP is set but ${status.reason ?? 'the interop venv is unusable'}`);
      });
    });
  } else {
    describe.skip(name, fn); // the global setup printed why
  }
}
