import { structuredPatch } from 'diff';
import type { DiffBase } from './diff-value.js';

/** Options of {@link diffText}. */
export interface TextDiffOptions {
  /** Lines of context around each change. Default is 3. */
  readonly context: number;
  /** Leading and trailing whitespace of lines is not significant. Default is `false`. */
  readonly ignoreWhitespace: boolean;
}

/** One hunk of a unified diff: `lines` start with ' ', '-' or '+'. */
export interface TextHunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  readonly lines: readonly string[];
}

/** Differences between two texts as unified-diff hunks. */
export interface TextDiff extends DiffBase<'text'> {
  readonly a: string;
  readonly b: string;
  readonly addedLines: number;
  readonly removedLines: number;
  readonly hunks: readonly TextHunk[];
}

/** Compares two texts line by line (the `diff` package's Myers diff). */
export function diffText(a: string, b: string, names: { a: string; b: string }, options: Partial<TextDiffOptions> = {}): TextDiff {
  const patch = structuredPatch(names.a, names.b, a, b, undefined, undefined, {
    context: options.context ?? 3,
    ignoreWhitespace: options.ignoreWhitespace ?? false,
  });
  const hunks = patch.hunks.map(({ oldStart, oldLines, newStart, newLines, lines }) => ({ oldStart, oldLines, newStart, newLines, lines }));
  const count = (sign: string): number => hunks.reduce((total, hunk) => total + hunk.lines.filter((line) => line.startsWith(sign)).length, 0);
  const addedLines = count('+');
  const removedLines = count('-');
  const identical = hunks.length === 0;
  const summary = identical ? 'texts identical' : `${removedLines} line${removedLines === 1 ? '' : 's'} removed, ${addedLines} added in ${hunks.length} hunk${hunks.length === 1 ? '' : 's'}`;
  return { kind: 'text', identical, summary, a: names.a, b: names.b, addedLines, removedLines, hunks };
}
