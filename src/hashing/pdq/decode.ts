/**
 * Image decoding for PDQ with sharp (libvips). Bytes are decoded in memory and the pixels are
 * returned to the caller; nothing is written anywhere.
 *
 * Decoding follows the reference CLI's pixels as closely as sharp allows: alpha dropped (not
 * composited), colour converted to sRGB, greyscale kept as one channel (luma = grey value) and
 * EXIF orientation NOT applied unless asked for.
 */
import sharp, { type Metadata } from 'sharp';
import { TesseraError, type ErrorLocation } from '../../shared/errors.ts';
import type { RawPixels } from './core.ts';

export interface DecodeOptions {
  /** Apply the EXIF Orientation tag before hashing (default false, as the reference). */
  applyOrientation?: boolean;
  /** Refuse images with more pixels than this (decompression-bomb guard). Default 100 megapixels. */
  maxPixels?: number;
  /** Refuse inputs larger than this many bytes. Default 256 MiB. */
  maxBytes?: number;
  /** Where errors are reported (file name, batch path). */
  where?: ErrorLocation;
}

export const DEFAULT_MAX_PIXELS = 100_000_000;
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

export interface DecodedImage extends RawPixels {
  /** Format sharp detected (jpeg, png, webp, gif, tiff, ...). */
  format: string;
}

/** Decodes image bytes to 8-bit grey or RGB pixels. Throws TesseraError with a precise code. */
export async function decodeForPdq(bytes: Uint8Array, opts: DecodeOptions = {}): Promise<DecodedImage> {
  const where = opts.where;
  const maxPixels = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length === 0) {
    throw new TesseraError('empty_input', 'The file is empty (0 bytes); there is nothing to hash.', withWhere(where));
  }
  if (bytes.length > maxBytes) {
    throw new TesseraError('input_too_large', `The input is ${bytes.length} bytes, more than the limit of ${maxBytes}.`, {
      ...withWhere(where), details: { bytes: bytes.length, maxBytes }, status: 413,
    });
  }
  const make = () => sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error', sequentialRead: true });
  let meta: Metadata;
  try {
    meta = await make().metadata();
  } catch (e) {
    throw mapSharpError(e, where, maxPixels);
  }
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (w * h > maxPixels) {
    throw new TesseraError('image_too_large', `The image is ${w}x${h} = ${w * h} pixels, more than the limit of ${maxPixels} (decompression-bomb guard).`, {
      ...withWhere(where), details: { width: w, height: h, maxPixels }, status: 413,
    });
  }
  const grey = meta.space === 'b-w' || meta.space === 'grey16' || meta.channels === 1 || (meta.channels === 2 && meta.hasAlpha === true);
  try {
    let pipe = make();
    if (opts.applyOrientation) pipe = pipe.autoOrient();
    pipe = pipe.removeAlpha().toColourspace(grey ? 'b-w' : 'srgb');
    if (meta.depth && meta.depth !== 'uchar' && meta.depth !== 'char') pipe = pipe.toFormat('raw', { depth: 'uchar' });
    const { data, info } = await pipe.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      channels: info.channels,
      format: meta.format ?? 'unknown',
    };
  } catch (e) {
    throw mapSharpError(e, where, maxPixels);
  }
}

function withWhere(where: ErrorLocation | undefined): { where?: ErrorLocation } {
  return where ? { where } : {};
}

function mapSharpError(e: unknown, where: ErrorLocation | undefined, maxPixels: number): TesseraError {
  const msg = e instanceof Error ? e.message : String(e);
  const base = withWhere(where);
  if (/unsupported image format|Input buffer is empty|bad seek|not a known file format/i.test(msg)) {
    return new TesseraError('not_an_image', 'The input is not an image in a supported format (JPEG, PNG, WebP, GIF, TIFF, AVIF/HEIF, SVG).', { ...base, details: { decoder: firstLine(msg) } });
  }
  if (/pixel limit/i.test(msg)) {
    return new TesseraError('image_too_large', `The image has more than ${maxPixels} pixels (decompression-bomb guard).`, { ...base, details: { maxPixels }, status: 413 });
  }
  return new TesseraError('image_corrupt', 'The image could not be decoded; it is probably truncated or damaged.', { ...base, details: { decoder: firstLine(msg) } });
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? '').slice(0, 200);
}
