// vitest globalSetup (registered in vitest.config.ts): runs once per `vitest run`, in the main
// process, before any test file. It provides the test-time services every later test relies on:
//   - a PostgreSQL server (GEN2TO3_TEST_PG_URL, or a private throw-away cluster), and
//   - the Python interop venv with the real daf_butler (created only when asked to).
// The outcome goes to the workers with `provide` (read back with `inject` in test/helpers) and, for
// the PostgreSQL URL, also through process.env.GEN2TO3_TEST_PG_URL. See test/README.md.
import type { TestProject } from 'vitest/node';
import { redactPgUrl, setupTestPostgres } from './helpers/postgres.js';
import { checkInteropVenv, ensureInteropVenv, envFlag, INTEROP_REQUIRED } from './helpers/python.js';
import type { InteropStatus } from './helpers/python.js';

function say(msg: string): void {
  console.log(`[gen2to3 test services] ${msg}`);
}

async function setupInterop(): Promise<InteropStatus> {
  const create = INTEROP_REQUIRED || envFlag('GEN2TO3_INTEROP');
  if (create) {
    try {
      await ensureInteropVenv(say);
    } catch (e) {
      // checkInteropVenv below reports what is unusable; keep the install error too.
      const status = await checkInteropVenv();
      return status.ok ? status : { ...status, reason: `${(e as Error).message}\n(${status.reason ?? ''})` };
    }
  }
  return checkInteropVenv();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const [pg, interop] = await Promise.all([setupTestPostgres(), setupInterop()]);

  project.provide('gen2to3Pg', pg.status);
  project.provide('gen2to3Interop', interop);
  if (pg.status.url) process.env.GEN2TO3_TEST_PG_URL = pg.status.url;

  const elapsed = ((Date.now() - started) / 1000).toFixed(1);
  if (pg.status.url) {
    const what = pg.status.source === 'private' ? 'private cluster' : 'GEN2TO3_TEST_PG_URL';
    say(`PostgreSQL: ${what} ${redactPgUrl(pg.status.url)} (${(pg.status.version ?? '').split(' on ')[0]})`);
  } else {
    say(`PostgreSQL: unavailable${envFlag('GEN2TO3_REQUIRE_PG') ? ' — REQUIRED, its suites will fail' : ', its suites are skipped'}: ${pg.status.reason}`);
  }
  if (interop.ok) {
    const v = interop.versions ?? {};
    say(`interop: ${interop.python} (lsst-daf-butler ${v['lsst-daf-butler']}, astropy ${v.astropy})`);
  } else {
    say(`interop: unavailable${INTEROP_REQUIRED ? ' — REQUIRED, its suites will fail' : ', its suites are skipped'}: ${interop.reason}`);
  }
  say(`ready in ${elapsed} s`);

  return async () => {
    await pg.teardown();
  };
}
