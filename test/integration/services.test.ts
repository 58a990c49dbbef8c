// Smoke tests of the test-time services (test/global-setup.ts): the PostgreSQL server and the
// Python interop venv. Under GEN2TO3_REQUIRE_PG / GEN2TO3_REQUIRE_INTEROP these fail, never skip,
// when a service is broken.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describePostgres, freshDatabase, freshSchema, pgUrl, withPgClient } from '../helpers/postgres.js';
import { describeInterop, interopPins, PythonProcessError, runButlerCli, runPython, runPythonJson } from '../helpers/python.js';
import { tmpDir } from '../helpers/tmp-dir.js';

describePostgres('test service: PostgreSQL', () => {
  const db = freshDatabase('services');
  const schema = freshSchema('services');

  it('answers select version()', async () => {
    const version = await withPgClient(pgUrl()!, async (c) => (await c.query<{ v: string }>('select version() as v')).rows[0]?.v);
    expect(version).toMatch(/^PostgreSQL \d+/);
  });

  it('gives the test file a database of its own, with btree_gist enabled', async () => {
    const row = await withPgClient(db.url, async (c) => {
      const r = await c.query<{ db: string; gist: string }>(
        "select current_database() as db, (select count(*) from pg_extension where extname = 'btree_gist') as gist",
      );
      return r.rows[0];
    });
    expect(row).toEqual({ db: db.name, gist: '1' });
  });

  it('gives the test file a schema of its own', async () => {
    await withPgClient(schema.url, async (c) => {
      await c.query(`create table "${schema.schema}".t (id int primary key)`);
      await c.query(`insert into "${schema.schema}".t values (1), (2)`);
      const r = await c.query<{ n: string }>(`select count(*) as n from "${schema.schema}".t`);
      expect(r.rows[0]?.n).toBe('2');
    });
  });
});

describeInterop('test service: Python interop venv', () => {
  it('imports lsst.daf.butler and astropy at the pinned versions', async () => {
    const got = await runPythonJson<Record<string, string>>(
      [
        'import json, lsst.daf.butler, astropy',
        'from importlib.metadata import version',
        'print(json.dumps({"lsst-daf-butler": version("lsst-daf-butler"), "astropy": astropy.__version__}))',
      ].join('\n'),
    );
    const pins = interopPins();
    expect(got).toEqual({ 'lsst-daf-butler': pins.get('lsst-daf-butler'), astropy: pins.get('astropy') });
    expect(got['lsst-daf-butler']).toBe('30.2026.4300');
    expect(got.astropy).toBe('8.0.2');
  });

  it('runPython passes arguments and standard input, and throws with stderr on failure', async () => {
    const out = await runPythonJson<{ args: string[]; input: string }>(
      'import json, sys; print(json.dumps({"args": sys.argv[1:], "input": sys.stdin.read()}))',
      ['a b', '--x=1'],
      { input: 'hello' },
    );
    expect(out).toEqual({ args: ['a b', '--x=1'], input: 'hello' });
    const err = await runPython('import sys; sys.stderr.write("boom here"); sys.exit(3)').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PythonProcessError);
    expect((err as PythonProcessError).exitCode).toBe(3);
    expect((err as PythonProcessError).message).toContain('boom here');
  });

  const scratch = tmpDir('gen2to3-services-');

  it('`butler create` makes a SQLite repo', async () => {
    const repo = path.join(scratch, 'repo');
    await runButlerCli(['create', repo]);
    expect(existsSync(path.join(repo, 'gen3.sqlite3'))).toBe(true);
    expect(readFileSync(path.join(repo, 'butler.yaml'), 'utf8')).toContain('sqlite:///<butlerRoot>/gen3.sqlite3');
  });
});

describeInterop('test service: daf_butler on the PostgreSQL test server', () => {
  describePostgres('with a fresh database', () => {
    const db = freshDatabase('services_butler');
    const dir = tmpDir('gen2to3-services-pg-');

    it('`butler create --seed-config` makes a PostgreSQL repo that daf_butler opens', async () => {
      const seed = path.join(dir, 'seed.yaml');
      writeFileSync(seed, `registry:\n  db: ${db.url}\n`);
      const repo = path.join(dir, 'repo');
      await runButlerCli(['create', '--seed-config', seed, repo]);
      const out = await runPythonJson<{ collections: string[]; tables: number }>(
        [
          'import json, sys, sqlalchemy',
          'from lsst.daf.butler import Butler',
          'butler = Butler.from_config(sys.argv[1], writeable=True)',
          'butler.collections.register("smoke/run")',
          'engine = sqlalchemy.create_engine(sys.argv[2].replace("postgresql://", "postgresql+psycopg://", 1))',
          'tables = sqlalchemy.inspect(engine).get_table_names()',
          'print(json.dumps({"collections": sorted(butler.collections.query("*")), "tables": len(tables)}))',
        ].join('\n'),
        [repo, db.url],
      );
      expect(out.collections).toEqual(['smoke/run']);
      expect(out.tables).toBeGreaterThan(20);
    });
  });
});
