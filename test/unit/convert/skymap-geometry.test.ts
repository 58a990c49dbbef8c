import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { coaddOf, parseGen2Patch, patchIndex, SkyMapConfigError, skyMapGeometry, skyMapRecords } from '../../../src/convert/skymap-geometry.js';

describe('skymap geometry from the conversion config', () => {
  it('derives the skymap record, per-tract grids and Gen2 "x,y" → index = y * nx + x', () => {
    const sha1 = 'ab'.repeat(20);
    const g = skyMapGeometry('rings', { tractMax: 3, patchNx: 4, patchNy: 2, tracts: { '2': { patchNx: 5, patchNy: 6 } }, sha1 });
    expect(g.grid(0)).toEqual({ nx: 4, ny: 2 });
    expect(g.grid(2)).toEqual({ nx: 5, ny: 6 });
    expect(g.grid(3)).toBeUndefined();
    expect(g.grid(-1)).toBeUndefined();
    const p = parseGen2Patch('3,1')!;
    expect(patchIndex(g.grid(0)!, p.x, p.y)).toBe(7);
    expect(patchIndex(g.grid(2)!, p.x, p.y)).toBe(8);
    expect(parseGen2Patch('3-1')).toBeUndefined();
    const r = skyMapRecords(g);
    expect(r.skymap).toEqual([{ name: 'rings', hash: Buffer.from(sha1, 'hex').toString('base64'), tract_max: 3, patch_nx_max: 5, patch_ny_max: 6 }]);
    expect(r.tract.map((t) => t.id)).toEqual([0, 1, 2]);
    expect(r.patch).toHaveLength(8 + 8 + 30);
    expect(r.patch.find((x) => x.tract === 0 && x.id === 7)).toEqual({ skymap: 'rings', tract: 0, id: 7, cell_x: 3, cell_y: 1, region: null });
    expect(new Set(r.patch.filter((x) => x.tract === 2).map((x) => x.id)).size).toBe(30);
  });

  it('hashes the geometry when no sha1 is given (stable, and different for another geometry)', () => {
    const a = skyMapGeometry('s', { tractMax: 1, patchNx: 2, patchNy: 2 });
    expect(a.hash).toBe(skyMapGeometry('s', { tractMax: 1, patchNx: 2, patchNy: 2 }).hash);
    expect(a.hash).not.toBe(skyMapGeometry('s', { tractMax: 1, patchNx: 3, patchNy: 2 }).hash);
    expect(Buffer.from(a.hash, 'base64')).toHaveLength(createHash('sha1').digest().length);
  });

  it('refuses incomplete or inconsistent geometry', () => {
    expect(() => skyMapGeometry('s', { tractMax: 1, patchNx: 0, patchNy: 2 })).toThrow(SkyMapConfigError);
    expect(() => skyMapGeometry('s', { patchNx: 1, patchNy: 2 } as never)).toThrow(/skyMaps.s.tractMax/);
    expect(() => skyMapGeometry('s', { tractMax: 1, patchNx: 1, patchNy: 1, tracts: { '5': { patchNx: 1, patchNy: 1 } } })).toThrow(/tracts.5/);
    expect(() => skyMapGeometry('s', { tractMax: 1, patchNx: 1, patchNy: 1, sha1: 'xyz' })).toThrow(/sha1/);
    expect(() => skyMapGeometry('s', { tractMax: 1, patchNx: 1, patchNy: 1, coadds: ['shallow'] })).toThrow(/unknown coadd/);
  });

  it('finds the coadd of a dataset type as the reference (deep by default)', () => {
    expect(coaddOf('goodSeeingCoadd_calexp')).toBe('goodSeeing');
    expect(coaddOf('dcrCoadd_calexp')).toBe('dcr');
    expect(coaddOf('deepCoadd_meas')).toBe('deep');
    expect(coaddOf('brightObjectMask')).toBe('deep');
  });
});
