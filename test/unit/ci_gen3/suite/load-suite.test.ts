import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite, parseSuite, type LoadSuiteOptions } from '../../../../ci_gen3/suite/load-suite.js';
import { SuiteError } from '../../../../ci_gen3/suite/suite-error.js';
import { describeFixtures, FIXTURES_ROOT, PROJECT_ROOT } from '../../../helpers/fixtures.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

const HEADER = 'formatVersion: 1\nname: t\nmetadata: { instruments: [DemoCam] }\n';
const OPTIONS: LoadSuiteOptions = { projectRoot: '/nonexistent-project', env: {}, knownConverters: ['demo', 'hsc'] };

/** Parses `HEADER + body`; returns the SuiteError's issues (fails the test when it parses). */
async function problems(body: string, options: LoadSuiteOptions = OPTIONS): Promise<readonly string[]> {
  const err = await parseSuite(HEADER + body, 'suite.yaml', options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SuiteError);
  return (err as SuiteError).issues;
}

describe('the shipped suites', () => {
  it('demo.yaml loads: demo inputs, the three reference steps, the comparisons with defaults resolved', async () => {
    const suite = await loadSuite(path.join(PROJECT_ROOT, 'ci_gen3/suites/demo.yaml'), { projectRoot: PROJECT_ROOT });
    expect(suite.name).toBe('demo');
    expect(suite.inputs.demo).toMatchObject({ seed: 1, visits: 6, detectors: 4 });
    expect(suite.inputs.gen2).toEqual([]);
    expect(suite.conversion.converters).toEqual(['demo']);
    expect(suite.conversion.transfer).toBe('auto');
    expect(suite.stages).toEqual(['prepare', 'convert', 'conversion-parity', 'run-gen2', 'run-gen3', 'compare', 'report']);
    expect(suite.steps.gen2.map((s) => [s.name, s.task, s.pre])).toEqual([
      ['isr', 'isr', true],
      ['detect', 'detect', true],
      ['visitSummary', 'visitSummary', false],
    ]);
    expect(suite.steps.gen3.map((s) => s.task)).toEqual(['isr', 'detect', 'visitSummary']);
    const byId = new Map(suite.comparisons.map((c) => [c.id, c]));
    expect(byId.get('processing/DemoCam/calexp')).toMatchObject({ comparator: 'image', tolerances: { rtol: 1e-5, atol: 1e-8 }, instrument: 'DemoCam', evidenceFor: ['DM-DAX-8', 'DM-DAX-12'] });
    expect(byId.get('processing/DemoCam/postISRCCD')?.golden).toBe(path.join(PROJECT_ROOT, 'ci_gen3/suites/golden/demo/postISRCCD.json'));
    expect(byId.get('processing/DemoCam/src')).toMatchObject({ comparator: 'catalog', match: { by: 'id', column: 'id' } });
    expect(byId.get('processing/DemoCam/visitSummary')?.evidenceFor).toEqual(['DM-DAX-8']);
    expect(byId.get('processing/DemoCam/isr_config')).toMatchObject({ comparator: 'config', gen2DatasetType: 'demoIsr_config' });
  });

  it('latiss-obs_test-conversion.yaml resolves ${GEN2TO3_FIXTURES} and runs the conversion stages only', async () => {
    const suite = await loadSuite(path.join(PROJECT_ROOT, 'ci_gen3/suites/latiss-obs_test-conversion.yaml'), { projectRoot: PROJECT_ROOT, env: { GEN2TO3_FIXTURES: '/fx' }, checkPaths: false });
    expect(suite.inputs.gen2.map((g) => [g.root, g.instrument])).toEqual([
      ['/fx/obs_lsst_gen2/data/input/latiss', 'LATISS'],
      ['/fx/obs_test/data/input', 'obs_test'],
    ]);
    expect(suite.inputs.gen2[0]?.calibs).toBe('/fx/obs_lsst_gen2/data/input/latiss/CALIB');
    expect(suite.stages).toEqual(['prepare', 'convert', 'conversion-parity', 'report']);
    expect(new Set(suite.comparisons.map((c) => c.kind))).toEqual(new Set(['conversion']));
    expect(suite.conversion.converters).toEqual(['lsst', 'test']);
  });

  describeFixtures('on the real fixtures', () => {
    it('latiss-obs_test-conversion.yaml finds both Gen2 roots (default: ../shared/fixtures relative to the project)', async () => {
      const env = { GEN2TO3_FIXTURES: FIXTURES_ROOT };
      const suite = await loadSuite(path.join(PROJECT_ROOT, 'ci_gen3/suites/latiss-obs_test-conversion.yaml'), { projectRoot: PROJECT_ROOT, env });
      expect(suite.inputs.gen2.map((g) => path.relative(FIXTURES_ROOT!, g.root))).toEqual(['obs_lsst_gen2/data/input/latiss', 'obs_test/data/input']);
    });
  });
});

