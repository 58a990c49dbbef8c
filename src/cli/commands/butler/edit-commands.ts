import type { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import { UsageError } from '../../../errors.js';
import type { Registry } from '../../../gen3/registry/index.js';
import { isoToTaiNs, makeTimespan } from '../../../gen3/time/index.js';
import type { CliContext } from '../../context.js';
import { globRegExp, splitCommas, withRegistry } from './shared.js';

/** Non-chained members of `names`, chains flattened depth-first, each once (daf_butler `flatten_chains`). */
async function flattenChildren(registry: Registry, names: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const visit = async (name: string): Promise<void> => {
    const c = await registry.getCollection(name);
    if (c.type === 'CHAINED') for (const child of await registry.getCollectionChain(name)) await visit(child);
    else if (!out.includes(name)) out.push(name);
  };
  for (const n of names) await visit(n);
  return out;
}

/** The CHAINED collections that have `child` as a direct child, newest first (as daf_butler lists them). */
async function parentsOf(registry: Registry, child: string): Promise<string[]> {
  const chains = await registry.queryCollections({ types: ['CHAINED'], chains: 'NO-CHILDREN' });
  const out: string[] = [];
  for (const c of chains) if ((await registry.getCollectionChain(c.name)).includes(child)) out.push(c.name);
  return out.reverse();
}

/** Asks on stdout, reads one line of stdin; no answer (end of input) is "no". */
async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const closed = new Promise<string>((resolve) => rl.once('close', () => resolve('')));
    const answer = await Promise.race([rl.question(`${question} [y/N]: `), closed]);
    return ['y', 'yes'].includes(answer.trim().toLowerCase());
  } catch {
    return false;
  } finally {
    rl.close();
  }
}

interface ChainOpts {
  doc?: string;
  flatten?: boolean;
  mode: string;
}

