import { formatIssues } from '../results/issue-path.js';
import { TrackingInputError } from './errors.js';
import { readDocument } from './read-document.js';
import { parseTrackingDate } from './tracking-date.js';
import type { Blocker, BlockerStatus } from './tracking-model.js';
import { jiraExportSchema, type JiraExport } from './tracking-schemas.js';

type JiraIssue = JiraExport['issues'][number];

const CLOSED_WITHOUT_FIX = /won'?t|invalid|duplicate|cancel|obsolete/i;

function statusOf(issue: JiraIssue): BlockerStatus {
  const category = (issue.fields.status.statusCategory?.key ?? '').toLowerCase();
  if (category === 'done') return CLOSED_WITHOUT_FIX.test(issue.fields.status.name) ? 'wont-fix' : 'done';
  if (category === 'indeterminate') return 'in-progress';
  if (category === 'new') return 'open';
  // No category: fall back on common status names.
  const name = issue.fields.status.name.toLowerCase();
  if (/^(done|closed|resolved)$/.test(name)) return 'done';
  if (CLOSED_WITHOUT_FIX.test(name)) return 'wont-fix';
  return /progress|review/.test(name) ? 'in-progress' : 'open';
}

const isBlocksLink = (type: { name?: string | undefined; outward: string }): boolean => type.name?.toLowerCase() === 'blocks' || type.outward.toLowerCase() === 'blocks';

/**
 * Converts a Jira REST search export (`{issues: [{key, fields: {summary, status, labels, fixVersions,
 * issuelinks, duedate, resolutiondate, created}}]}`) into {@link Blocker}s. "Blocks" links become
 * `blocks`/`blockedBy`, other links `related`; fix versions named like a milestone id assign the
 * ticket to that milestone.
 * @param milestoneIds - ids of the known milestones.
 * @throws TrackingInputError listing every malformed entry as `file: issues[i].fields.x: message`.
 */
export function parseJiraExport(document: unknown, file: string, milestoneIds: ReadonlySet<string>): Blocker[] {
  const parsed = jiraExportSchema.safeParse(document);
  if (!parsed.success) throw new TrackingInputError(formatIssues(parsed.error.issues).map((i) => `${file}: ${i}`));
  const problems: string[] = [];
  const seen = new Set<string>();
  const blockers = parsed.data.issues.map((issue, i): Blocker => {
    const at = `issues[${i}]`;
    if (seen.has(issue.key)) problems.push(`${file}: ${at}.key: duplicate issue ${issue.key}`);
    seen.add(issue.key);
    const date = (field: 'duedate' | 'resolutiondate' | 'created') => {
      const text = issue.fields[field];
      if (text === undefined || text === null || text === '') return undefined;
      const day = parseTrackingDate(text);
      if (!day) problems.push(`${file}: ${at}.fields.${field}: not a valid date: ${JSON.stringify(text)} (issue ${issue.key})`);
      return day;
    };
    const blocks: string[] = [];
    const blockedBy: string[] = [];
    const related: string[] = [];
    issue.fields.issuelinks.forEach((link, j) => {
      const other = link.outwardIssue?.key ?? link.inwardIssue?.key;
      if (!other) {
        problems.push(`${file}: ${at}.fields.issuelinks[${j}]: has neither inwardIssue nor outwardIssue (issue ${issue.key})`);
        return;
      }
      if (link.outwardIssue && link.inwardIssue) problems.push(`${file}: ${at}.fields.issuelinks[${j}]: has both inwardIssue and outwardIssue (issue ${issue.key})`);
      if (other === issue.key) problems.push(`${file}: ${at}.fields.issuelinks[${j}]: links ${issue.key} to itself`);
      if (!isBlocksLink(link.type)) related.push(other);
      else if (link.outwardIssue) blocks.push(other);
      else blockedBy.push(other);
    });
    const status = statusOf(issue);
    const [created, due, resolved] = [date('created'), date('duedate'), date('resolutiondate')];
    if (resolved && status !== 'done' && status !== 'wont-fix') problems.push(`${file}: ${at}.fields.resolutiondate: set, but status ${issue.fields.status.name} is not done (issue ${issue.key})`);
    return {
      id: issue.key,
      ticket: issue.key,
      title: issue.fields.summary,
      labels: issue.fields.labels,
      status,
      statusName: issue.fields.status.name,
      milestones: issue.fields.fixVersions.map((v) => v.name).filter((n) => milestoneIds.has(n)),
      blocks,
      blockedBy,
      related,
      ...(created ? { created } : {}),
      ...(due ? { due } : {}),
      ...(resolved ? { resolved } : {}),
      source: { file, path: at },
    };
  });
  if (problems.length) throw new TrackingInputError(problems);
  return blockers;
}

/** Reads and converts a Jira export file (see {@link parseJiraExport}). */
export async function importJiraExport(file: string, milestoneIds: ReadonlySet<string>): Promise<Blocker[]> {
  return parseJiraExport(await readDocument(file), file, milestoneIds);
}
