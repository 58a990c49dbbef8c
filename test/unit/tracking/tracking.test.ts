import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResults } from '../../../src/results/read-results.js';
import { buildDashboard } from '../../../src/tracking/build-dashboard.js';
import { TrackingInputError } from '../../../src/tracking/errors.js';
import { evaluateGates, taggedEvidence } from '../../../src/tracking/evaluate-gates.js';
import { appendHistory, historyEntryFromResults, parseHistory, readHistory } from '../../../src/tracking/history.js';
import { parseJiraExport } from '../../../src/tracking/import-jira.js';
import { loadBlockers, parseBlockers } from '../../../src/tracking/load-blockers.js';
import { loadMilestones, parseMilestones } from '../../../src/tracking/load-milestones.js';
import { parseDocumentText } from '../../../src/tracking/read-document.js';
import { parseTrackingDate } from '../../../src/tracking/tracking-date.js';
import { validateTracking } from '../../../src/tracking/validate-tracking.js';
import { PROJECT_ROOT } from '../../helpers/fixtures.js';
import { tmpDir } from '../../helpers/tmp-dir.js';
import { sampleResults } from '../results/sample-results.js';
import { badValuesJiraExport, malformedJiraExport, sampleJiraExport } from './jira-export-sample.js';

const MILESTONES = path.join(PROJECT_ROOT, 'reports/milestones.yaml');
const BLOCKERS = path.join(PROJECT_ROOT, 'reports/blockers.yaml');

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TrackingInputError);
    expect((err as TrackingInputError).code).toBe('TRACKING_INPUT');
    return [...(err as TrackingInputError).issues];
  }
  throw new Error('expected a TrackingInputError');
}

const milestonesDoc = (extra: object = {}) => ({
  formatVersion: 1,
  milestones: [
    { id: 'M1', title: 'first', due: '2020-05', evidence: { parity: [{ suite: 's', instrument: 'DemoCam', kind: 'conversion' }], blockers: ['B1'] }, ...extra },
    { id: 'M2', title: 'second', due: '2020-06-30', requires: ['M1'] },
  ],
});
const blockersDoc = (b1: object = {}) => ({
  formatVersion: 1,
  blockers: [
    { id: 'B1', ticket: null, title: 'one', status: 'done', resolved: '2020-04-01', milestones: ['M1'], ...b1 },
    { id: 'B2', ticket: 'DM-1', title: 'two', status: 'open', milestones: ['M2'], blockedBy: ['B1'] },
  ],
});

describe('tracking dates', () => {
  it('takes days, months (their last day) and Jira date-times', () => {
    expect(parseTrackingDate('2020-05')).toBe('2020-05-31');
    expect(parseTrackingDate('2020-02')).toBe('2020-02-29');
    expect(parseTrackingDate('2020-06-24')).toBe('2020-06-24');
    expect(parseTrackingDate('2021-05-20T23:30:00.000-0500')).toBe('2021-05-21');
    for (const bad of ['2020-13', '2020-02-30', '15/05/2020', 'May 2020']) expect(parseTrackingDate(bad)).toBeUndefined();
  });
});

describe('the seeded record in reports/', () => {
  it('is valid and names the DM-DAX gates and every programme blocker', async () => {
    const milestones = await loadMilestones(MILESTONES);
    const blockers = await loadBlockers(BLOCKERS);
    const record = validateTracking(milestones, blockers);
    expect(milestones.map((m) => [m.id, m.title, m.due])).toEqual([
      ['DM-DAX-8', 'Scatter/Gather support in PipelineTask', '2020-05-31'],
      ['DM-DAX-12', 'Gen3 feature parity', '2020-05-31'],
      ['DM-DAX-13', 'Gen2 Butler is retired', '2020-06-30'],
    ]);
    expect(blockers).toHaveLength(9);
    for (const b of blockers) expect(b.labels).toContain('gen2-deprecation-blocker');
    // No invented ticket numbers: every blocker's own ticket is null (ci-parity.md names none).
    expect(blockers.every((b) => b.ticket === undefined)).toBe(true);
    // Every related key is one that ci-parity.md mentions.
    const doc = readFileSync('/work/shared/docs/ci-parity.md', 'utf8');
    for (const key of blockers.flatMap((b) => b.related)) expect(doc, key).toContain(key);
    expect(record.warnings).toEqual([]);
  });

  it('evaluates as of 2020-05-15 to blocked and as of 2026 to missed', async () => {
    const record = validateTracking(await loadMilestones(MILESTONES), await loadBlockers(BLOCKERS));
    expect(evaluateGates(record.milestones, record.blockers, [], '2020-05-15').map((g) => g.state)).toEqual(['blocked', 'blocked', 'blocked']);
    const late = evaluateGates(record.milestones, record.blockers, [], '2026-11-25');
    expect(late.map((g) => g.state)).toEqual(['missed', 'missed', 'missed']);
    expect(late[0]?.reasons[0]).toEqual({ kind: 'past-due', due: '2020-05-31', daysLate: 2369 });
  });
});

