import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gen2FileJoiner } from '../../../../src/convert/plan/gen2-file-path.js';

describe('gen2FileJoiner', () => {
  it('gives exactly path.join(root, relPath), normal or not', () => {
    const rels = ['a/b.fits', 'SSP_WIDE/2015-01-02/00800/HSC-G/HSC-0001000-000.fits', 'x', 'a//b', 'a/./b', 'a/../b', '../up', './a', 'a/', '/abs/x', '', '.', '..', '.hidden/x..y', 'a/..b/c.'];
    for (const root of ['/g2/repo', '/g2/repo/', '/', '/g2/./repo', '/g2//repo/..', 'relative/root', '']) {
      const join = gen2FileJoiner(root);
      for (const rel of rels) expect([root, rel, join(rel)]).toEqual([root, rel, path.join(root, rel)]);
    }
  });
});
