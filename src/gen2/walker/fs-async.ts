import fs, { type Dirent, type Stats } from 'node:fs';

/*
 * Promise wrappers over the callback API: on a walk of hundreds of thousands of entries they cost
 * about half of what `fs/promises` does.
 */

/** `fs.readdir(dir, { withFileTypes: true })`. */
export function readdirEntries(dir: string): Promise<Dirent[]> {
  return new Promise((resolve, reject) => fs.readdir(dir, { withFileTypes: true }, (err, entries) => (err ? reject(err) : resolve(entries))));
}

/** `fs.stat(file)`, following symlinks. */
export function statPath(file: string): Promise<Stats> {
  return new Promise((resolve, reject) => fs.stat(file, (err, stats) => (err ? reject(err) : resolve(stats))));
}

/** `fs.realpath(file)`. */
export function realPath(file: string): Promise<string> {
  return new Promise((resolve, reject) => fs.realpath(file, (err, resolved) => (err ? reject(err) : resolve(resolved))));
}

/** `fs.readlink(file)`. */
export function readLink(file: string): Promise<string> {
  return new Promise((resolve, reject) => fs.readlink(file, (err, target) => (err ? reject(err) : resolve(target))));
}