describe('YAML validation', () => {
  it('names the file and path of every problem', () => {
    const issues = issuesOf(() => parseMilestones({ formatVersion: 1, milestones: [{ id: 'M1', title: '', due: 'May 2020', evidence: { parity: [{ instrument: 'X' }] } }] }, 'm.yaml'));
    expect(issues).toEqual([
      'm.yaml: milestones[0].title: expected a non-empty string',
      'm.yaml: milestones[0].due: not a valid date: "May 2020" (expected YYYY-MM-DD or YYYY-MM)',
      expect.stringMatching(/^m\.yaml: milestones\[0\]\.evidence\.parity\[0\]\.suite: /),
    ]);
    expect(issuesOf(() => parseMilestones({ formatVersion: 2, milestones: [] }, 'm.yaml'))).toEqual(['m.yaml: formatVersion: expected formatVersion 1']);
    expect(issuesOf(() => parseBlockers(blockersDoc({ status: 'open' }), 'b.yaml'))).toEqual(['b.yaml: blockers[0].resolved: set, but status is open (expected done or wont-fix)']);
    expect(issuesOf(() => parseBlockers(blockersDoc({ ticket: 'dm 5' }), 'b.yaml'))[0]).toMatch(/^b\.yaml: blockers\[0\]\.ticket: /);
    expect(issuesOf(() => parseDocumentText('milestones: [\n  {id: x', 'bad.yaml'))[0]).toMatch(/^bad\.yaml:\d+:\d+: not valid YAML\/JSON: /);
  });

  it('checks cross-references: unknown ids, cycles, link targets, date order', () => {
    const m = parseMilestones(milestonesDoc({ requires: ['M2', 'M9'] }), 'm.yaml');
    const b = parseBlockers(blockersDoc({ blocks: ['B7'], milestones: ['M8'], created: '2020-05-01' }), 'b.yaml');
    expect(issuesOf(() => validateTracking(m, b))).toEqual([
      'm.yaml: milestones[0].requires[1]: unknown milestone M9',
      'm.yaml: milestones[0].requires: milestone dependency cycle M1 → M2 → M1',
      'b.yaml: blockers[0].milestones[0]: unknown milestone M8',
      'b.yaml: blockers[0].blocks[0]: B1 links to B7, which is not in the record',
      'b.yaml: blockers[0].resolved: 2020-04-01 is before created 2020-05-01',
    ]);
  });

  it('makes blocking links symmetric', () => {
    const r = validateTracking(parseMilestones(milestonesDoc(), 'm.yaml'), parseBlockers(blockersDoc(), 'b.yaml'));
    expect(r.blockers.find((x) => x.id === 'B1')?.blocks).toEqual(['B2']);
  });
});