describe('malformed suites: every problem, as dot.path: message', () => {
  it('wrong types, unknown keys, unknown comparators, missing match are all reported at once', async () => {
    const issues = await problems(`inputs: { demo: { seed: 1 } }
comparisons:
  - { datasetType: a, comparator: image }
  - { datasetType: b, comparator: image }
  - { datasetType: c, comparator: image, tolerances: { rtol: abc } }
  - { datasetType: d, comparator: fancy, tolerance: 1 }
  - { datasetType: e, comparator: catalog }
`);
    expect(issues).toEqual([
      'comparisons[2].tolerances.rtol: expected a number',
      'comparisons[3].comparator: expected a comparator: image, mask, header, catalog, config, yaml, text, bytes',
      'comparisons[3].tolerance: unknown key',
      'comparisons[4].match: the catalog comparator needs match: {by: id} or {by: position, radiusArcsec: R}',
    ]);
  });

  it('the error names the file and carries code CI_SUITE and exit code 2', async () => {
    const err = await parseSuite(`${HEADER}inputs: { demo: {} }\ncomparisons: [{ datasetType: c, comparator: image, tolerances: { rtol: abc } }]\n`, 'suite.yaml', OPTIONS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SuiteError);
    expect((err as SuiteError).code).toBe('CI_SUITE');
    expect((err as SuiteError).exitCode).toBe(2);
    expect((err as SuiteError).message).toBe('suite.yaml: comparisons[0].tolerances.rtol: expected a number');
  });

  it('unknown top-level and nested keys', async () => {
    expect(await problems('inputs: { demo: { seeds: 3 } }\nbogus: 1\n')).toEqual(['inputs.demo.seeds: unknown key', 'bogus: unknown key']);
  });

  it('a missing Gen2 root: absent key, and a directory that does not exist', async () => {
    expect(await problems('inputs: { gen2: { calibs: CALIB } }\n')).toEqual(['inputs.gen2.root: required']);
    expect(await problems('inputs: { gen2: [{ root: /nonexistent/gen2 }] }\n')).toEqual(['inputs.gen2[0].root: Gen2 root directory not found: /nonexistent/gen2']);
    expect(await problems('inputs: { gen2: { root: repo } }\n')).toEqual(['inputs.gen2.root: Gen2 root directory not found: /nonexistent-project/repo']);
  });

  it('inputs need exactly one of demo and gen2', async () => {
    expect(await problems('inputs: {}\n')).toEqual(['inputs: expected one of "demo" (generator knobs) or "gen2" (a Gen2 root)']);
    expect(await problems('inputs: { demo: {}, gen2: { root: x } }\n')).toEqual(['inputs: give either "demo" or "gen2", not both']);
    expect(await problems('name: again\n')).toEqual(['line 4, column 1: YAML: Map keys must be unique']);
  });

  it('missing required sections and a wrong formatVersion', async () => {
    const issues = await parseSuite('formatVersion: 2\nname: x\n', 's.yaml', OPTIONS).catch((e: SuiteError) => e.issues);
    expect(issues).toEqual(['formatVersion: expected formatVersion: 1', 'metadata: required', 'inputs: required']);
  });

  it('YAML syntax errors name the line', async () => {
    const issues = await parseSuite('a: [1\nb: 2\n', 's.yaml', OPTIONS).catch((e: SuiteError) => e.issues);
    expect(issues).toHaveLength(1);
    expect(issues).toEqual([expect.stringMatching(/^line 2, column 1: YAML: /)]);
  });

  it('steps: task xor command, shell strings, unknown tasks, command pre given as true', async () => {
    expect(
      await problems(`inputs: { demo: {} }
steps:
  gen2:
    - { name: a, task: nope }
    - { name: b }
    - { name: c, task: isr, command: [x] }
    - { name: d, command: 'processCcd.py DATA --id visit=1' }
    - { name: e, command: [x], pre: true }
`),
    ).toEqual([
      'steps.gen2[0].task: expected a reference task: isr, detect, visitSummary',
      'steps.gen2[1]: expected exactly one of "task" or "command"',
      'steps.gen2[2]: expected exactly one of "task" or "command"',
      'steps.gen2[3].command: expected a list of arguments (one string per argv element, no shell string)',
      'steps.gen2[4].pre: a command step takes the pre command as a list of arguments (e.g. the command without --id)',
    ]);
  });

  it('argument templates: unknown placeholders, unbalanced braces, data IDs in pre, duplicate step names', async () => {
    expect(
      await problems(`inputs: { demo: {} }
steps:
  gen3:
    - { name: a, command: [pipetask, '{repo}', 'visit={dataId.visit'], pre: [pipetask, '{dataId.visit}'] }
    - { name: a, command: [echo, '{{literal}}', '{gen3Repo}'], dataIds: [{ visit: 1 }] }
`),
    ).toEqual([
      expect.stringMatching(/^steps\.gen3\[0\]\.command\[1\]: unknown placeholder \{repo\} \(known: \{gen2Root\}, \{gen3Repo\}, /),
      'steps.gen3[0].command[2]: unclosed "{" at offset 6 (write "{{" for a literal brace)',
      'steps.gen3[0].pre[1]: a pre command runs without a data ID; {dataId.visit} is not available',
      'steps.gen3[1].name: duplicate step name a',
      'steps.gen3[1].dataIds: data IDs given but the command uses no {dataId.<key>} placeholder',
    ]);
  });

  it('cross-field rules: duplicate comparison ids, unknown instrument, unknown converter, stage order', async () => {
    expect(
      await problems(`inputs: { demo: {} }
conversion: { converters: [demo, nope] }
stages: [report, prepare]
comparisons:
  - { datasetType: a, comparator: image }
  - { datasetType: a, comparator: text, instrument: HSC }
`),
    ).toEqual([
      'conversion.converters[1]: unknown converter nope (known: demo, hsc)',
      'stages: stages run in the fixed order prepare → convert → conversion-parity → run-gen2 → run-gen3 → compare → report',
      'comparisons[1].id: duplicate comparison id processing/a (default <kind>/<datasetType>; give an id)',
      'comparisons[1].instrument: HSC is not listed in metadata.instruments',
    ]);
  });

  it('comparator-specific keys: tolerances only on numeric comparators, match only on catalogs; bad evidence ids', async () => {
    expect(
      await problems(`inputs: { demo: {} }
comparisons:
  - { datasetType: a, comparator: header, tolerances: { rtol: 0.1 } }
  - { datasetType: b, comparator: image, match: { by: id } }
  - { datasetType: c, comparator: catalog, match: { by: position } , evidenceFor: [dax8] }
`),
    ).toEqual([
      'comparisons[0].tolerances: the header comparator takes no tolerances (only image, catalog, config, yaml)',
      'comparisons[1].match: match applies to the catalog comparator only',
      'comparisons[2].match.radiusArcsec: required',
      'comparisons[2].evidenceFor[0]: expected a milestone or ticket id such as DM-DAX-8',
    ]);
  });

  it('${VAR} without a value is an error; ${VAR:-default} falls back', async () => {
    expect(await problems("inputs: { gen2: { root: '${NOPE}/x' } }\n")).toEqual(['inputs.gen2.root: environment variable NOPE is not set (write ${NOPE:-default} to give a default)']);
    const dir = tmpDir();
    mkdirSync(path.join(dir, 'repo'));
    const suite = await parseSuite(`${HEADER}inputs: { gen2: { root: '\${NOPE:-${dir}}/repo' } }\n`, 's.yaml', OPTIONS);
    expect(suite.inputs.gen2[0]?.root).toBe(path.join(dir, 'repo'));
  });

  it('an unreadable suite file is a SuiteError too', async () => {
    const err = await loadSuite('/nonexistent/suite.yaml').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SuiteError);
    expect((err as SuiteError).issues).toEqual(['cannot read the suite: ENOENT']);
  });

  it('relative paths resolve against the project root', async () => {
    const root = tmpDir();
    mkdirSync(path.join(root, 'data', 'CALIB'), { recursive: true });
    writeFileSync(path.join(root, 'convert.yaml'), 'runs: {}\n');
    const suite = await parseSuite(`${HEADER}inputs: { gen2: { root: data, calibs: data/CALIB, reruns: [rerun/a] } }\nconversion: { config: convert.yaml }\n`, 's.yaml', { ...OPTIONS, projectRoot: root });
    expect(suite.inputs.gen2).toEqual([{ root: path.join(root, 'data'), calibs: path.join(root, 'data/CALIB'), reruns: ['rerun/a'] }]);
    expect(suite.conversion).toMatchObject({ config: path.join(root, 'convert.yaml'), transfer: 'symlink' });
  });
});

