/** PDQ perceptual hashing: decode with sharp, then the bit-exact port of the reference core. */
import { pdqDihedralFromPixels, pdqFromPixels, PdqScratch, type PdqDihedralResult, type PdqResult } from './core.ts';
import { decodeForPdq, type DecodeOptions } from './decode.ts';

export * from './core.ts';
export * from './decode.ts';
export * from './hash256.ts';

export interface PdqImageResult extends PdqResult {
  width: number;
  height: number;
}

/** PDQ of encoded image bytes. The decoded pixels are dropped when this returns. */
export async function pdqHashImage(bytes: Uint8Array, opts: DecodeOptions = {}, scratch?: PdqScratch): Promise<PdqImageResult> {
  const px = await decodeForPdq(bytes, opts);
  const r = pdqFromPixels(px, scratch);
  return { ...r, width: px.width, height: px.height };
}

/** The eight dihedral PDQ hashes of encoded image bytes. */
export async function pdqDihedralImage(bytes: Uint8Array, opts: DecodeOptions = {}, scratch?: PdqScratch): Promise<PdqDihedralResult & { width: number; height: number }> {
  const px = await decodeForPdq(bytes, opts);
  return { ...pdqDihedralFromPixels(px, scratch), width: px.width, height: px.height };
}
