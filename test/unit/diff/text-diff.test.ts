import { describe, expect, it } from 'vitest';
import { diffText } from '../../../src/diff/text-diff.js';
import { renderTextDiff } from '../../../src/report/dataset-diff-text.js';

const names = { a: 'a.txt', b: 'b.txt' };

describe('diffText', () => {
  it('is identical for equal texts', () => {
    expect(diffText('x\ny\n', 'x\ny\n', names)).toMatchObject({ identical: true, hunks: [], summary: 'texts identical' });
  });

  it('gives unified-diff hunks and line counts', () => {
    const a = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'].join('\n') + '\n';
    const b = a.replace('three', 'THREE').replace('nine\n', '');
    const diff = diffText(a, b, names, { context: 1 });
    expect(diff).toMatchObject({ identical: false, addedLines: 1, removedLines: 2 });
    expect(diff.hunks).toHaveLength(2);
    expect(diff.hunks[0]).toEqual({ oldStart: 2, oldLines: 3, newStart: 2, newLines: 3, lines: [' two', '-three', '+THREE', ' four'] });
    expect(diff.summary).toBe('2 lines removed, 1 added in 2 hunks');
    expect(renderTextDiff(diff).split('\n').slice(0, 4)).toEqual(['--- a.txt', '+++ b.txt', '@@ -2,3 +2,3 @@', ' two']);
  });

  it('can ignore leading and trailing whitespace', () => {
    expect(diffText('  a b  \n', 'a b\n', names, { ignoreWhitespace: true }).identical).toBe(true);
    expect(diffText('  a b  \n', 'a b\n', names).identical).toBe(false);
  });
});
