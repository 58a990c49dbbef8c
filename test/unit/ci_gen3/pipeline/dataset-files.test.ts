import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDatasetFile } from '../../../../ci_gen3/pipeline/atomic-write.js';
import { readDatasetFile } from '../../../../ci_gen3/pipeline/read-dataset-file.js';
import { FileAccessError } from '../../../../src/errors.js';
import { writeFits } from '../../../../src/fits/fits-file.js';
import { FitsError } from '../../../../src/fits/errors.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

describe('dataset files of the reference butlers', () => {
  const dir = tmpDir('gen2to3-dataset-files-');
  const hdus = [{ kind: 'image' as const, data: new Float32Array([1, 2, 3, 4]), shape: [2, 2] }];

  it('are written atomically into new directories and read back as their format says', async () => {
    const fits = path.join(dir, 'calexp', '1000', 'calexp.fits');
    const config = path.join(dir, 'config', 'isr.py');
    expect(writeDatasetFile(fits, { format: 'fits', hdus })).toBe(statSync(fits).size);
    expect(writeDatasetFile(config, { format: 'config', text: 'config.doBias=True\n' })).toBe(statSync(config).size);
    expect(readFileSync(fits).equals(writeFits(hdus))).toBe(true);
    expect(readdirSync(path.dirname(fits))).toEqual(['calexp.fits']);
    expect(readdirSync(path.dirname(config))).toEqual(['isr.py']);
    const read = await readDatasetFile('fits', fits);
    expect(read.format === 'fits' && read.fits.hdus[0]?.rawData().equals(writeFits(hdus).subarray(2880, 2896))).toBe(true);
    expect(await readDatasetFile('config', config)).toEqual({ format: 'config', text: 'config.doBias=True\n', path: config });
  });

  it('report a file that cannot be written or read as a FileAccessError naming it, leaving no temporary file', async () => {
    const taken = path.join(dir, 'taken');
    mkdirSync(taken, { recursive: true });
    expect(() => writeDatasetFile(taken, { format: 'config', text: 'x' })).toThrow(FileAccessError);
    expect(() => writeDatasetFile(taken, { format: 'fits', hdus })).toThrow(FileAccessError);
    expect(readdirSync(dir).filter((name) => name.includes('.tmp-'))).toEqual([]);
    const missing = path.join(dir, 'missing.fits');
    await expect(readDatasetFile('fits', missing)).rejects.toThrow(FileAccessError);
    await expect(readDatasetFile('config', missing)).rejects.toThrow(/missing\.fits: cannot read/);
    await expect(readDatasetFile('fits', path.join(dir, 'config', 'isr.py'))).rejects.toThrow(FitsError);
  });
});
