/**
 * Lists the outputs of the Gen2 side: the rerun directory's files classified by the mapper
 * templates (the same walker and templates conversion uses), giving each file's dataset type and
 * Gen2 data ID.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Gen2Butler } from '../../src/gen2/butler/gen2-butler.js';
import { fileDatasetTypes } from '../../src/gen2/policy/index.js';
import { Gen2Template } from '../../src/gen2/templates/index.js';
import { DEFAULT_WALK_RULES, walkGen2Tree } from '../../src/gen2/walker/index.js';
import { silentLogger, type Logger } from '../../src/log/logger.js';
import { SideOutputsError } from './compare-errors.js';
import type { OutputFile, SideOutputs } from './side-outputs.js';

/** Options of {@link listGen2Outputs}. */
export interface ListGen2OutputsOptions {
  /** The Gen2 repository holding the outputs (a rerun, whose `repositoryCfg.yaml` names its parent). */
  root: string;
  /** Gen2 dataset type names to list. */
  datasetTypes: readonly string[];
  /** Mapper policy search path. */
  policyPath: readonly string[];
  logger?: Logger;
}

/** What {@link listGen2Outputs} found, with the mapper class of the repository. */
export interface Gen2Outputs extends SideOutputs {
  readonly mapperClass: string;
}

/**
 * Walks `root` with the templates of the requested dataset types. Types the policy does not define
 * (or defines without a file template) are reported in `unknown`.
 * @throws SideOutputsError when the repository cannot be opened.
 */
export async function listGen2Outputs(options: ListGen2OutputsOptions): Promise<Gen2Outputs> {
  const logger = options.logger ?? silentLogger;
  const root = path.resolve(options.root);
  if (!(await stat(root).then((s) => s.isDirectory(), () => false))) throw new SideOutputsError('gen2', root, 'directory not found');
  let butler: Gen2Butler;
  try {
    butler = await Gen2Butler.open(root, { policyPath: options.policyPath, logger });
  } catch (err) {
    throw new SideOutputsError('gen2', root, `cannot open the Gen2 repository: ${(err as Error).message}`, { cause: err });
  }
  try {
    const mappings = new Map(fileDatasetTypes(butler.policy).map((m) => [m.name, m]));
    const unknown = new Map<string, string>();
    const specs = [];
    for (const name of new Set(options.datasetTypes)) {
      const m = mappings.get(name);
      if (!m?.template) {
        unknown.set(name, `the ${butler.mapper.className} policy defines no dataset type ${name} with a file template`);
        continue;
      }
      specs.push({ datasetType: name, template: Gen2Template.parse(m.template) });
    }
    const byType = new Map<string, OutputFile[]>();
    if (specs.length) {
      const walk = await walkGen2Tree(root, specs, DEFAULT_WALK_RULES);
      for (const t of walk.targets) {
        const list = byType.get(t.datasetType) ?? [];
        list.push({ dataId: { ...t.dataId }, path: path.join(root, t.relPath) });
        byType.set(t.datasetType, list);
      }
      logger.debug('gen2-outputs', { root, files: walk.totals.files, targets: walk.targets.length });
    }
    return { side: 'gen2', location: root, byType, unknown, mapperClass: butler.mapper.className };
  } finally {
    butler.close();
  }
}
