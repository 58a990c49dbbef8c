/**
 * SAMPLE DATA: builds a Jira REST search export (`GET /rest/api/2/search?jql=labels=gen2-deprecation-blocker`)
 * shaped like a real response (expand/startAt/maxResults/total, `self` links, status categories with
 * id/key/colorName, fixVersions, issuelinks with link type ids, `+0000` offsets). Ticket keys are
 * in a SAMPLE- project so they cannot be mistaken for real DM tickets.
 */
interface SampleIssue {
  key: string;
  summary: string;
  category: 'new' | 'indeterminate' | 'done';
  status: string;
  labels?: string[];
  fixVersions?: string[];
  blocks?: string[];
  blockedBy?: string[];
  relates?: string[];
  duedate?: string | null;
  resolutiondate?: string | null;
  created?: string;
}

const BASE = 'https://jira.example.invalid';
const CATEGORIES = {
  new: { self: `${BASE}/rest/api/2/statuscategory/2`, id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { self: `${BASE}/rest/api/2/statuscategory/4`, id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { self: `${BASE}/rest/api/2/statuscategory/3`, id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;
const BLOCKS = { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks', self: `${BASE}/rest/api/2/issueLinkType/10000` };
const RELATES = { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to', self: `${BASE}/rest/api/2/issueLinkType/10003` };

function issue(i: SampleIssue, n: number): unknown {
  const ref = (key: string) => ({ id: String(90000 + key.length), key, self: `${BASE}/rest/api/2/issue/${key}`, fields: { summary: `linked ${key}`, status: { name: 'To Do' } } });
  return {
    expand: 'operations,versionedRepresentations,editmeta,changelog,renderedFields',
    id: String(100000 + n),
    self: `${BASE}/rest/api/2/issue/${100000 + n}`,
    key: i.key,
    fields: {
      summary: i.summary,
      status: { self: `${BASE}/rest/api/2/status/${n + 1}`, description: '', name: i.status, id: String(n + 1), statusCategory: CATEGORIES[i.category] },
      labels: i.labels ?? ['gen2-deprecation-blocker'],
      fixVersions: (i.fixVersions ?? []).map((name, k) => ({ self: `${BASE}/rest/api/2/version/${k}`, id: String(k), name, archived: false, released: false })),
      issuelinks: [
        ...(i.blocks ?? []).map((key, k) => ({ id: `${n}${k}1`, self: `${BASE}/rest/api/2/issueLink/${n}${k}1`, type: BLOCKS, outwardIssue: ref(key) })),
        ...(i.blockedBy ?? []).map((key, k) => ({ id: `${n}${k}2`, self: `${BASE}/rest/api/2/issueLink/${n}${k}2`, type: BLOCKS, inwardIssue: ref(key) })),
        ...(i.relates ?? []).map((key, k) => ({ id: `${n}${k}3`, self: `${BASE}/rest/api/2/issueLink/${n}${k}3`, type: RELATES, outwardIssue: ref(key) })),
      ],
      duedate: i.duedate ?? null,
      resolutiondate: i.resolutiondate ?? null,
      created: i.created ?? '2020-01-15T09:30:00.000+0000',
    },
  };
}

/** A well-formed export: blockers of the DM-DAX gates, with blocking and relates links. */
export function sampleJiraExport(): { expand: string; startAt: number; maxResults: number; total: number; issues: unknown[] } {
  const issues: SampleIssue[] = [
    { key: 'SAMPLE-101', summary: 'Quantum-graph executor for batch processing', category: 'done', status: 'Done', fixVersions: ['DM-DAX-8'], resolutiondate: '2020-04-20T17:02:11.000+0000', blocks: ['SAMPLE-108'] },
    { key: 'SAMPLE-102', summary: 'Port pipe_analysis', category: 'indeterminate', status: 'In Progress', fixVersions: ['DM-DAX-12', 'v21.0.0'], duedate: '2020-05-15' },
    { key: 'SAMPLE-103', summary: 'Port jointcal', category: 'done', status: 'Done', fixVersions: ['DM-DAX-12'], resolutiondate: '2020-03-02T11:00:00.000+0000' },
    { key: 'SAMPLE-104', summary: 'Separate ingest from visit definition', category: 'new', status: 'To Do', fixVersions: ['DM-DAX-12'], blockedBy: ['SAMPLE-103'], relates: ['DM-99999'] },
    { key: 'SAMPLE-105', summary: 'Obsolete approach', category: 'done', status: "Won't Fix", fixVersions: ['DM-DAX-12'], resolutiondate: '2020-02-01T08:00:00.000+0000' },
    { key: 'SAMPLE-108', summary: 'Optimise large-scale running', category: 'new', status: 'Open', fixVersions: ['DM-DAX-13'], blockedBy: ['SAMPLE-101', 'SAMPLE-777'] },
  ];
  return { expand: 'names,schema', startAt: 0, maxResults: 50, total: issues.length, issues: issues.map(issue) };
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The export with entries that do not match the REST shape: a bad key, a missing status. */
export function malformedJiraExport(): unknown {
  const doc = sampleJiraExport();
  const issues = doc.issues as Json[];
  issues[3]!.key = 'not a key';
  delete issues[4]!.fields.status;
  return doc;
}

/** The export with well-shaped entries whose values are wrong: a bad due date, a link without an issue, a self link. */
export function badValuesJiraExport(): unknown {
  const doc = sampleJiraExport();
  const issues = doc.issues as Json[];
  issues[1]!.fields.duedate = '15/05/2020';
  issues[2]!.fields.issuelinks.push({ id: '1', type: BLOCKS });
  issues[5]!.fields.issuelinks.push({ id: '2', type: BLOCKS, outwardIssue: { key: 'SAMPLE-108' } });
  return doc;
}
