import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DATASTORE_NAME,
  FileTemplates,
  NULL_COMPONENT,
  TransferBatch,
  TransferError,
  applyTransfer,
  datasetLocationRow,
  fileExtension,
  fileUri,
  ingestFiles,
  planTransfer,
  planTransfers,
  rowForEngine,
  type TransferMode,
  type TransferRequest,
} from '../../../../src/gen3/datastore/index.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

const base = tmpDir('gen2to3-transfer-');
let n = 0;

/** A fresh repo root and an outside source file. */
function setup(name = 'raw_1.fits', content = 'SIMPLE  =                    T'): { root: string; src: string } {
  const dir = path.join(base, String(n++));
  const root = path.join(dir, 'repo');
  mkdirSync(root, { recursive: true });
  mkdirSync(path.join(dir, 'data'));
  const src = path.join(dir, 'data', name);
  writeFileSync(src, content);
  return { root, src };
}

function request(source: string, id = '681440fd-153f-5883-a945-962529afd2e8', exposure = 2020010200001): TransferRequest {
  return {
    source,
    formatter: 'lsst.obs.dummy.DummyRawFormatter',
    ref: {
      datasetType: { name: 'raw', storageClass: 'Exposure', dimensions: { required: ['instrument', 'detector', 'exposure'], names: ['instrument', 'detector', 'exposure'] } },
      dataId: { instrument: 'DummyCam', detector: 1, exposure },
      run: 'DummyCam/raw/all',
      id,
    },
  };
}

/** Unexpanded data IDs cannot use the default templates (they need records); this one needs none. */
const templates = new FileTemplates({ default: '{run:/}/{datasetType}/{datasetType}_{instrument}_{detector}_{exposure}_{run}' });
const TARGET = 'DummyCam/raw/all/raw/raw_DummyCam_1_2020010200001_DummyCam_raw_all.fits';

