import type { Dirent } from 'node:fs';
import type { Limiter } from './concurrency-limiter.js';
import { readdirEntries } from './fs-async.js';
import { resolveSymlinks } from './resolve-symlink.js';

/** Shared state of the file counters of one walk. */
export interface CountContext {
  /** Bounds concurrent directory reads. */
  readonly limit: Limiter;
  /** Symlinks of one directory followed at once. */
  readonly linkConcurrency: number;
  /** Incremented for every directory read. */
  directories: number;
}

/**
 * Counts the files under a directory the walk does not classify (skipped or pruned): regular
 * files, symlinks to files, and entries that cannot be followed (each counts as one). Directory
 * symlinks are followed unless they loop; an unreadable directory counts as one entry.
 */
export async function countFiles(abs: string, real: string, ctx: CountContext): Promise<number> {
  let entries: Dirent[];
  try {
    entries = await ctx.limit(() => readdirEntries(abs));
  } catch {
    return 1;
  }
  ctx.directories++;
  let files = 0;
  const subdirs: Promise<number>[] = [];
  const links: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) subdirs.push(countFiles(`${abs}/${entry.name}`, `${real}/${entry.name}`, ctx));
    else if (entry.isSymbolicLink()) links.push(entry.name);
    else files++;
  }
  if (links.length > 0) {
    const resolved = await resolveSymlinks(abs, real, links, ctx.linkConcurrency);
    resolved.forEach((link, i) => {
      if (link.kind === 'directory') subdirs.push(countFiles(`${abs}/${links[i] as string}`, link.real, ctx));
      else files++;
    });
  }
  for (const n of await Promise.all(subdirs)) files += n;
  return files;
}
