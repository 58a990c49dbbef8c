import fs from 'node:fs';
import { isErrnoError } from '../../errors.js';
import type { WalkProblem } from './walk-result.js';

/** What a symlink points to. */
export type ResolvedLink =
  | { readonly kind: 'file' }
  | { readonly kind: 'directory'; readonly real: string }
  | { readonly kind: 'broken'; readonly problem: WalkProblem; readonly detail: string };

const FILE: ResolvedLink = { kind: 'file' };

/**
 * Follows the symlinks `names` of the directory `dir` (whose real path is `dirReal`), at most
 * `concurrency` at a time, with the callback API (raws are often all symlinks, so this is hot).
 * A link to a directory that contains `dirReal` (an ancestor, or itself) would loop and is
 * reported broken, as are dangling links and links the system refuses to follow.
 *
 * @returns one result per name, in order.
 */
export function resolveSymlinks(dir: string, dirReal: string, names: readonly string[], concurrency: number): Promise<ResolvedLink[]> {
  return new Promise((resolve) => {
    const out = new Array<ResolvedLink>(names.length);
    if (names.length === 0) {
      resolve(out);
      return;
    }
    let next = 0;
    let done = 0;
    const finish = (i: number, link: ResolvedLink): void => {
      out[i] = link;
      if (++done === names.length) resolve(out);
      else start();
    };
    const start = (): void => {
      const i = next++;
      if (i >= names.length) return;
      const abs = `${dir}/${names[i]}`;
      fs.stat(abs, (err, stats) => {
        if (err) {
          brokenLink(abs, err, (link) => finish(i, link));
        } else if (!stats.isDirectory()) {
          finish(i, FILE);
        } else {
          fs.realpath(abs, (realErr, real) => {
            if (realErr) brokenLink(abs, realErr, (link) => finish(i, link));
            else if (isSameOrAncestor(real, dirReal)) finish(i, { kind: 'broken', problem: 'symlink-loop', detail: `points to ancestor ${real}` });
            else finish(i, { kind: 'directory', real });
          });
        }
      });
    };
    for (let k = 0; k < Math.min(concurrency, names.length); k++) start();
  });
}

/** True when `dir` is `path` or one of its ancestors (both absolute real paths). */
export function isSameOrAncestor(dir: string, path: string): boolean {
  if (path === dir) return true;
  return path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

function brokenLink(abs: string, err: Error, done: (link: ResolvedLink) => void): void {
  fs.readlink(abs, (_readErr, target) => {
    const to = target ?? '?';
    if (isErrnoError(err, 'ENOENT') || isErrnoError(err, 'ENOTDIR')) done({ kind: 'broken', problem: 'dangling-symlink', detail: `target ${to} does not exist` });
    else if (isErrnoError(err, 'ELOOP')) done({ kind: 'broken', problem: 'symlink-loop', detail: `too many levels of symbolic links (${to})` });
    else done({ kind: 'broken', problem: 'unreadable', detail: err.message });
  });
}
