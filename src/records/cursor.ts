import { TesseraError } from '../shared/errors.ts';

/**
 * Opaque page cursors: the sort key of the last row seen (time and id), so a page boundary
 * never skips or repeats rows that share a timestamp. Clients must not build them.
 */
export function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && !Number.isNaN(Date.parse(v[0]))) return { at: v[0], id: v[1] };
  } catch {
    // fall through to the error below
  }
  throw new TesseraError('invalid_cursor', 'The page cursor is not one this node issued; pass back the "nextCursor" value of the previous page unchanged.', { where: { field: 'cursor' } });
}
