import { describe, expect, it } from 'vitest';
import { expandArgs, isKnownPlaceholder, templatePlaceholders, usesDataId } from '../../../../ci_gen3/steps/arg-template.js';
import { StepTemplateError } from '../../../../ci_gen3/steps/step-template-error.js';

describe('argument templates', () => {
  it('expands run variables and data ID keys inside one element each', () => {
    const argv = expandArgs(['processCcd.py', '{gen2Root}', '--rerun', '{rerun}', '--id', 'visit={dataId.visit}', 'ccd={dataId.ccd}'], {
      vars: { gen2Root: '/data/DATA', rerun: 'ci' },
      dataId: { visit: 903334, ccd: 16 },
    });
    expect(argv).toEqual(['processCcd.py', '/data/DATA', '--rerun', 'ci', '--id', 'visit=903334', 'ccd=16']);
  });

  it('never splits or joins elements: shell metacharacters and spaces stay inside one argument', () => {
    const evil = '1; rm -rf / && echo $(whoami) `id` | cat > x';
    expect(expandArgs(['-d', "visit={dataId.visit} AND x='{dataId.visit}'"], { vars: {}, dataId: { visit: evil } })).toEqual(['-d', `visit=${evil} AND x='${evil}'`]);
  });

  it('{{ and }} are literal braces; placeholders are listed', () => {
    expect(expandArgs(['{{x}}', '{{{step}}}'], { vars: { step: 'isr' } })).toEqual(['{x}', '{isr}']);
    expect(templatePlaceholders('a{gen3Repo}b{dataId.visit}{{c}}')).toEqual(['gen3Repo', 'dataId.visit']);
    expect(usesDataId(['x', 'v={dataId.visit}'])).toBe(true);
    expect(usesDataId(['x', '{{dataId.visit}}'])).toBe(false);
    expect(isKnownPlaceholder('dataId.visit')).toBe(true);
    expect(isKnownPlaceholder('dataId.')).toBe(false);
    expect(isKnownPlaceholder('repo')).toBe(false);
  });

  it('bad braces and missing values are StepTemplateError', () => {
    expect(() => templatePlaceholders('a{b')).toThrow(StepTemplateError);
    expect(() => templatePlaceholders('a}b')).toThrow('unmatched "}" at offset 1');
    expect(() => expandArgs(['x', '{collection}'], { vars: {} })).toThrow('argument 1 ("{collection}"): no value for {collection}');
    expect(() => expandArgs(['{dataId.ccd}'], { vars: {}, dataId: { visit: 1 } })).toThrow('no value for {dataId.ccd}');
  });
});
