import { Gen2Template } from '../../gen2/templates/index.js';
import type { InstrumentDeclaration } from '../instrument-declaration.js';

/**
 * The Gen2 keys a dataset type's translator is built from, as obs_base does: every key of the
 * template including the `[%(hdu)d]` key (`Mapping.keys()`), plus the detector key that a
 * multi-extension handler adds per HDU (DECam `ccdnum`, CFHT `ccd`).
 * @throws TemplateError when the template is malformed.
 */
export function translatorKeys(declaration: Pick<InstrumentDeclaration, 'multiExtension'>, datasetType: string, template: string | Gen2Template): string[] {
  const t = typeof template === 'string' ? Gen2Template.parse(template) : template;
  const keys = new Set(t.keys.keys());
  for (const m of declaration.multiExtension ?? []) if (m.datasetTypes.includes(datasetType)) keys.add(m.detectorKey);
  return [...keys];
}