/** `register-dataset-type`, `collection-chain`, `certify-calibrations`, `remove-runs`. */
export function registerEditCommands(butler: Command, context: () => CliContext, setExit: (code: number) => void): void {
  butler
    .command('register-dataset-type')
    .description('register a dataset type (daf_butler `butler register-dataset-type`)')
    .argument('<repo>', 'repository root')
    .argument('<dataset-type>', 'dataset type name (not a component)')
    .argument('<storage-class>', 'storage class name')
    .argument('[dimensions...]', 'dimensions (may be empty)')
    .option('--is-calibration', 'the dataset type can be certified into CALIBRATION collections')
    .option('--no-is-calibration', 'not a calibration dataset type (default)')
    .action(async (repo: string, name: string, storageClass: string, dimensions: string[], opts: { isCalibration?: boolean }) => {
      const ctx = context();
      if (name.includes('.')) throw new UsageError(`Component dataset types are created automatically by their composites: ${name}`);
      const fresh = await withRegistry(repo, (registry) => registry.registerDatasetType({ name, dimensions: splitCommas(dimensions), storageClass, isCalibration: opts.isCalibration === true }));
      ctx.out(fresh ? 'Dataset type successfully registered.' : 'Dataset type already existed in identical form.');
    });

  butler
    .command('collection-chain')
    .description('define or modify a CHAINED collection (daf_butler `butler collection-chain`); prints the resulting chain')
    .argument('<repo>', 'repository root')
    .argument('<parent>', 'the CHAINED collection (created by redefine/extend/prepend when missing)')
    .argument('[children...]', 'child collections (comma-separated allowed); for pop, indices (negative from the end, after --)')
    .option('--doc <text>', 'documentation of a newly created chain')
    .option('--flatten', 'flatten nested CHAINED children first (redefine, extend, prepend)')
    .option('--no-flatten', 'keep CHAINED children as they are (default)')
    .option('--mode <mode>', 'redefine | extend | remove | prepend | pop', 'redefine')
    .action(async (repo: string, parent: string, rawChildren: string[], opts: ChainOpts) => {
      const ctx = context();
      const mode = opts.mode.toLowerCase();
      if (!['redefine', 'extend', 'remove', 'prepend', 'pop'].includes(mode)) throw new UsageError(`--mode ${opts.mode}: one of redefine, extend, remove, prepend, pop`);
      let children = splitCommas(rawChildren);
      const chain = await withRegistry(repo, (registry) =>
        registry.transaction(async (r) => {
          if (children.length === 0 && mode !== 'pop') throw new UsageError(`Must provide children when defining a collection chain in mode ${mode}.`);
          if (!(await r.findCollection(parent))) {
            if (!['redefine', 'extend', 'prepend'].includes(mode)) throw new UsageError(`Mode '${mode}' requires that the collection exists but collection '${parent}' is not known to this registry`);
            await r.registerCollection(parent, 'CHAINED', opts.doc ? opts.doc : undefined);
          }
          if (opts.flatten) {
            if (!['redefine', 'extend', 'prepend'].includes(mode)) throw new UsageError(`'flatten' flag is not allowed for ${mode}`);
            children = await flattenChildren(r, children);
          }
          const current = await r.getCollectionChain(parent);
          for (const c of mode === 'pop' ? [] : children) await r.getCollection(c);
          let next: string[];
          if (mode === 'redefine') next = children;
          else if (mode === 'extend') next = [...current.filter((c) => !children.includes(c)), ...children];
          else if (mode === 'prepend') next = [...children, ...current.filter((c) => !children.includes(c))];
          else if (mode === 'remove') next = current.filter((c) => !children.includes(c));
          else {
            const indices = (children.length === 0 ? ['0'] : children).map((s) => {
              const i = Number(s);
              if (!Number.isInteger(i)) throw new UsageError(`pop wants integer indices, got ${s}`);
              const k = i < 0 ? current.length + i : i;
              if (k < 0 || k >= current.length) throw new UsageError(`Index ${i} is out of range for chain ${parent} of length ${current.length}`);
              return k;
            });
            next = current.filter((_c, k) => !indices.includes(k));
          }
          await r.setCollectionChain(parent, [...new Set(next)]);
          return r.getCollectionChain(parent);
        }),
      );
      ctx.out(`[${chain.join(', ')}]`);
    });

  butler
    .command('certify-calibrations')
    .description('certify the datasets of a type from INPUT_COLLECTION into the CALIBRATION OUTPUT_COLLECTION (daf_butler `butler certify-calibrations`)')
    .argument('<repo>', 'repository root')
    .argument('<input-collection>', 'collection holding the datasets (a CHAINED one: its first child unless --search-all-inputs)')
    .argument('<output-collection>', 'CALIBRATION collection (registered when missing)')
    .argument('<dataset-type-name>', 'dataset type to certify')
    .option('--begin-date <iso>', 'ISO-8601 TAI start of validity (default unbounded)')
    .option('--end-date <iso>', 'ISO-8601 TAI end of validity (default unbounded)')
    .option('--search-all-inputs', 'search every child of a CHAINED input collection')
    .action(async (repo: string, input: string, output: string, datasetType: string, opts: { beginDate?: string; endDate?: string; searchAllInputs?: boolean }) => {
      const begin = opts.beginDate === undefined ? null : isoToTaiNs(opts.beginDate, 'tai');
      const end = opts.endDate === undefined ? null : isoToTaiNs(opts.endDate, 'tai');
      await withRegistry(repo, (registry) =>
        registry.transaction(async (r) => {
          let source = input;
          if (!opts.searchAllInputs && (await r.getCollection(input)).type === 'CHAINED') {
            const first = (await r.getCollectionChain(input))[0];
            if (first === undefined) throw new UsageError(`No inputs found for dataset ${datasetType} in ${input} (an empty chain).`);
            source = first;
          }
          const refs = await r.queryDatasets(datasetType, [source]);
          if (refs.length === 0) throw new UsageError(`No inputs found for dataset ${datasetType} in ${source}.`);
          await r.registerCollection(output, 'CALIBRATION');
          await r.certify(output, refs, makeTimespan(begin, end));
        }),
      );
    });

  butler
    .command('remove-runs')
    .description('remove RUN collections matching a glob and their datasets (daf_butler `butler remove-runs`; datastore files are left in place)')
    .argument('<repo>', 'repository root')
    .argument('<collection>', 'glob matching the RUN collections to remove')
    .option('--confirm', 'print what will be removed and ask before removing (default)')
    .option('--no-confirm', 'remove without asking')
    .option('--force', 'with --no-confirm: also unlink the runs from their parent CHAINED collections')
    .action(async (repo: string, collection: string, opts: { confirm?: boolean; force?: boolean }) => {
      const ctx = context();
      await withRegistry(repo, async (registry) => {
        const pattern = globRegExp(collection);
        const runs = (await registry.queryCollections({ types: ['RUN'], chains: 'NO-CHILDREN' })).filter((c) => pattern.test(c.name)).map((c) => c.name).sort();
        if (runs.length === 0) {
          ctx.out('No RUN collections were found.');
          return;
        }
        const withParents = await Promise.all(runs.map(async (name) => ({ name, parents: await parentsOf(registry, name) })));
        const counts = new Map<string, number>();
        for (const type of await registry.queryDatasetTypes()) {
          const n = (await registry.queryDatasets(type.name, runs)).filter((ref) => runs.includes(ref.run)).length;
          if (n > 0) counts.set(type.name, n);
        }
        const quoted = (ps: string[]): string => ps.map((p) => `"${p}"`).join(', ');
        const describe = (will: boolean): void => {
          ctx.out(will ? 'The following RUN collections will be removed:' : 'The following RUN collections were removed:');
          for (const r of withParents) ctx.out(r.parents.length > 0 ? `${r.name}: ${will ? 'will be unlinked from' : 'was removed and unlinked from'} ${quoted(r.parents)}` : r.name);
          ctx.out(will ? '\nThe following datasets will be removed:' : 'The following datasets were removed:');
          ctx.out([...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([t, n]) => `${t}(${n})`).join(', '));
          ctx.out(`Total number of datasets to remove:  ${[...counts.values()].reduce((a, b) => a + b, 0)}`);
        };
        const remove = () =>
          registry.transaction(async (r) => {
            for (const run of withParents) for (const p of run.parents) await r.setCollectionChain(p, (await r.getCollectionChain(p)).filter((c) => c !== run.name));
            await r.removeRuns(runs);
          });
        if (opts.confirm !== false) {
          describe(true);
          if (await confirm('Continue?')) {
            await remove();
            ctx.out('Removed collections');
          } else ctx.out('Aborted.');
          return;
        }
        if (withParents.some((r) => r.parents.length > 0) && !opts.force) {
          ctx.out('Removing runs that are in parent CHAINED collections requires confirmation. \nTry again without --no-confirm to confirm removal of RUN collections from parents, or add the --force flag to skip confirmation.');
          for (const r of withParents) if (r.parents.length > 0) ctx.out(`${r.name}: must be unlinked from ${quoted(r.parents)}`);
          setExit(1);
          return;
        }
        await remove();
        describe(false);
      });
    });
}
