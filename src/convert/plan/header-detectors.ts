import { readFitsHeaders } from '../../fits/index.js';

/**
 * obs_base `MultiExtensionFileHandler`: the detector of each HDU after the primary, from a header keyword.
 * @returns the detectors, or why they cannot be read.
 */
export async function detectorsFromHeaders(file: string, keyword: string): Promise<{ hdu: number; detector: number }[] | string> {
  let headers;
  try {
    headers = await readFitsHeaders(file);
  } catch (err) {
    return `cannot read FITS headers: ${(err as Error).message}`;
  }
  const out: { hdu: number; detector: number }[] = [];
  for (const h of headers.hdus.slice(1)) {
    const detector = h.header.getNumber(keyword);
    if (detector === undefined || !Number.isInteger(detector)) return `HDU ${h.index} has no integer ${keyword}`;
    out.push({ hdu: h.index, detector });
  }
  return out.length > 0 ? out : `no extension HDUs with ${keyword}`;
}
