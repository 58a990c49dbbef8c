import { expect, it } from 'vitest';
import { testConverter } from '../../../converters/test/index.js';
import { planConversion } from '../../../src/convert/plan/index.js';
import { UsageError } from '../../../src/errors.js';
import { describeFixtures, fixture } from '../../helpers/fixtures.js';

/**
 * obs_test's TestMapper never had a Gen3 instrument (`getGen3Instrument` is not defined for it, so the
 * reference `butler convert`, which needs `--instrument`, cannot convert it) and no reference Gen3
 * output exists. Our converter declares it without a Gen3 instrument (converters/test/README.md):
 * the reference's outcome is a refusal before anything is written, and so is ours.
 */
describeFixtures('conversion of the obs_test repository, as the reference', () => {
  it('refuses before writing anything: TestMapper has no Gen3 instrument', async () => {
    const attempt = planConversion({ gen2Root: fixture('obs_test/data/input'), converter: testConverter, policyPath: [fixture()] });
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(/has no Gen3 instrument for mapper TestMapper/);
  });
});
