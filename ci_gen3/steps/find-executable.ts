import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';

async function isExecutableFile(p: string): Promise<boolean> {
  try {
    if (!(await stat(p)).isFile()) return false;
    await access(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves a command like `execvp` would: a name containing `/` is taken relative to `cwd`,
 * otherwise each `PATH` entry is tried. Returns the absolute path, or undefined when not found.
 */
export async function findExecutable(command: string, options: { cwd: string; pathEnv?: string }): Promise<string | undefined> {
  if (command.includes('/')) {
    const p = path.resolve(options.cwd, command);
    return (await isExecutableFile(p)) ? p : undefined;
  }
  for (const dir of (options.pathEnv ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.resolve(options.cwd, dir, command);
    if (await isExecutableFile(p)) return p;
  }
  return undefined;
}