describe('Jira import', () => {
  const ids = new Set(['DM-DAX-8', 'DM-DAX-12', 'DM-DAX-13']);
  it('maps a REST search export onto blockers', () => {
    const blockers = parseJiraExport(sampleJiraExport(), 'jira.json', ids);
    expect(blockers.map((b) => [b.id, b.status, b.milestones.join(','), b.resolved ?? null, b.due ?? null])).toEqual([
      ['SAMPLE-101', 'done', 'DM-DAX-8', '2020-04-20', null],
      ['SAMPLE-102', 'in-progress', 'DM-DAX-12', null, '2020-05-15'],
      ['SAMPLE-103', 'done', 'DM-DAX-12', '2020-03-02', null],
      ['SAMPLE-104', 'open', 'DM-DAX-12', null, null],
      ['SAMPLE-105', 'wont-fix', 'DM-DAX-12', '2020-02-01', null],
      ['SAMPLE-108', 'open', 'DM-DAX-13', null, null],
    ]);
    const b104 = blockers.find((b) => b.id === 'SAMPLE-104');
    expect(b104).toMatchObject({ blockedBy: ['SAMPLE-103'], related: ['DM-99999'], created: '2020-01-15', statusName: 'To Do', labels: ['gen2-deprecation-blocker'] });
    expect(blockers[0]?.blocks).toEqual(['SAMPLE-108']);
  });

  it('links to tickets outside the export are warnings, not errors', () => {
    const milestones = parseMilestones({ formatVersion: 1, milestones: [...ids].map((id) => ({ id, title: id, due: '2020-06' })) }, 'm.yaml');
    const r = validateTracking(milestones, parseJiraExport(sampleJiraExport(), 'jira.json', ids), { closedLinks: false });
    expect(r.warnings).toEqual(['jira.json: issues[5].blockedBy[1]: SAMPLE-108 links to SAMPLE-777, which is not in the record']);
  });

  it('reports malformed entries with file, path and issue key', () => {
    expect(issuesOf(() => parseJiraExport(malformedJiraExport(), 'jira.json', ids))).toEqual([
      'jira.json: issues[3].key: expected a Jira key like DM-12345',
      'jira.json: issues[4].fields.status: expected {name, statusCategory}',
    ]);
    expect(issuesOf(() => parseJiraExport(badValuesJiraExport(), 'jira.json', ids))).toEqual([
      'jira.json: issues[1].fields.duedate: not a valid date: "15/05/2020" (issue SAMPLE-102)',
      'jira.json: issues[2].fields.issuelinks[0]: has neither inwardIssue nor outwardIssue (issue SAMPLE-103)',
      'jira.json: issues[5].fields.issuelinks[2]: links SAMPLE-108 to itself',
    ]);
    expect(issuesOf(() => parseJiraExport({ total: 0 }, 'empty.json', ids))).toEqual(['empty.json: issues: expected an issues array']);
  });
});

