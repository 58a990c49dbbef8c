/**
 * zod schemas of the tracked record as written in `reports/milestones.yaml` and
 * `reports/blockers.yaml` (`formatVersion: 1`).
 */
import { z } from 'zod';
import { parseTrackingDate } from './tracking-date.js';

/** The format version of milestones.yaml and blockers.yaml. */
export const TRACKING_FORMAT_VERSION = 1;

const name = z.string({ error: 'expected a string' }).min(1, { error: 'expected a non-empty string' });
const trackingDate = z
  .string({ error: 'expected a date YYYY-MM-DD or a month YYYY-MM (quote it)' })
  .refine((s) => parseTrackingDate(s) !== undefined, { error: (i) => `not a valid date: ${JSON.stringify(i.input)} (expected YYYY-MM-DD or YYYY-MM)` });
const ids = z.array(name).default([]);
const TICKET = /^[A-Z][A-Z0-9]+-\d+$/;

/** One milestone as written. */
export const writtenMilestoneSchema = z.strictObject({
  id: name,
  title: name,
  due: trackingDate,
  description: z.string().optional(),
  provenance: z.string().optional(),
  requires: ids,
  evidence: z
    .strictObject({
      parity: z
        .array(
          z.strictObject({
            suite: name,
            instrument: name.optional(),
            datasetType: name.optional(),
            kind: z.enum(['conversion', 'processing']).optional(),
          }),
        )
        .default([]),
      blockers: ids,
    })
    .default({ parity: [], blockers: [] }),
});

/** milestones.yaml. */
export const writtenMilestonesSchema = z.strictObject({
  formatVersion: z.literal(TRACKING_FORMAT_VERSION, { error: `expected formatVersion ${TRACKING_FORMAT_VERSION}` }),
  note: z.string().optional(),
  milestones: z.array(writtenMilestoneSchema),
});

/** One blocker as written. */
export const writtenBlockerSchema = z.strictObject({
  id: name,
  ticket: z.union([z.string().regex(TICKET, { error: 'expected a Jira key like DM-12345' }), z.null()], { error: 'expected a Jira key like DM-12345, or null when there is none' }),
  ticketNote: z.string().optional(),
  title: name,
  labels: z.array(name).default([]),
  status: z.enum(['open', 'in-progress', 'done', 'wont-fix']),
  statusNote: z.string().optional(),
  milestones: ids,
  blocks: ids,
  blockedBy: ids,
  related: z.array(z.string().regex(TICKET, { error: 'expected a Jira key like DM-12345' })).default([]),
  created: trackingDate.optional(),
  due: trackingDate.optional(),
  resolved: trackingDate.optional(),
  note: z.string().optional(),
});

/** blockers.yaml. */
export const writtenBlockersSchema = z.strictObject({
  formatVersion: z.literal(TRACKING_FORMAT_VERSION, { error: `expected formatVersion ${TRACKING_FORMAT_VERSION}` }),
  note: z.string().optional(),
  blockers: z.array(writtenBlockerSchema),
});

/** Jira REST search export (`/rest/api/2/search` response), only the fields we read. */
export const jiraExportSchema = z.object({
  issues: z.array(
    z.object({
      key: z.string({ error: 'expected the issue key' }).regex(TICKET, { error: 'expected a Jira key like DM-12345' }),
      fields: z.object(
        {
          summary: z.string({ error: 'expected the summary text' }),
          status: z.object(
            {
              name: z.string({ error: 'expected the status name' }),
              statusCategory: z.object({ key: z.string().optional(), name: z.string().optional() }, { error: 'expected {key, name}' }).optional(),
            },
            { error: 'expected {name, statusCategory}' },
          ),
          labels: z.array(z.string()).default([]),
          fixVersions: z.array(z.object({ name: z.string() })).default([]),
          issuelinks: z
            .array(
              z.object({
                type: z.object({ name: z.string().optional(), inward: z.string(), outward: z.string() }, { error: 'expected {name, inward, outward}' }),
                inwardIssue: z.object({ key: z.string().regex(TICKET, { error: 'expected a Jira key' }) }).optional(),
                outwardIssue: z.object({ key: z.string().regex(TICKET, { error: 'expected a Jira key' }) }).optional(),
              }),
            )
            .default([]),
          duedate: z.union([z.string(), z.null()]).optional(),
          resolutiondate: z.union([z.string(), z.null()]).optional(),
          created: z.union([z.string(), z.null()]).optional(),
        },
        { error: 'expected the issue fields' },
      ),
    }),
    { error: 'expected an issues array' },
  ),
});
export type JiraExport = z.infer<typeof jiraExportSchema>;
