import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderResults } from '../../../src/report/results-renderers.js';
import { parseResults } from '../../../src/results/read-results.js';
import { PROJECT_ROOT } from '../../helpers/fixtures.js';
import { tmpDir } from '../../helpers/tmp-dir.js';
import { sampleResults } from '../../unit/results/sample-results.js';

const XSD = path.join(PROJECT_ROOT, 'test/fixtures/junit/junit.xsd');
const HAVE_XMLLINT = spawnSync('xmllint', ['--version']).status === 0;
if (!HAVE_XMLLINT && process.env.CI) throw new Error('xmllint is required under CI (Debian package `libxml2-utils`; .ci/run installs it)');

function xmllint(file: string): { status: number; stderr: string } {
  const r = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
  return { status: r.status ?? -1, stderr: r.stderr };
}

describe.skipIf(!HAVE_XMLLINT)('JUnit XML against the junit-10 structure (xmllint --schema)', () => {
  const dir = tmpDir();

  it('the sample report with every outcome validates', () => {
    const file = path.join(dir, 'junit.xml');
    writeFileSync(file, renderResults(parseResults(sampleResults(), 's.json'), 'junit'));
    expect(xmllint(file)).toEqual({ status: 0, stderr: `${file} validates\n` });
  });

  it('validates with hostile text: markup, control characters, a timezone offset', () => {
    const input = sampleResults({ suite: 'a&b<"c">', startedAt: '2026-11-25T13:00:00+01:00' });
    const pair = input.comparisons[1]?.pairs[4];
    if (!pair) throw new Error('sample shape');
    pair.error = 'bad \u0001 byte ]]> </failure> & more';
    const file = path.join(dir, 'hostile.xml');
    const xml = renderResults(parseResults(input, 'h.json'), 'junit');
    writeFileSync(file, xml);
    expect(xmllint(file).stderr).toBe(`${file} validates\n`);
    expect(xml).toContain('timestamp="2026-11-25T12:00:00"');
  });

  it('the schema rejects what Jenkins would (control: a testcase without name)', () => {
    const file = path.join(dir, 'bad.xml');
    writeFileSync(file, '<testsuites><testsuite name="x" tests="1"><testcase/></testsuite></testsuites>');
    const r = xmllint(file);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("Element 'testcase': The attribute 'name' is required but missing.");
  });
});