describe('faults, config explanations and the policy path', () => {
  it('faults: each kind validated; gather-order must name a step of its side; unknown kinds rejected', async () => {
    const issues = await problems(`inputs: { demo: {} }
steps: { gen3: [{ name: isr, task: isr }] }
faults:
  - { kind: calib-validity-shift, side: gen2, datasetType: dark, days: 0 }
  - { kind: gather-order, side: gen3, step: visitSummary }
  - { kind: nan-move, side: gen1, datasetType: calexp, dataId: { visit: 1 }, from: [0, 0], to: [1] }
  - { kind: earthquake, side: gen2 }
`);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^faults\[0\]\.datasetType: /),
        'faults[0].days: expected a non-zero number of days',
        expect.stringMatching(/^faults\[2\]\.side: expected gen2 or gen3/),
        expect.stringMatching(/^faults\[2\]\.to/),
        expect.stringMatching(/^faults\[3\]\.kind: expected a fault kind: calib-validity-shift, flat-choice/),
      ]),
    );
    const rules = await problems(`inputs: { demo: {} }
steps: { gen3: [{ name: isr, task: isr }] }
faults: [{ kind: gather-order, side: gen3, step: visitSummary }]
comparisons:
  - { id: cfg, datasetType: isr_config, comparator: config }
  - { id: img, datasetType: calexp, comparator: image, explainedByConfigs: [cfg, img] }
`);
    expect(rules).toEqual(['comparisons[1].explainedByConfigs[1]: img is not the id of a config comparison (config comparisons: cfg)', 'faults[0].step: the gen3 side has no step visitSummary']);
  });

  it('the shipped fault suites load, each with its fault', async () => {
    const kinds: string[] = [];
    for (const name of ['calib-validity-shift', 'config-change', 'missing-output', 'nan-moved']) {
      const suite = await loadSuite(path.join(PROJECT_ROOT, 'ci_gen3/suites/faults', `${name}.yaml`), { projectRoot: PROJECT_ROOT });
      expect(suite.faults).toHaveLength(1);
      kinds.push(suite.faults[0]!.kind);
    }
    expect(kinds).toEqual(['calib-validity-shift', 'config', 'drop-output', 'nan-move']);
  });

  it('policyPath entries resolve like other paths', async () => {
    const suite = await parseSuite(`${HEADER}inputs: { demo: {} }\npolicyPath: ['\${P:-pol}', /abs]\n`, 'suite.yaml', { ...OPTIONS, env: {} });
    expect(suite.policyPath).toEqual(['/nonexistent-project/pol', '/abs']);
  });
});
