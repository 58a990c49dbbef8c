import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { CLI, ensureBuilt, runCli } from '../helpers/cli.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { describePostgres, freshDatabase, withPgClient } from '../helpers/postgres.js';
import { tmpDir } from '../helpers/tmp-dir.js';
import { dumpDatastoreFiles, dumpRegistry } from '../integration/convert/repo-dump.js';

beforeAll(() => ensureBuilt());

type Row = Record<string, unknown>;

/**
 * A registry dump with every sequence-generated surrogate key replaced by what it stands for:
 * collection ids by collection names, dataset type ids by names, dimension-graph keys (and the
 * tag/calib table names built from them) by their dimensions; calib row ids dropped. PostgreSQL
 * sequences are not transactional, so a killed-and-resumed conversion may differ only in those numbers.
 */
function byName(dump: Record<string, string[]>): Record<string, string[]> {
  const rows = (t: string): Row[] => (dump[t] ?? []).map((r) => JSON.parse(r) as Row);
  const collections = new Map(rows('collection').map((r) => [String(r.collection_id), r.name]));
  const graphs = new Map<string, string[]>();
  for (const r of rows('dimension_graph_definition')) graphs.set(String(r.dimension_graph_id), [...(graphs.get(String(r.dimension_graph_id)) ?? []), String(r.dimension_name)]);
  const graph = (k: unknown) => [...(graphs.get(String(k)) ?? [])].sort().join(',');
  const types = new Map(rows('dataset_type').map((r) => [String(r.id), r.name]));
  const tables = new Map<string, string>();
  for (const r of rows('dataset_type')) {
    if (typeof r.tag_association_table === 'string') tables.set(r.tag_association_table, `dataset_tags[${graph(r.dimensions_key)}]`);
    if (typeof r.calibration_association_table === 'string') tables.set(r.calibration_association_table, `dataset_calibs[${graph(r.dimensions_key)}]`);
  }
  const out: Record<string, string[]> = {};
  for (const [table, list] of Object.entries(dump)) {
    if (table === 'dimension_graph_key' || table === 'dimension_graph_definition') {
      out[table] = [...new Set([...graphs.keys()].map(graph))].sort();
      continue;
    }
    const name = tables.get(table) ?? table;
    out[name] = list
      .map((text) => {
        const r = JSON.parse(text) as Row;
        for (const k of ['collection_id', 'run_id', 'parent', 'child']) if (k in r && r[k] !== null) r[k] = collections.get(String(r[k])) ?? `?${String(r[k])}`;
        if ('dataset_type_id' in r) r.dataset_type_id = types.get(String(r.dataset_type_id)) ?? `?${String(r.dataset_type_id)}`;
        if (table === 'dataset_type') {
          delete r.id;
          r.dimensions_key = graph(r.dimensions_key);
          r.tag_association_table = tables.get(String(r.tag_association_table)) ?? null;
          r.calibration_association_table = tables.get(String(r.calibration_association_table)) ?? null;
        }
        if (name.startsWith('dataset_calibs[')) delete r.id;
        return JSON.stringify(Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]])));
      })
      .sort();
  }
  return out;
}

async function pgDatasetCount(url: string): Promise<number> {
  try {
    return await withPgClient(url, async (c) => Number((await c.query<{ n: string }>('select count(*) as n from dataset')).rows[0]?.n ?? 0));
  } catch {
    return 0; // not created yet
  }
}

/** Starts `gen2to3 convert` (pausing at every batch stage) and SIGKILLs it `extraMs` after the registry holds `atLeast` datasets. */
function convertAndKill(args: readonly string[], url: string, atLeast: number, extraMs: number): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, GEN2TO3_TEST_BATCH_PAUSE_MS: '80' }, stdio: 'ignore' });
    let timer: NodeJS.Timeout | undefined;
    let polling = false;
    const poll = setInterval(() => {
      if (timer !== undefined || polling) return;
      polling = true;
      void pgDatasetCount(url).then((n) => {
        polling = false;
        if (timer === undefined && n >= atLeast) timer = setTimeout(() => child.kill('SIGKILL'), extraMs);
      });
    }, 25);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code });
    });
  });
}

describePostgres('gen2to3 convert on PostgreSQL (built CLI): SIGKILLed and resumed', () => {
  const referenceDb = freshDatabase('kill_reference');
  const killedDb = freshDatabase('kill_target');

  it('ends with the repository of an uninterrupted conversion, compared by names (sequence ids may have gaps)', async () => {
    const tmp = tmpDir();
    const gen2 = path.join(tmp, 'gen2');
    expect(runCli(['generate-demo', gen2, '--visits', '4', '--detectors', '4', '--width', '16', '--height', '16']).status).toBe(0);
    const base = ['--reruns', 'rerun/demo', '--batch-size', '2', '--transfer', 'copy'];
    const reference = path.join(tmp, 'reference');
    const ok = runCli(['convert', gen2, reference, '--db', referenceDb.url, ...base]);
    expect(ok.status, ok.stderr).toBe(0);
    const want = byName(await dumpRegistry(reference, ['ingest_date']));
    const wantFiles = dumpDatastoreFiles(reference);
    expect(want.dataset).toHaveLength(29);

    const target = path.join(tmp, 'killed');
    const args = ['convert', gen2, target, '--db', killedDb.url, ...base];
    let kills = 0;
    const partial: number[] = [];
    const first = await convertAndKill(args, killedDb.url, 0, 900);
    if (first.killed) kills += 1;
    for (let i = 0; i < 8; i++) {
      const before = await pgDatasetCount(killedDb.url);
      const r = await convertAndKill(args, killedDb.url, before + 1, [0, 40, 90, 130][i % 4]!);
      partial.push(await pgDatasetCount(killedDb.url));
      if (!r.killed) {
        expect(r.code).toBe(0);
        break;
      }
      kills += 1;
    }
    expect(kills).toBeGreaterThanOrEqual(2);
    expect(partial.filter((n) => n > 0 && n < 29).length).toBeGreaterThanOrEqual(1);
    const resumed = runCli(args);
    expect(resumed.status, resumed.stderr).toBe(0);
    const got = byName(await dumpRegistry(target, ['ingest_date']));
    expect(Object.values(got).flat().some((r) => r.includes('"?'))).toBe(false);
    expect(got).toEqual(want);
    expect(dumpDatastoreFiles(target)).toEqual(wantFiles);
  }, 180_000);
});