describe('history and gates', () => {
  const results = parseResults(sampleResults(), 'sample.json');

  it('appends one line per run and reads it back', async () => {
    const file = path.join(tmpDir(), 'sub', 'history.jsonl');
    expect(await readHistory(file)).toEqual([]);
    const first = await appendHistory(file, results, { when: '2026-11-20T10:00:00Z' });
    await appendHistory(file, results);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0] ?? '')).toEqual(first);
    expect(first).toMatchObject({ formatVersion: 1, suite: 'sample', commit: results.commit, counts: { identical: 14, different: 6, failed: 2 } });
    const read = await readHistory(file);
    expect(read.map((h) => h.when)).toEqual(['2026-11-20T10:00:00Z', '2026-11-25T12:41:07Z']);
  });

  it('tagged evidence: the latest run per suite that tags a gate id', () => {
    const h1 = historyEntryFromResults(results, { when: '2020-05-01T00:00:00Z' });
    const h2 = historyEntryFromResults(results, { when: '2020-05-03T00:00:00Z' });
    expect(taggedEvidence('DM-DAX-13', [h1, h2], '2020-05-02')).toEqual([{ suite: 'sample', when: '2020-05-01T00:00:00Z', counts: expect.objectContaining({ identical: 2, different: 4 }) }]);
    expect(taggedEvidence('DM-DAX-8', [h1, h2], '2020-05-05')).toEqual([]);
  });

  it('names file and line of a bad history line', () => {
    expect(issuesOf(() => parseHistory('{"formatVersion":1}\n\nnot json\n', 'h.jsonl'))).toEqual([
      'h.jsonl:1: when: expected an ISO 8601 date-time',
      expect.stringMatching(/^h\.jsonl:1: suite: /),
      expect.stringMatching(/^h\.jsonl:1: counts: /),
      expect.stringMatching(/^h\.jsonl:3: not valid JSON: /),
    ]);
  });

  it('gate states: met, at-risk (failing or missing parity), blocked, missed — with reasons as data', () => {
    const m = parseMilestones(milestonesDoc(), 'm.yaml');
    const b = parseBlockers(blockersDoc(), 'b.yaml');
    const r = validateTracking(m, b);
    const pass = historyEntryFromResults(parseResults({ ...sampleResults(), suite: { name: 's' }, comparisons: sampleResults().comparisons.filter((c) => c.kind === 'conversion') }, 'p.json'), { when: '2020-05-02T00:00:00Z' });
    const fail = historyEntryFromResults(parseResults({ ...sampleResults(), suite: { name: 's' } }, 'f.json'), { when: '2020-05-03T00:00:00Z' });
    const [m1, m2] = evaluateGates(r.milestones, r.blockers, [pass], '2020-05-10');
    expect(m1).toMatchObject({ state: 'met', reasons: [{ kind: 'met', on: '2020-05-02', late: false }] });
    expect(m2).toMatchObject({ state: 'blocked', reasons: [{ kind: 'blocker-open', blocker: 'B2', blockedBy: [] }] });
    // The failing run is newer, so it is the evidence (for a requirement covering processing too).
    const any = validateTracking(parseMilestones(milestonesDoc({ evidence: { parity: [{ suite: 's', instrument: 'DemoCam' }], blockers: ['B1'] } }), 'm.yaml'), b);
    expect(evaluateGates(any.milestones, any.blockers, [pass], '2020-05-10')[0]?.state).toBe('met');
    const [f1] = evaluateGates(any.milestones, any.blockers, [pass, fail], '2020-05-10');
    expect(f1?.state).toBe('at-risk');
    expect(f1?.reasons[0]).toMatchObject({ kind: 'parity-failing', when: '2020-05-03T00:00:00Z', counts: { 'only-gen2': 1, identical: 7, different: 3, failed: 1 } });
    // The kind filter matters: conversion comparisons of the failing run are all identical.
    expect(evaluateGates(r.milestones, r.blockers, [pass, fail], '2020-05-10')[0]?.state).toBe('met');
    expect(evaluateGates(r.milestones, r.blockers, [], '2020-05-10')[0]).toMatchObject({ state: 'at-risk', reasons: [{ kind: 'parity-missing' }] });
    const [, late] = evaluateGates(r.milestones, r.blockers, [pass], '2020-07-01');
    expect(late).toMatchObject({ state: 'missed', reasons: [{ kind: 'past-due', due: '2020-06-30', daysLate: 1 }, { kind: 'blocker-open', blocker: 'B2' }] });
  });

  it('burndown counts open blockers at each change; parity trend lists runs', () => {
    const r = validateTracking(parseMilestones(milestonesDoc(), 'm.yaml'), parseBlockers(blockersDoc({ created: '2020-01-01' }), 'b.yaml'));
    const h = historyEntryFromResults(results, { when: '2020-05-02T00:00:00Z' });
    const d = buildDashboard(r, [h], '2020-06-01', { milestones: 'm.yaml', blockers: 'b.yaml', history: 'h.jsonl' });
    expect(d.burndown.points).toEqual([
      { day: '2020-01-01', open: 2 },
      { day: '2020-04-01', open: 1 },
      { day: '2020-05-02', open: 1 },
      { day: '2020-05-31', open: 1 },
      { day: '2020-06-01', open: 1 },
    ]);
    expect(d.parityTrend).toEqual([expect.objectContaining({ day: '2020-05-02', suite: 'sample', total: 32, problems: 12 })]);
    expect(d.gates.map((g) => g.state)).toEqual(['missed', 'blocked']);
    // The sample tags its comparisons as evidence for DM-DAX-12/13, not for M1/M2.
    expect(d.gates.map((g) => g.tagged)).toEqual([[], []]);
  });
});