/** Every file under `dir` (relative), to check that nothing is left behind. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('planTransfer (pure)', () => {
  it('direct records the absolute file:// URI and moves nothing', () => {
    const { root, src } = setup('raw 1#.fits');
    const plan = planTransfer(request(src), { templates, root, mode: 'direct' });
    expect(plan.operation).toBe('direct');
    expect(plan.recordPath).toBe(fileUri(src));
    expect(plan.recordPath).toMatch(/^file:\/\/\/.*\/raw%201%23\.fits$/);
  });

  it('auto: inside the root → in place (relative), outside → link into the template location, mixed → split', () => {
    const { root, src } = setup();
    const inside = path.join(root, 'ext', 'a.fits');
    const a = planTransfers([request(inside)], { templates, root });
    expect(a.plans[0]).toMatchObject({ operation: 'none', recordPath: 'ext/a.fits' });
    const b = planTransfers([request(src)], { templates, root });
    expect(b.plans[0]).toMatchObject({ operation: 'link', recordPath: TARGET });
    const c = planTransfers([request(inside), request(src)], { templates, root });
    expect(c.split).toBe(true);
    expect(c.plans.map((p) => p.operation)).toEqual(['none', 'direct']);
    expect(planTransfers([request('ext/a.fits')], { templates, root }).plans[0]?.recordPath).toBe('ext/a.fits');
  });

  it('keeps multi-part compressed extensions', () => {
    expect(fileExtension('/x/raw.fits.gz')).toBe('.fits.gz');
    expect(fileExtension('/x/a.b.fits')).toBe('.fits');
    expect(fileExtension('/x.d/raw')).toBe('');
    const { root, src } = setup('raw.fits.fz');
    expect(planTransfer(request(src), { templates, root, mode: 'copy' }).recordPath).toBe(TARGET.replace('.fits', '.fits.fz'));
  });
});

describe('applyTransfer: every mode', () => {
  const content = 'SIMPLE  =                    T';

  it.each<TransferMode>(['copy', 'move', 'hardlink', 'symlink', 'relsymlink', 'link'])('%s', async (mode) => {
    const { root, src } = setup();
    const srcIno = statSync(src).ino;
    const plan = planTransfer(request(src), { templates, root, mode });
    const record = await applyTransfer(plan);
    const target = path.join(root, TARGET);
    expect(readFileSync(target, 'utf8')).toBe(content);
    expect(record).toEqual({
      dataset_id: '681440fd-153f-5883-a945-962529afd2e8',
      path: TARGET,
      formatter: 'lsst.obs.dummy.DummyRawFormatter',
      storage_class: 'Exposure',
      component: NULL_COMPONENT,
      checksum: null,
      file_size: content.length,
    });
    switch (mode) {
      case 'copy':
        expect(statSync(target).ino).not.toBe(srcIno);
        expect(existsSync(src)).toBe(true);
        break;
      case 'move':
        expect(existsSync(src)).toBe(false);
        expect(statSync(target).ino).toBe(srcIno);
        break;
      case 'hardlink':
      case 'link':
        expect(lstatSync(target).isSymbolicLink()).toBe(false);
        expect(statSync(target).ino).toBe(srcIno);
        break;
      case 'symlink':
        expect(readlinkSync(target)).toBe(realpathSync(src));
        expect(path.isAbsolute(readlinkSync(target))).toBe(true);
        break;
      case 'relsymlink':
        expect(path.isAbsolute(readlinkSync(target))).toBe(false);
        expect(path.resolve(path.dirname(target), readlinkSync(target))).toBe(realpathSync(src));
        break;
    }
    expect(tree(path.dirname(target))).toEqual([path.basename(target)]); // no temporary files
  });

  it('symlinks point at the real file behind a symlinked source', async () => {
    const { root, src } = setup();
    const alias = path.join(path.dirname(src), 'alias.fits');
    symlinkSync(src, alias);
    await applyTransfer(planTransfer(request(alias), { templates, root, mode: 'symlink' }));
    expect(readlinkSync(path.join(root, TARGET))).toBe(realpathSync(src));
  });

  it('direct and in-place ingest touch no file; checksum is BLAKE2b-512 when enabled', async () => {
    const { root, src } = setup();
    const before = tree(root);
    const record = await applyTransfer(planTransfer(request(src), { templates, root, mode: 'direct' }), { checksum: true });
    expect(tree(root)).toEqual(before);
    expect(record.path).toBe(fileUri(src));
    expect(record.checksum).toBe(createHash('blake2b512').update(content).digest('hex'));
    const noInfo = await applyTransfer(planTransfer(request(src), { templates, root, mode: 'direct' }), { recordValidationInfo: false });
    expect(noInfo.file_size).toBe(-1);
  });

  it('a missing source fails with TransferError and leaves nothing behind', async () => {
    const { root, src } = setup();
    const plan = planTransfer(request(`${src}.missing`), { templates, root, mode: 'copy' });
    await expect(applyTransfer(plan)).rejects.toBeInstanceOf(TransferError);
    expect(tree(root)).toEqual([]);
  });

  it('a directory in the way of the target is an error and is left alone', async () => {
    const { root, src } = setup();
    mkdirSync(path.join(root, TARGET), { recursive: true });
    writeFileSync(path.join(root, TARGET, 'keep'), 'x');
    const before = tree(root);
    await expect(applyTransfer(planTransfer(request(src), { templates, root, mode: 'copy' }))).rejects.toThrow(/is a directory/);
    expect(tree(root)).toEqual(before);
    expect(existsSync(src)).toBe(true);
  });

  // A hard link across file systems fails after the target directories were created.
  const shm = '/dev/shm';
  const crossDevice = existsSync(shm) && statSync(shm).dev !== statSync(base).dev;
  it.skipIf(!crossDevice)('a failing file operation removes the directories and temporary files it made', async () => {
    const { root } = setup();
    const src = path.join(mkdtempSync(path.join(shm, 'gen2to3-')), 'raw_1.fits');
    writeFileSync(src, 'x');
    try {
      await expect(applyTransfer(planTransfer(request(src), { templates, root, mode: 'hardlink' }))).rejects.toBeInstanceOf(TransferError);
      expect(tree(root)).toEqual([]);
    } finally {
      rmSync(path.dirname(src), { recursive: true, force: true });
    }
  });
});

describe('TransferBatch rollback', () => {
  it('undoes copies, moves and replaced files when the database write fails', async () => {
    const { root, src } = setup();
    const src2 = path.join(path.dirname(src), 'raw_2.fits');
    writeFileSync(src2, 'two');
    // A different file already sits where the second dataset goes.
    const moved = planTransfer(request(src2, '385f6f2c-4451-5a96-855c-eae5fbef04b4', 7), { templates, root, mode: 'move' });
    mkdirSync(path.dirname(moved.target), { recursive: true });
    writeFileSync(moved.target, 'old');
    const before = tree(root);
    const copied = planTransfer(request(src), { templates, root, mode: 'copy' });
    await expect(
      ingestFiles([copied, moved], async (records) => {
        expect(records).toHaveLength(2);
        expect(readFileSync(moved.target, 'utf8')).toBe('two');
        throw new Error('database transaction failed');
      }),
    ).rejects.toThrow('database transaction failed');
    expect(tree(root)).toEqual(before);
    expect(readFileSync(moved.target, 'utf8')).toBe('old');
    expect(readFileSync(src2, 'utf8')).toBe('two');
    expect(existsSync(src)).toBe(true);
  });

  it('commit keeps the files and drops replaced ones', async () => {
    const { root, src } = setup();
    const plan = planTransfer(request(src), { templates, root, mode: 'copy' });
    mkdirSync(path.dirname(plan.target), { recursive: true });
    writeFileSync(plan.target, 'old');
    const { records } = await ingestFiles([plan], async () => 'ok');
    expect(records[0]?.path).toBe(TARGET);
    expect(readFileSync(plan.target, 'utf8')).toBe(content());
    expect(tree(path.dirname(plan.target))).toEqual([path.basename(plan.target)]);
    const batch = new TransferBatch();
    await batch.commit();
    await expect(batch.apply(plan)).rejects.toBeInstanceOf(TransferError);
  });

  it('refuses to replace with overwrite: false', async () => {
    const { root, src } = setup();
    const plan = planTransfer(request(src), { templates, root, mode: 'copy' });
    mkdirSync(path.dirname(plan.target), { recursive: true });
    writeFileSync(plan.target, 'old');
    await expect(applyTransfer(plan, { overwrite: false })).rejects.toThrow(/already exists/);
    expect(readFileSync(plan.target, 'utf8')).toBe('old');
  });
});

describe('TransferBatch.applyAll (concurrent)', () => {
  const perExposure = new FileTemplates({ default: '{run:/}/{datasetType}/{exposure}/{datasetType}_{instrument}_{detector}_{exposure}_{run}' });
  const id = (i: number) => `00000000-0000-5000-8000-${String(i).padStart(12, '0')}`;

  function sources(count: number): { root: string; srcs: string[] } {
    const { root, src } = setup();
    const srcs = Array.from({ length: count }, (_, i) => {
      const f = path.join(path.dirname(src), `raw_${i}.fits`);
      writeFileSync(f, `file ${i}`);
      return f;
    });
    return { root, srcs };
  }

  it.each<TransferMode>(['symlink', 'hardlink', 'copy'])('%s: returns the records in plan order, every file at its target', async (mode) => {
    const { root, srcs } = sources(60);
    const plans = srcs.map((f, i) => planTransfer(request(f, id(i), 2020010200000 + i), { templates: perExposure, root, mode }));
    const { records } = await ingestFiles(plans, async () => undefined, { concurrency: 8 });
    expect(records.map((r) => r.dataset_id)).toEqual(plans.map((p) => p.datasetId));
    expect(records.map((r) => r.file_size)).toEqual(srcs.map((_, i) => `file ${i}`.length));
    for (const [i, p] of plans.entries()) expect(readFileSync(p.target, 'utf8')).toBe(`file ${i}`);
    expect(tree(root).filter((f) => f.includes('.transfer-tmp-') || f.includes('.replaced-'))).toEqual([]);
  });

  it('a failure among many in flight undoes every file and every directory the batch made, and reports that failure', async () => {
    const { root, srcs } = sources(40);
    const plans = srcs.map((f, i) => planTransfer(request(i === 23 ? `${f}.missing` : f, id(i), 2020010200000 + i), { templates: perExposure, root, mode: 'symlink' }));
    await expect(ingestFiles(plans, async () => undefined, { concurrency: 6 })).rejects.toThrow(/raw_23\.fits\.missing/);
    expect(tree(root)).toEqual([]);
    for (const f of srcs) expect(existsSync(f)).toBe(true);
  });

  it('plans with one target run one after the other (the second finds the first and keeps it)', async () => {
    const { root, srcs } = sources(1);
    const plans = [0, 1, 2].map(() => planTransfer(request(srcs[0]!, id(1)), { templates: perExposure, root, mode: 'hardlink' }));
    const { records } = await ingestFiles(plans, async () => undefined, { concurrency: 4 });
    expect(records).toHaveLength(3);
    expect(statSync(plans[0]!.target).ino).toBe(statSync(srcs[0]!).ino);
    expect(readdirSync(path.dirname(plans[0]!.target))).toEqual([path.basename(plans[0]!.target)]);
  });
});

function content(): string {
  return 'SIMPLE  =                    T';
}

describe('datastore rows (README §7.3)', () => {
  it('dataset_location and engine spellings', () => {
    expect(datasetLocationRow('681440fd-153f-5883-a945-962529afd2e8')).toEqual({ datastore_name: DEFAULT_DATASTORE_NAME, dataset_id: '681440fd-153f-5883-a945-962529afd2e8' });
    expect(DEFAULT_DATASTORE_NAME).toBe('FileDatastore@<butlerRoot>');
    expect(rowForEngine(datasetLocationRow('681440fd-153f-5883-a945-962529afd2e8'), 'sqlite').dataset_id).toBe('681440fd153f5883a945962529afd2e8');
  });
});
