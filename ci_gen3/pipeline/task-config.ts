/**
 * Task configurations of the reference pipeline and their pex_config dumps (what `isr_config` /
 * `demoIsr_config` hold): `config.<field>=<python literal>` lines with the field docs as comments,
 * parseable by src/diff/config-dump.ts.
 */
import { PipelineError } from './errors.js';

/** A config field value: Python bool, int, float or str. */
export type ConfigValue = boolean | number | string;

/** One field of a task config. */
export interface ConfigField {
  readonly name: string;
  readonly type: 'bool' | 'int' | 'float' | 'str';
  readonly value: ConfigValue;
  readonly doc: string;
}

/** ISR: bias subtraction, flat division, saturation masking. */
export interface IsrConfig {
  readonly doBias: boolean;
  readonly doFlat: boolean;
  /** Raw level (ADU) at and above which a pixel is masked SAT. */
  readonly saturation: number;
}

/** Background subtraction and threshold detection. */
export interface DetectConfig {
  /** Background cell size in pixels. */
  readonly backgroundBinSize: number;
  /** Detection threshold in units of the per-pixel noise (sqrt of the variance). */
  readonly thresholdValue: number;
  /** Footprints with fewer pixels are dropped. */
  readonly minPixels: number;
}

/** Default ISR config. */
export const DEFAULT_ISR_CONFIG: IsrConfig = { doBias: true, doFlat: true, saturation: 65535 };
/** Default detection config. */
export const DEFAULT_DETECT_CONFIG: DetectConfig = { backgroundBinSize: 32, thresholdValue: 5, minPixels: 5 };

/** The fields of the ISR config, in dump order. */
export function isrConfigFields(c: IsrConfig): ConfigField[] {
  return [
    { name: 'doBias', type: 'bool', value: c.doBias, doc: 'Apply bias subtraction.' },
    { name: 'doFlat', type: 'bool', value: c.doFlat, doc: 'Apply flat field correction.' },
    { name: 'saturation', type: 'float', value: c.saturation, doc: 'Saturation level in ADU.' },
  ];
}

/** The fields of the detection config, in dump order. */
export function detectConfigFields(c: DetectConfig): ConfigField[] {
  return [
    { name: 'background.binSize', type: 'int', value: c.backgroundBinSize, doc: 'Background cell size in pixels.' },
    { name: 'thresholdValue', type: 'float', value: c.thresholdValue, doc: 'Detection threshold in units of the pixel noise.' },
    { name: 'minPixels', type: 'int', value: c.minPixels, doc: 'Minimum number of pixels in a footprint.' },
  ];
}

/** Python literal of a config value. @throws PipelineError for a value that does not fit the type. */
export function pythonLiteral(field: ConfigField): string {
  const { value, type } = field;
  const bad = () => new PipelineError(`config field ${field.name}: ${JSON.stringify(value)} is not a ${type}`);
  switch (type) {
    case 'bool':
      if (typeof value !== 'boolean') throw bad();
      return value ? 'True' : 'False';
    case 'int':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw bad();
      return String(value);
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw bad();
      return Number.isInteger(value) ? `${value}.0` : String(value);
    case 'str':
      if (typeof value !== 'string') throw bad();
      return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  }
}

/**
 * A pex_config dump: the import and type assertion a real dump starts with, then every field with
 * its doc as a comment.
 * @param pythonClass dotted config class (`gen2to3.pipeline.isr.IsrConfig`).
 */
export function dumpConfig(pythonClass: string, fields: readonly ConfigField[]): string {
  const module = pythonClass.slice(0, pythonClass.lastIndexOf('.'));
  const lines = [
    `import ${module}`,
    `assert type(config)==${pythonClass}, 'config is of type %s.%s instead of ${pythonClass}' % (type(config).__module__, type(config).__name__)`,
  ];
  for (const f of fields) lines.push(`# ${f.doc}`, `config.${f.name}=${pythonLiteral(f)}`);
  return `${lines.join('\n')}\n`;
}
