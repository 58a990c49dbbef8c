/**
 * ISR-like correction: `(raw − bias) / flat` per pixel, SAT where the raw reaches the saturation
 * level, NO_DATA|BAD where the flat is not positive, and a variance from the gain and read noise in
 * the raw header. All arithmetic is float64 rounded once to float32, so the same inputs give the
 * same bytes on both generations.
 */
import { PipelineError } from '../errors.js';
import { maskBit, STRUCTURAL, type MaskedImage, type MetadataCard, type PlainImage } from '../masked-image.js';
import type { IsrConfig } from '../task-config.js';

/** The calibrations ISR applies (undefined when the config turns a step off). */
export interface IsrCalibrations {
  readonly bias?: PlainImage;
  readonly flat?: PlainImage;
}

function sameShape(what: string, a: PlainImage, b: PlainImage): void {
  if (a.width !== b.width || a.height !== b.height) throw new PipelineError(`${what} is ${b.width}×${b.height}, the raw is ${a.width}×${a.height}`);
}

function calibDate(image: PlainImage | undefined): string {
  return image?.header.getString('CALIBDATE')?.trim() ?? 'NONE';
}

/**
 * Corrects one raw.
 * @throws PipelineError when a calibration has another shape or the raw header lacks GAIN/RDNOISE.
 */
export function isrCorrect(raw: PlainImage, calibs: IsrCalibrations, config: IsrConfig): MaskedImage {
  const { width, height } = raw;
  const bias = config.doBias ? calibs.bias : undefined;
  const flat = config.doFlat ? calibs.flat : undefined;
  if (config.doBias && !bias) throw new PipelineError('doBias is set but no bias was given');
  if (config.doFlat && !flat) throw new PipelineError('doFlat is set but no flat was given');
  if (bias) sameShape('the bias', raw, bias);
  if (flat) sameShape('the flat', raw, flat);
  const gain = raw.header.getNumber('GAIN');
  const readNoise = raw.header.getNumber('RDNOISE');
  if (gain === undefined || !(gain > 0) || readNoise === undefined) throw new PipelineError('the raw header has no positive GAIN or no RDNOISE');
  const n = width * height;
  const image = new Float32Array(n);
  const mask = new Int32Array(n);
  const variance = new Float32Array(n);
  const sat = maskBit('SAT');
  const noData = maskBit('NO_DATA') | maskBit('BAD');
  const readVar = (readNoise / gain) ** 2;
  for (let i = 0; i < n; i++) {
    const r = raw.pixels[i]!;
    let v = r - (bias ? bias.pixels[i]! : 0);
    let m = r >= config.saturation ? sat : 0;
    if (flat) {
      const f = flat.pixels[i]!;
      if (f > 0) v /= f;
      else {
        v = 0;
        m |= noData;
      }
    }
    image[i] = v;
    mask[i] = m;
    variance[i] = Math.max(image[i]!, 0) / gain + readVar;
  }
  const metadata: MetadataCard[] = [];
  for (const card of raw.header.cards) {
    if (card.value === undefined || STRUCTURAL.has(card.keyword) || card.keyword === 'BUNIT') continue;
    metadata.push([card.keyword, card.value, card.comment ?? '']);
  }
  metadata.push(['ISRBIAS', calibDate(bias), 'CALIBDATE of the bias applied'], ['ISRFLAT', calibDate(flat), 'CALIBDATE of the flat applied'], ['BUNIT', 'adu', 'Pixel unit']);
  return { width, height, image, mask, variance, metadata };
}
