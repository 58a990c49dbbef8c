import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { tmpDir } from '../helpers/tmp-dir.js';
import { malformedJiraExport, sampleJiraExport } from '../unit/tracking/jira-export-sample.js';

beforeAll(() => ensureBuilt());

describe('gen2to3 milestones (built CLI)', () => {
  const dir = tmpDir();
  const history = path.join(dir, 'history.jsonl');

  it('evaluates the seeded record from reports/ and prints Markdown', () => {
    const r = runCli(['milestones', '--as-of', '2020-05-15', '--history', history], { cwd: PROJECT_ROOT });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('# Gen2 retirement milestones — as of 2020-05-15');
    expect(r.stdout).toMatch(/\| DM-DAX-8 \| Scatter\/Gather support in PipelineTask \| 2020-05 \| ⛔ blocked \|/);
    expect(r.stdout).toMatch(/\| DM-DAX-13 \| Gen2 Butler is retired \| 2020-06 \| ⛔ blocked \|/);
  });

  it('writes the dashboard (HTML, Markdown, JSON) with --out', () => {
    const out = path.join(dir, 'dash');
    const r = runCli(['milestones', '--as-of', '2026-11-25', '--out', out], { cwd: PROJECT_ROOT });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/DM-DAX-8 missed, DM-DAX-12 missed, DM-DAX-13 missed\n$/);
    for (const f of ['milestones.html', 'milestones.md', 'milestones.json']) expect(existsSync(path.join(out, f)), f).toBe(true);
    const json = JSON.parse(readFileSync(path.join(out, 'milestones.json'), 'utf8')) as { formatVersion: number; gates: { state: string; reasons: { kind: string }[] }[] };
    expect(json.formatVersion).toBe(1);
    expect(json.gates[0]?.reasons[0]?.kind).toBe('past-due');
  });

  it('reads a Jira export instead of blockers.yaml', () => {
    const jira = path.join(dir, 'jira.json');
    writeFileSync(jira, JSON.stringify(sampleJiraExport()));
    const r = runCli(['milestones', '--jira-export', jira, '--as-of', '2020-05-20', '--history', history, '--log-level', 'warn'], { cwd: PROJECT_ROOT });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('WARN: tracking-link-outside-record');
    expect(r.stdout).toContain('| SAMPLE-104 | SAMPLE-104 | Separate ingest from visit definition |');
  });

  it('exit 2 naming the file and path on bad input', () => {
    const jira = path.join(dir, 'bad-jira.json');
    writeFileSync(jira, JSON.stringify(malformedJiraExport()));
    const r = runCli(['milestones', '--jira-export', jira, '--history', history], { cwd: PROJECT_ROOT });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `gen2to3: error [TRACKING_INPUT]: 2 problems in the tracking record:\n  ${jira}: issues[3].key: expected a Jira key like DM-12345\n  ${jira}: issues[4].fields.status: expected {name, statusCategory}\n`,
    );
    const m = path.join(dir, 'm.yaml');
    writeFileSync(m, 'formatVersion: 1\nmilestones:\n  - id: X\n    title: x\n    due: soon\n');
    const bad = runCli(['milestones', '--milestones', m, '--history', history], { cwd: PROJECT_ROOT });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(`gen2to3: error [TRACKING_INPUT]: ${m}: milestones[0].due: not a valid date: "soon" (expected YYYY-MM-DD or YYYY-MM)\n`);
    expect(runCli(['milestones', '--as-of', '2020-02-30', '--history', history], { cwd: PROJECT_ROOT }).stderr).toContain('--as-of: not a valid day: "2020-02-30"');
    const both = runCli(['milestones', '--blockers', 'a', '--jira-export', 'b'], { cwd: PROJECT_ROOT });
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('--blockers and --jira-export are alternatives');
  });
});
