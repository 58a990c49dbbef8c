import { describe, expect, it } from 'vitest';
import { MetadataCache } from '../../../../src/gen3/db/index.js';

describe('MetadataCache', () => {
  it('memoises defined values and reloads after invalidate / forget', async () => {
    const cache = new MetadataCache();
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('k', load)).toBe(1);
    expect(await cache.get('k', load)).toBe(1);
    expect(await cache.get('u', async () => undefined)).toBeUndefined();
    expect(await cache.get('u', async () => 'now')).toBe('now');
    cache.forget('k');
    expect(await cache.get('k', load)).toBe(2);
    cache.invalidate();
    expect(await cache.get('k', load)).toBe(3);
  });

  it('a transaction that invalidated keeps its reads private and clears the shared memo when it ends', async () => {
    const root = new MetadataCache();
    expect(await root.get('k', async () => 'committed')).toBe('committed');
    const trx = root.forTransaction();
    expect(await trx.get('k', async () => 'other')).toBe('committed');
    trx.invalidate();
    expect(await trx.get('k', async () => 'uncommitted')).toBe('uncommitted');
    expect(await root.get('k', async () => 'reloaded')).toBe('reloaded');
    expect(await trx.get('k', async () => 'x')).toBe('uncommitted');
    trx.discard();
    expect(await root.get('k', async () => 'after rollback')).toBe('after rollback');
    const t2 = root.forTransaction();
    t2.invalidate();
    await t2.get('k', async () => 'new');
    t2.settle();
    expect(await root.get('k', async () => 'after commit')).toBe('after commit');
  });
});
