/**
 * The one conformance suite every converter runs (style §9.16): `defineConverterTests(declaration)`.
 * Generic checks (well-formed declaration, registration records, every dataset type of the
 * instrument's Gen2 policy gets a translator) plus the reference translations the caller supplies:
 * real Gen2 data IDs with the Gen3 data ID (and calibration RUN) the reference converter produced.
 */
import { describe, expect, it } from 'vitest';
import { calibRunName } from '../../src/convert/collection-names.js';
import type { Converter, InstrumentDeclaration } from '../../src/convert/converter.js';
import { buildInstrumentRecords } from '../../src/convert/instrument-records.js';
import { handlerDimension, makeTranslator, translatorKeys, type Gen3DataId } from '../../src/convert/translate/index.js';
import type { Gen2DataId } from '../../src/gen2/data-id.js';
import { lookupMapperClass } from '../../src/gen2/mapper-catalog.js';
import { fileDatasetTypes, loadMapperPolicy, type MapperPolicy } from '../../src/gen2/policy/index.js';

/** One Gen2 data ID and what the reference converter made of it. */
export interface ReferenceTranslation {
  /** Where the case comes from (fixture file, registry row, path), shown on failure. */
  readonly source: string;
  readonly mapperClass: string;
  readonly datasetType: string;
  readonly gen2: Gen2DataId;
  /** Keys the translator is built from (the template's keys). Default is the keys of `gen2`. */
  readonly gen2Keys?: readonly string[];
  readonly expected: Gen3DataId;
  /** Expected calibration RUN, for calibrations. */
  readonly run?: string;
  readonly skyMapName?: string;
  readonly patchNx?: number;
}

/** What a converter supplies to the suite. */
export interface ConverterSuiteDeclaration {
  readonly converter: Converter;
  /** Mapper classes whose policy is loaded from `policySearchPath` for the coverage check. */
  readonly policies?: () => { readonly mapperClass: string; readonly searchPath: readonly string[] }[];
  /** Reference translations, loaded inside the test (fixtures may be read there). */
  readonly references?: () => Promise<readonly ReferenceTranslation[]> | readonly ReferenceTranslation[];
  /** Minimum number of reference translations expected (guards against an empty fixture parse). */
  readonly minReferences?: number;
  /** Skip the fixture-backed parts (fixtures absent outside CI). */
  readonly skipFixtures?: boolean;
}

function declarationFor(converter: Converter, mapperClass: string): InstrumentDeclaration {
  const d = converter.instruments.find((i) => i.mapperClasses.includes(mapperClass));
  if (!d) throw new Error(`${converter.family}: no instrument for ${mapperClass}`);
  return d;
}


/** Loads the policy of a mapper class from a search path. */
export function loadPolicy(mapperClass: string, searchPath: readonly string[]): MapperPolicy {
  const mapper = lookupMapperClass(mapperClass);
  if (!mapper) throw new Error(`unknown mapper ${mapperClass}`);
  return loadMapperPolicy({ mapper, searchPath });
}

/** Translates one reference case the way the engine does. */
export function translateReference(converter: Converter, ref: ReferenceTranslation): { dataId: Gen3DataId; run: string | undefined } {
  const declaration = declarationFor(converter, ref.mapperClass);
  const translator = makeTranslator(declaration, ref.datasetType, ref.gen2Keys ?? Object.keys(ref.gen2), {
    ...(ref.skyMapName ? { skyMapName: ref.skyMapName } : {}),
    ...(ref.patchNx ? { patchNx: () => ref.patchNx } : {}),
  });
  const { dataId, calibDate } = translator.translate(ref.gen2);
  return { dataId, run: calibDate === undefined || declaration.instrument === undefined ? undefined : calibRunName(declaration.instrument, calibDate) };
}

