import { describe, expect, it } from 'vitest';
import { BasenameMatcher, globSource } from '../../../../src/gen2/walker/basename-matcher.js';
import { DEFAULT_WALK_RULES } from '../../../../src/gen2/walker/index.js';

describe('BasenameMatcher', () => {
  const matcher = new BasenameMatcher(DEFAULT_WALK_RULES.ignore);

  it.each([
    ['packages.pickle~1', 'backup file'],
    ['a.fits~12', 'backup file'],
    ['README.txt', 'documentation'],
    ['_mapper', 'Gen2 repository metadata'],
    ['registry.sqlite3', 'Gen2 registry'],
    ['calibRegistry.sqlite3', 'Gen2 registry'],
    ['gen3.sqlite3', 'Gen3 repository file'],
  ])('ignores %s (%s)', (name, rule) => {
    expect(matcher.match(name)?.rule).toBe(rule);
  });

  it.each(['README.txt.bak', 'xREADME.txt', 'noext~1', 'registry.sqlite3-journal', 'CORR-0034648-051.fits'])('keeps %s', (name) => {
    expect(matcher.match(name)).toBeUndefined();
  });

  it('reports the first matching glob in rule order', () => {
    const m = new BasenameMatcher([
      { pattern: '*.fits', rule: 'first' },
      { pattern: 'a*', rule: 'second' },
    ]);
    expect(m.match('a.fits')?.rule).toBe('first');
    expect(m.match('ab')?.rule).toBe('second');
  });

  it.each([
    ['*.*~*', ['a.b~1'], ['ab~1', 'a.b']],
    ['?.txt', ['a.txt'], ['ab.txt', '.txt']],
    ['[ab]*.fits', ['a1.fits', 'b.fits'], ['c.fits']],
    ['[!ab]*.fits', ['c.fits'], ['a.fits']],
    ['a+b(c).txt', ['a+b(c).txt'], ['aab(c).txt']],
  ])('glob %s', (pattern, matches, misses) => {
    const regex = new RegExp(`^${globSource(pattern)}$`);
    for (const name of matches) expect(regex.test(name), name).toBe(true);
    for (const name of misses) expect(regex.test(name), name).toBe(false);
  });
});
