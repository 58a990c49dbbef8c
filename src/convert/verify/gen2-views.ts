import path from 'node:path';
import { Gen2Butler, type Gen2Location } from '../../gen2/butler/gen2-butler.js';
import type { Gen2DataId } from '../../gen2/data-id.js';
import { Gen2LookupError } from '../../gen2/errors.js';
import type { Gen2Template } from '../../gen2/templates/index.js';
import type { Logger } from '../../log/logger.js';
import type { ConversionPlan, PlannedDataset, PlanSource } from '../plan/plan-model.js';

/** How the Gen2 side of one planned dataset was found. */
export type Gen2Lookup =
  | { readonly found: true; readonly location: Gen2Location; readonly byPlannedPath: false }
  | { readonly found: true; readonly location: { readonly path: string; readonly hdu: number | undefined; readonly dataId?: undefined }; readonly byPlannedPath: true }
  | { readonly found: false; readonly dataId: Gen2DataId | undefined; readonly reason: string };

const strip = (p: string) => p.replace(/\.(gz|fz)$/, '');

/**
 * The Gen2 Butlers of a plan's sources: the root (with the plan's calibration root) and one per
 * rerun (reading through its parents, as the Gen2 Butler did).
 */
export class Gen2Views {
  private constructor(
    readonly root: Gen2Butler,
    private readonly reruns: ReadonlyMap<string, Gen2Butler>,
  ) {}

  static async open(plan: ConversionPlan, policyPath: readonly string[], logger: Logger): Promise<Gen2Views> {
    const calib = plan.calibRoots[0];
    const root = await Gen2Butler.open(plan.gen2Root, { policyPath, ...(calib ? { calibRoot: calib } : {}), logger });
    const reruns = new Map<string, Gen2Butler>();
    try {
      for (const r of plan.reruns) reruns.set(r, await Gen2Butler.open(path.resolve(plan.gen2Root, r), { policyPath, ...(calib ? { calibRoot: calib } : {}), logger }));
    } catch (e) {
      root.close();
      for (const b of reruns.values()) b.close();
      throw e;
    }
    return new Gen2Views(root, reruns);
  }

  close(): void {
    this.root.close();
    for (const b of this.reruns.values()) b.close();
  }

  butlerFor(source: PlanSource): Gen2Butler {
    return source.startsWith('rerun:') ? (this.reruns.get(source.slice('rerun:'.length)) ?? this.root) : this.root;
  }

  /**
   * Finds a planned dataset through the Gen2 Butler: the data ID is read back from its relative
   * path with the mapper's template (the HDU from the plan), then `locate` completes it from the
   * registries and searches the repositories. Datasets whose type has no policy template matching
   * the path (reference catalogs, template overrides) fall back to the planned path.
   */
  locate(d: PlannedDataset): Gen2Lookup {
    const butler = this.butlerFor(d.source);
    let template: Gen2Template;
    try {
      template = butler.template(d.datasetType);
    } catch {
      return { found: true, location: { path: d.path, hdu: d.hdu }, byPlannedPath: true };
    }
    const dataId = template.match(d.relPath) ?? template.match(strip(d.relPath));
    if (!dataId) return { found: true, location: { path: d.path, hdu: d.hdu }, byPlannedPath: true };
    if (d.hdu !== undefined && template.hdu && 'key' in template.hdu) dataId[template.hdu.key] = d.hdu;
    try {
      return { found: true, location: butler.locate(d.datasetType, dataId), byPlannedPath: false };
    } catch (e) {
      if (e instanceof Gen2LookupError) return { found: false, dataId, reason: `Gen2 Butler: ${e.message}` };
      throw e;
    }
  }
}
