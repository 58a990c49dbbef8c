// Shared helpers of the Gen3 interop tests: schema dumps and small daf_butler scripts.
import path from 'node:path';
import { PROJECT_ROOT } from '../../helpers/fixtures.js';
import { runPythonFile, runPythonJson } from '../../helpers/python.js';

/** Normalised schema dump of a repository (test/interop/dump_schema.py). */
export interface SchemaDump {
  dialect: string;
  butler_yaml: unknown;
  tables: Record<string, unknown>;
  sequences: { name: string }[];
  views: string[];
  butler_attributes: Record<string, string>;
  rows?: Record<string, unknown[]>;
  ddl?: Record<string, string>;
}

/** Runs dump_schema.py on `repo` with `args` (e.g. `--all-rows`, `--ddl`, `--stable`). */
export async function dumpSchema(repo: string, args: readonly string[] = []): Promise<SchemaDump> {
  const out = await runPythonFile(path.join(PROJECT_ROOT, 'test', 'interop', 'dump_schema.py'), [repo, ...args]);
  return JSON.parse(out) as SchemaDump;
}

const REGISTER = `
import json, sys
from lsst.daf.butler import Butler, DatasetType
butler = Butler.from_config(sys.argv[1], writeable=True)
u = butler.dimensions
butler.registry.registerDatasetType(DatasetType("bias", ["instrument", "detector"], "ExposureF", universe=u, isCalibration=True))
butler.registry.registerDatasetType(DatasetType("deepCoadd", ["skymap", "tract", "patch", "band"], "ExposureF", universe=u))
butler.registry.registerRun("u/someone/run")
print(json.dumps({
    "collections": sorted(butler.collections.query("*")),
    "dataset_types": sorted(t.name for t in butler.registry.queryDatasetTypes()),
}))
`;

/**
 * Opens `repo` writeable with the real daf_butler, registers a calibration dataset type
 * (bias: instrument, detector), a plain one (deepCoadd: band, skymap, tract, patch) and a RUN;
 * returns what daf_butler then lists.
 */
export function registerWithDafButler(repo: string): Promise<{ collections: string[]; dataset_types: string[] }> {
  return runPythonJson(REGISTER, [repo]);
}

/** The parts of a dump that concern `tables` (table descriptions, DDL entries naming them, sequences). */
export function pick(dump: SchemaDump, tables: readonly string[]): unknown {
  const ddl = Object.fromEntries(Object.entries(dump.ddl ?? {}).filter(([name, sql]) => tables.some((t) => name === t || sql.includes(` ON ${t} (`))));
  return {
    tables: Object.fromEntries(tables.map((t) => [t, dump.tables[t]])),
    ddl,
    sequences: dump.sequences.filter((s) => tables.some((t) => s.name.startsWith(`${t}_seq`))),
  };
}
