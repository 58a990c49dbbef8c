import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/**
 * Replaces the text between `<!-- bench:start -->` and `<!-- bench:end -->` in `file`.
 *
 * @returns false (and leaves the file alone) when the file or either marker is missing.
 */
export function replaceReadmeSection(file: string, content: string): boolean {
  if (!existsSync(file)) return false;
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END, start + START.length);
  if (start < 0 || end < 0) return false;
  writeFileSync(file, `${text.slice(0, start + START.length)}\n${content.trim()}\n${text.slice(end)}`);
  return true;
}