/** Registers the conformance tests of one converter. */
export function defineConverterTests(suite: ConverterSuiteDeclaration): void {
  const { converter } = suite;
  describe(`converter ${converter.family}: declaration`, () => {
    it('has at least one instrument, each bound to mapper classes', () => {
      expect(converter.instruments.length).toBeGreaterThan(0);
      for (const i of converter.instruments) expect(i.mapperClasses.length, i.instrument).toBeGreaterThan(0);
    });

    it('declares rules whose handlers name Gen3 dimensions and whose consumed keys are Gen2 keys', () => {
      for (const i of converter.instruments) {
        for (const r of i.rules) {
          expect(handlerDimension(r.handler), r.name).toMatch(/^[a-z_0-9]+$/);
          for (const k of r.consume) expect(k, r.name).toMatch(/^[A-Za-z_0-9]+$/);
        }
        expect(i.rules.some((r) => r.handler.kind === 'copy' && r.handler.gen2Key === i.keys.detector && r.handler.dimension === 'detector')).toBe(true);
      }
    });

    it('declares unique physical filters, unique detector ids, and a ccdKey equal to the detector key', () => {
      for (const i of converter.instruments) {
        const names = i.filters.definitions.map((d) => d.physicalFilter);
        expect(new Set(names).size, i.instrument).toBe(names.length);
        expect(new Set(i.detectors.ids).size, i.instrument).toBe(i.detectors.ids.length);
        if (i.config?.ccdKey !== undefined) expect(i.config.ccdKey).toBe(i.keys.detector);
      }
    });

    it('builds registration records from the declaration and Gen2 evidence', () => {
      for (const i of converter.instruments) {
        const records = buildInstrumentRecords(i, { detectors: [i.detectors.ids[0] ?? 0], physicalFilters: ['NOT-A-FILTER'] });
        if (i.instrument === undefined) {
          expect(records).toBeUndefined();
          continue;
        }
        expect(records!.instrument).toMatchObject({ name: i.instrument, class_name: i.instrumentClass });
        expect(records!.detector.length).toBe(i.detectors.ids.length);
        expect(records!.physical_filter.find((f) => f.name === 'NOT-A-FILTER')?.band).toBe('NOT-A-FILTER');
        for (const d of i.filters.definitions) expect(records!.physical_filter).toContainEqual({ instrument: i.instrument, name: d.physicalFilter, band: d.band });
      }
    });
  });

  describe.skipIf(suite.skipFixtures ?? false)(`converter ${converter.family}: reference data`, () => {
    if (suite.policies) {
      it('gives every file dataset type of the Gen2 policy a translator with the reference dimensions', () => {
        for (const { mapperClass, searchPath } of suite.policies!()) {
          const declaration = declarationFor(converter, mapperClass);
          const policy = loadPolicy(mapperClass, searchPath);
          for (const m of fileDatasetTypes(policy)) {
            const name = m.name === policy.mapper.rawMapping ? 'raw' : m.name;
            const keys = translatorKeys(declaration, name, m.template!);
            const t = makeTranslator(declaration, name, keys, { skyMapName: 'sky', patchNx: () => 9 });
            const dims = new Set(t.dimensions);
            if (declaration.instrument !== undefined && keys.some((k) => [declaration.keys.detector, declaration.keys.exposure, 'visit', 'calibDate'].includes(k))) {
              expect(dims.has('instrument'), `${mapperClass} ${m.name}`).toBe(true);
            }
            if (keys.includes('tract')) expect([...dims].filter((d) => d === 'skymap' || d === 'tract').length, m.name).toBe(2);
            if (name === 'raw') expect(dims.has('exposure'), `${mapperClass} raw`).toBe(true);
            if (keys.includes('visit') && name !== 'raw') expect(dims.has('visit'), m.name).toBe(true);
            if (keys.includes('patch')) expect(dims.has('patch'), m.name).toBe(true);
          }
        }
      });
    }

    if (suite.references) {
      it('translates real Gen2 data IDs to the Gen3 data IDs the reference produced', async () => {
        const refs = await suite.references!();
        expect(refs.length).toBeGreaterThanOrEqual(suite.minReferences ?? 1);
        const failures: string[] = [];
        for (const ref of refs) {
          try {
            const got = translateReference(converter, ref);
            if (JSON.stringify(sortKeys(got.dataId)) !== JSON.stringify(sortKeys(ref.expected))) {
              failures.push(`${ref.source}: ${ref.datasetType} ${JSON.stringify(ref.gen2)} → ${JSON.stringify(got.dataId)}, reference ${JSON.stringify(ref.expected)}`);
            }
            if (ref.run !== undefined && got.run !== ref.run) failures.push(`${ref.source}: run ${String(got.run)}, reference ${ref.run}`);
          } catch (err) {
            failures.push(`${ref.source}: ${(err as Error).message}`);
          }
        }
        expect(failures).toEqual([]);
      });
    }
  });
}

function sortKeys(id: Gen3DataId): Gen3DataId {
  return Object.fromEntries(Object.entries(id).sort(([a], [b]) => (a < b ? -1 : 1)));
}
