/** Transfer modes of `butler ingest` / `Butler.ingest` (daf_butler + lsst-resources meaning). */
export type TransferMode = 'auto' | 'direct' | 'link' | 'symlink' | 'relsymlink' | 'hardlink' | 'copy' | 'move';

/**
 * What happens to one file: `none` (already inside the root, recorded in place — `transfer=None`),
 * `direct` (outside, absolute URI recorded, no file operation), or a file operation into the
 * template location. `link` = hard link, falling back to a symlink.
 */
export type FileOperation = 'none' | 'direct' | 'link' | 'symlink' | 'relsymlink' | 'hardlink' | 'copy' | 'move';

/** All accepted transfer mode names. */
export const TRANSFER_MODES: readonly TransferMode[] = ['auto', 'direct', 'link', 'symlink', 'relsymlink', 'hardlink', 'copy', 'move'];

/** True for a known transfer mode name. */
export function isTransferMode(value: string): value is TransferMode {
  return (TRANSFER_MODES as readonly string[]).includes(value);
}

/**
 * daf_butler's `auto` for one ingest batch: all files inside the root → `none` for each; none
 * inside → the local default `link` (hard link, else symlink); mixed → `split` (inside ones in
 * place, outside ones `direct`; daf_butler warns). Other modes apply to every file as given.
 * @returns the operation of each file, in input order, and whether `split` was used.
 */
export function resolveTransferMode(mode: TransferMode, inside: readonly boolean[]): { operations: FileOperation[]; split: boolean } {
  if (mode !== 'auto') return { operations: inside.map(() => mode), split: false };
  if (inside.every((x) => x)) return { operations: inside.map(() => 'none'), split: false };
  if (!inside.some((x) => x)) return { operations: inside.map(() => 'link'), split: false };
  return { operations: inside.map((x) => (x ? 'none' : 'direct')), split: true };
}
