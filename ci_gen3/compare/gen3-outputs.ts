/**
 * Lists the outputs of the Gen3 side: registry `queryDatasets` of each dataset type in the output
 * collections (find-first, as a pipeline reads them), with the datastore file of each dataset.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { datasetUris } from '../../src/gen3/cli-support/dataset-uris.js';
import { Registry } from '../../src/gen3/registry/index.js';
import { openRepository } from '../../src/gen3/repo/index.js';
import { silentLogger, type Logger } from '../../src/log/logger.js';
import type { DataId } from '../../src/results/results-schema.js';
import { SideOutputsError } from './compare-errors.js';
import type { OutputFile, SideOutputs } from './side-outputs.js';

function plainDataId(dataId: Readonly<Record<string, string | number | bigint>>): DataId {
  return Object.fromEntries(Object.entries(dataId).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
}

/** Options of {@link listGen3Outputs}. */
export interface ListGen3OutputsOptions {
  /** The Gen3 repository root (`butler.yaml`). */
  repo: string;
  /** Collections searched, in order (e.g. the chained output collection). */
  collections: readonly string[];
  /** Gen3 dataset type names to list. */
  datasetTypes: readonly string[];
  logger?: Logger;
}

/**
 * Queries the registry for each dataset type; a type the registry does not know is reported in
 * `unknown`; a dataset without a datastore record, or whose file does not exist, is left out with a
 * warning (it is not an output of this side, so its data ID shows as Gen2-only).
 * @throws SideOutputsError when the repository cannot be opened.
 */
export async function listGen3Outputs(options: ListGen3OutputsOptions): Promise<SideOutputs> {
  const logger = options.logger ?? silentLogger;
  const root = path.resolve(options.repo);
  const location = `${root} [${options.collections.join(', ')}]`;
  if (!(await stat(root).then((s) => s.isDirectory(), () => false))) throw new SideOutputsError('gen3', root, 'repository directory not found');
  let repo;
  try {
    repo = await openRepository(root, { logger });
  } catch (err) {
    throw new SideOutputsError('gen3', root, `cannot open the Gen3 repository: ${(err as Error).message}`, { cause: err });
  }
  try {
    const registry = Registry.of(repo);
    const uris = await datasetUris(repo.db, root);
    const byType = new Map<string, OutputFile[]>();
    const unknown = new Map<string, string>();
    const existing: string[] = [];
    for (const c of options.collections) if (await registry.findCollection(c)) existing.push(c);
    for (const name of new Set(options.datasetTypes)) {
      if (!(await registry.findDatasetType(name))) {
        unknown.set(name, `dataset type ${name} is not registered in ${root}`);
        continue;
      }
      if (!existing.length) continue;
      const refs = await registry.queryDatasets(name, existing, { findFirst: true });
      const list: OutputFile[] = [];
      for (const ref of refs) {
        const uri = uris.get(ref.id);
        if (!uri?.startsWith('file:')) {
          logger.warn('gen3-dataset-without-file', { datasetType: name, id: ref.id, uri });
          continue;
        }
        const file = fileURLToPath(uri);
        if (!existsSync(file)) {
          // Registered but not written (or removed): not an output of this side.
          logger.warn('gen3-dataset-file-missing', { datasetType: name, id: ref.id, file });
          continue;
        }
        list.push({ dataId: plainDataId(ref.dataId), path: file });
      }
      byType.set(name, list);
    }
    return { side: 'gen3', location, byType, unknown };
  } finally {
    await repo.close();
  }
}
