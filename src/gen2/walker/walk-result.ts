import type { Gen2DataId } from '../data-id.js';
import type { TemplateHdu } from '../templates/template.js';

/** A file recognised as a dataset. */
export interface WalkTarget {
  readonly datasetType: string;
  /** The data ID parsed from the path (without the HDU key, which paths do not carry). */
  readonly dataId: Gen2DataId;
  /** Path relative to the walk root, `/`-separated. */
  readonly relPath: string;
  /** The template's HDU selector; with a key, the HDU comes from the full data ID (e.g. the registry). */
  readonly hdu: TemplateHdu | undefined;
  /** `.gz` or `.fz` when the file matched a `.fits` template with that extra suffix. */
  readonly compressedSuffix: '.gz' | '.fz' | undefined;
}

/** A directory skipped by a {@link SkipDirRule}, counted as one entry. */
export interface WalkSkipped {
  readonly relPath: string;
  readonly reason: string;
  /** Files under it (symlinks followed, loops cut). */
  readonly count: number;
}

/** A file or directory matched by an {@link IgnoreRule}. Ignored directories are not entered. */
export interface WalkIgnored {
  readonly relPath: string;
  readonly rule: string;
  /** Always 1: the entry itself. */
  readonly count: number;
}

/**
 * Everything in one directory that no template matches: files, and subdirectories that no
 * template can match at that depth (pruned, listed as `name/`).
 */
export interface WalkUnrecognized {
  /** Directory relative to the walk root; `.` for the root. */
  readonly dir: string;
  /** Sorted basenames; pruned subdirectories end in `/`. */
  readonly entries: readonly string[];
  /** Files: the unrecognized files here plus every file under the pruned subdirectories. */
  readonly count: number;
}

/** Why an entry could not be classified by name. */
export type WalkProblem = 'dangling-symlink' | 'symlink-loop' | 'unreadable';

/** An entry that could not be followed: a dangling symlink, a directory symlink loop, an unreadable directory. */
export interface WalkBroken {
  readonly relPath: string;
  readonly problem: WalkProblem;
  /** Symlink target or system error message. */
  readonly detail: string;
}

/** A file that matched the templates of several dataset types. */
export interface WalkAmbiguity {
  readonly relPath: string;
  /** The dataset type it was assigned to: most literal characters in the template, then earliest target. */
  readonly chosen: string;
  /** Every dataset type whose template matched, in target order. */
  readonly candidates: readonly string[];
}

/**
 * Counts of a walk. Every file under the root (symlinks to files included, directory symlinks
 * followed) is counted exactly once: `files = targets + skipped + ignored + unrecognized + broken`.
 */
export interface WalkTotals {
  readonly files: number;
  readonly targets: number;
  /** Files under skipped directories. */
  readonly skipped: number;
  readonly ignored: number;
  readonly unrecognized: number;
  readonly broken: number;
  /** Targets that matched more than one dataset type (a subset of `targets`). */
  readonly ambiguous: number;
  /** Directories read, including those only counted. */
  readonly directories: number;
}

/** The classification of every entry under a Gen2 repository root, in depth-first name order. */
export interface WalkResult {
  readonly root: string;
  readonly targets: readonly WalkTarget[];
  readonly skipped: readonly WalkSkipped[];
  readonly ignored: readonly WalkIgnored[];
  readonly unrecognized: readonly WalkUnrecognized[];
  readonly broken: readonly WalkBroken[];
  readonly ambiguities: readonly WalkAmbiguity[];
  /** Number of targets per dataset type. */
  readonly countsByDatasetType: ReadonlyMap<string, number>;
  readonly totals: WalkTotals;
}
