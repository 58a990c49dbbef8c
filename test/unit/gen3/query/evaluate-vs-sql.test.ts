// Property-style check: for a seeded stream of random, well-typed expressions over the fixture's
// exposure × detector rows, the compiled SQL run on SQLite (and on PostgreSQL when the test server is
// available) selects exactly the rows evaluate() selects, and printing then re-parsing gives back the
// same tree.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePostgres, freshSchema } from '../../../helpers/postgres.js';
import { matches, recordLookup } from '../../../../src/gen3/query/evaluator.js';
import { parseExpression } from '../../../../src/gen3/query/parser.js';
import { printExpression } from '../../../../src/gen3/query/printer.js';
import { resolveExpression } from '../../../../src/gen3/query/resolver.js';
import { whereCallback } from '../../../../src/gen3/query/sql-compiler.js';
import { universeV8 } from '../../../../src/gen3/query/universe-v8.js';
import { fixtureMapper, fixtureQuery, fixtureRecords, openFixtureDatabase, rowKey } from './query-fixture.js';
import { BIND, ExpressionGenerator, prng } from './random-expressions.js';

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).filter(([k]) => k !== 'start' && k !== 'end').map(([k, v]) => [k, strip(v)]));
  }
  return node;
}

function defineAgreementTests(open: () => Promise<Knex>, seeds: readonly number[]): void {
  let db: Knex;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db.destroy();
  });
  const records = fixtureRecords(true);

  for (const seed of seeds) {
    it(`seed ${seed}: 150 expressions`, async () => {
      const generator = new ExpressionGenerator(prng(seed));
      let nonTrivial = 0;
      for (let i = 0; i < 150; i++) {
        const text = generator.predicate(3);
        const tree = parseExpression(text);
        expect(strip(parseExpression(printExpression(tree!))), text).toEqual(strip(tree));
        const { predicate } = resolveExpression(text, { universe: universeV8, dimensions: ['exposure', 'detector'], bind: BIND, rangeExpansionLimit: 8 });
        const rows = (await fixtureQuery(db, true).where(whereCallback(predicate, fixtureMapper))) as { e: string; d: string }[];
        const fromSql = rows.map(rowKey).sort();
        const fromMemory = records
          .filter((r) => matches(predicate, recordLookup(r.record)))
          .map((r) => r.key)
          .sort();
        expect(fromMemory, text).toEqual(fromSql);
        if (fromSql.length > 0 && fromSql.length < records.length) nonTrivial++;
      }
      // The generator must produce selective expressions, not only all-or-nothing ones.
      expect(nonTrivial).toBeGreaterThan(40);
    });
  }
}

describe('evaluate() and SQLite agree on random expressions', () => {
  defineAgreementTests(() => openFixtureDatabase(), [1, 2, 3, 4]);
});

describePostgres('evaluate() and PostgreSQL agree on random expressions', () => {
  const { url, schema } = freshSchema('gen3-query');
  defineAgreementTests(() => openFixtureDatabase({ client: 'pg', connection: url, searchPath: [schema] }), [1, 5]);
});
