/**
 * SQLite find-first through the idle connection (src/gen3/registry/direct-find.ts): CALIBRATION
 * collections are answered from a per-connection index of validity ranges. Every answer must be
 * the knex path's (a transaction's handle reads through knex), and a write by another connection
 * must be seen at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../../src/gen3/db/sqlite/index.js';
import { defaultUniverse } from '../../../src/gen3/dimensions/index.js';
import { associationRow, Registry, type DatasetRef } from '../../../src/gen3/registry/index.js';
import { repositoryTableSpecs } from '../../../src/gen3/schema/index.js';
import { makeTimespan } from '../../../src/gen3/time/index.js';
import { prng } from '../../helpers/prng.js';
import { CALIB_START, INSTRUMENT, populateDemo } from '../../conformance/registry-suite.js';

const dirs: string[] = [];
const open: Registry[] = [];
afterEach(async () => {
  for (const r of open.splice(0)) await r.db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function openRegistry(file: string): Promise<Registry> {
  const registry = new Registry(await openSqliteDatabase({ filename: file }), defaultUniverse());
  open.push(registry);
  return registry;
}

const DAY = 86_400_000_000_000n;

/** What a lookup gives: the ref, undefined, or the error's class name. */
async function outcome(fn: () => Promise<DatasetRef | undefined>): Promise<unknown> {
  try {
    return await fn();
  } catch (e) {
    return (e as Error).constructor.name;
  }
}

describe('calibration find-first through the SQLite connection', () => {
  it('gives the knex path’s answers and sees another connection’s certification', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'calib-cache-'));
    dirs.push(dir);
    const file = path.join(dir, 'gen3.sqlite3');
    const registry = await openRegistry(file);
    await registry.db.createTables(repositoryTableSpecs(registry.universe));
    await populateDemo(registry);
    await registry.registerCollection('DemoCam/calib', 'CALIBRATION');
    await registry.registerRun('DemoCam/raw/all');
    await registry.registerCollection('DemoCam/defaults', 'CHAINED');
    await registry.setCollectionChain('DemoCam/defaults', ['DemoCam/raw/all', 'DemoCam/calib']);
    expect(registry.db.direct).toBeDefined();
    // Validity ranges of random lengths with random gaps and, per flat filter, one deliberate overlap.
    const flatType = (await registry.findDatasetType('flat'))!;
    const calib = await registry.getCollection('DemoCam/calib');
    const rand = prng(7);
    const filters = ['demo-r', 'demo-g'];
    for (let i = 0; i < 12; i++) {
      const run = `DemoCam/calib/run${i}`;
      await registry.registerRun(run);
      const biases = await registry.insertDatasets('bias', run, [0, 1].map((detector) => ({ instrument: INSTRUMENT, detector })));
      const flats = await registry.insertDatasets('flat', run, [0, 1].flatMap((detector) => filters.map((f) => ({ instrument: INSTRUMENT, detector, physical_filter: f }))));
      const begin = CALIB_START + BigInt(i) * 10n * DAY + BigInt(Math.floor(rand() * 3)) * DAY;
      const end = begin + BigInt(5 + Math.floor(rand() * 5)) * DAY;
      await registry.certify('DemoCam/calib', biases, makeTimespan(begin, end));
      // Half the flats of each later round overlap the previous round's (different datasets, same data
      // ID): certify refuses that, so these rows are written as another tool could have written them.
      for (const [k, flat] of flats.entries()) {
        if (k % 2 === 0 && i > 0) await registry.db.insertWithId(flatType.calibs!, { ...associationRow(flatType, flat.id, calib.id, flat.dataId), timespan: makeTimespan(begin - 3n * DAY, end) });
        else await registry.certify('DemoCam/calib', [flat], makeTimespan(begin, end));
      }
    }
    const lookups: [string, Record<string, unknown>][] = [];
    for (const detector of [0, 1, 2]) {
      lookups.push(['bias', { instrument: INSTRUMENT, detector }]);
      for (const f of filters) lookups.push(['flat', { instrument: INSTRUMENT, detector, physical_filter: f }]);
    }
    let found = 0;
    let ambiguous = 0;
    for (let day = -2; day < 130; day += 1) {
      const t = CALIB_START + BigInt(day) * DAY + DAY / 2n;
      for (const [type, dataId] of lookups) {
        for (const collections of [['DemoCam/calib'], ['DemoCam/defaults']]) {
          const timespan = makeTimespan(t, t + 1n);
          const direct = await outcome(() => registry.findDataset(type, dataId, collections, { timespan }));
          const viaKnex = await outcome(() => registry.transaction((r) => r.findDataset(type, dataId, collections, { timespan })));
          expect(direct).toEqual(viaKnex);
          if (typeof direct === 'object') found++;
          if (direct === 'AmbiguousCalibrationError') ambiguous++;
        }
      }
    }
    // the grid must exercise hits, misses and ambiguities
    expect(found).toBeGreaterThan(500);
    expect(ambiguous).toBeGreaterThan(20);

    // Another connection (another process, as far as this one knows) certifies a new range.
    const t = CALIB_START - 100n * DAY;
    const lookup = () => registry.findDataset('bias', { instrument: INSTRUMENT, detector: 0 }, ['DemoCam/calib'], { timespan: makeTimespan(t, t + 1n) });
    expect(await lookup()).toBeUndefined();
    const other = await openRegistry(file);
    await other.registerRun('DemoCam/calib/old');
    const [old] = await other.insertDatasets('bias', 'DemoCam/calib/old', [{ instrument: INSTRUMENT, detector: 0 }]);
    await other.certify('DemoCam/calib', old ? [old] : [], makeTimespan(t - DAY, t + DAY));
    expect(await lookup()).toEqual({ id: old?.id, datasetType: 'bias', run: 'DemoCam/calib/old', dataId: { instrument: INSTRUMENT, detector: 0 } });
    await other.decertify('DemoCam/calib', 'bias', makeTimespan(t - DAY, t + DAY));
    expect(await lookup()).toBeUndefined();
  }, 120_000);
});
