// Semantic parity with the real daf_butler query system (pinned interop venv): the fixture rows are
// inserted into a fresh daf_butler SQLite repository, and for the documented examples plus a seeded
// stream of random expressions, daf_butler's `query_data_ids(['exposure', 'detector'])` returns exactly
// the rows our resolver + evaluator select, and refuses for a missing governor exactly the expressions
// `unconstrainedGovernors` flags. Its other refusals must fall in the documented policy categories.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { matches, recordLookup } from '../../../../src/gen3/query/evaluator.js';
import { unconstrainedGovernors } from '../../../../src/gen3/query/governors.js';
import { resolveExpression } from '../../../../src/gen3/query/resolver.js';
import { universeV8 } from '../../../../src/gen3/query/universe-v8.js';
import { describeInterop, runPythonFile } from '../../../helpers/python.js';
import { DETECTORS, EXPOSURES, fixtureRecords, PHYSICAL_FILTERS } from './query-fixture.js';
import { BIND, ExpressionGenerator, prng } from './random-expressions.js';

type Outcome = { ok: true; rows: string[] } | { ok: false; error: string };

/** daf_butler's governor rule, which `unconstrainedGovernors` reproduces. */
const GOVERNOR_REFUSAL = /references a dimension dependent on instrument without constraining it directly/;

/** daf_butler refusals that are policy, not a different answer: we accept these expressions. */
const POLICY_REFUSALS = [
  // daf_butler does not compare two conditions with = / != (its docs say it may); we do.
  /Invalid types bool, bool for binary operator '(=|!=)'/,
  // daf_butler turns a Python bool bind into an int and then refuses to compare it with a boolean column.
  /Invalid types bool, int for binary operator '(=|!=)'/,
  // daf_butler refuses to compare a timespan with itself.
  /Temporal join between exposure and exposure is not necessary/,
];

const EXAMPLES = [
  "instrument='HSC' AND exposure IN (903334, 903336) AND detector > 10",
  "instrument='HSC' AND day_obs=20180920 AND exposure.seq_num=65",
  "instrument = 'HSC' AND exposure IN (903330..903340:4)",
  "band = 'i' AND instrument = 'HSC'",
  'exposure.seq_num = NULL',
  'exposure.seq_num IN (65, NULL)',
  'NOT exposure.seq_num > 64',
  'exposure.can_see_sky',
  'NOT exposure.can_see_sky',
  "instrument = 'HSC' AND exposure / 2 = 451667",
  "instrument = 'HSC' AND exposure % 0 = 1",
  'exposure.exposure_time / 2.0 > 14',
  "exposure.timespan OVERLAPS (T'2018-09-20T10:05:10', T'2018-09-20T10:10:10')",
  "exposure.timespan OVERLAPS (T'2018-09-20 10:05:30', NULL)",
  "T'2018-09-20T10:05:10' OVERLAPS exposure.timespan",
  "exposure.timespan.begin >= T'mjd/58850.0/tai'",
  'exposure.timespan.begin > :t0',
  "detector.raft != NULL AND exposure.seq_num = 2",
  "detector.purpose = 'FOCUS' AND exposure.observation_type = 'bias'",
  "exposure.obs_id IN ('HSCA903336', 'LS_2020010200002')",
];

describeInterop('query semantics parity with daf_butler', () => {
  const generator = new ExpressionGenerator(prng(7));
  // Our extensions (double quotes, <>) are left out; half the expressions carry an instrument constraint.
  const random = Array.from({ length: 400 }, (_, i) => {
    const e = generator.predicate(3);
    return i % 2 === 0 ? `instrument = 'HSC' AND (${e})` : e;
  }).filter((e) => !e.includes('"') && !e.includes('<>'));
  const expressions = [...EXAMPLES, ...random];
  let theirs: Outcome[] = [];

  beforeAll(async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'gen2to3-expr-')), 'data.json');
    const json = JSON.stringify(
      { exposures: EXPOSURES, detectors: DETECTORS, physical_filters: PHYSICAL_FILTERS, bind: BIND, where: expressions },
      (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
    );
    writeFileSync(file, json);
    const stdout = await runPythonFile(path.join(import.meta.dirname, 'daf_butler_query.py'), [file], { timeoutMs: 240_000 });
    theirs = JSON.parse(stdout) as Outcome[];
  }, 300_000);

  it('selects the same rows as daf_butler for every expression both accept', () => {
    expect(theirs).toHaveLength(expressions.length);
    const records = fixtureRecords(true);
    const mismatches: unknown[] = [];
    let compared = 0;
    let refused = 0;
    let governorRefusals = 0;
    expressions.forEach((text, i) => {
      const { predicate } = resolveExpression(text, { universe: universeV8, dimensions: ['exposure', 'detector'], bind: BIND });
      const ours = records.filter((r) => matches(predicate, recordLookup(r.record))).map((r) => r.key).sort();
      const outcome = theirs[i] as Outcome;
      const missingGovernors = unconstrainedGovernors(predicate, universeV8).map((m) => m.governor);
      if (!outcome.ok) {
        if (GOVERNOR_REFUSAL.test(outcome.error)) {
          governorRefusals++;
          if (missingGovernors.length === 0) mismatches.push({ text, theirs: outcome.error, ours: 'no missing governor' });
        } else if (POLICY_REFUSALS.some((re) => re.test(outcome.error))) refused++;
        else mismatches.push({ text, theirs: outcome.error });
        return;
      }
      compared++;
      if (missingGovernors.length > 0) mismatches.push({ text, theirs: 'accepted', ours: `missing ${missingGovernors.join(', ')}` });
      if (JSON.stringify(ours) !== JSON.stringify(outcome.rows)) mismatches.push({ text, ours, theirs: outcome.rows });
    });
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(150);
    expect(refused).toBeLessThan(compared);
    expect(governorRefusals).toBeGreaterThan(10);
  });
});
