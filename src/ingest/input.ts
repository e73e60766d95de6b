/**
 * Reading input: bytes from a file or an upload stream, the input's identity (for resuming an
 * interrupted run), and decoding to text whatever the encoding — UTF-8 with or without a BOM,
 * UTF-16 (BOM or XML sniffing), Latin-1 / Windows-1252 (declared, chosen, or detected).
 *
 * Mixed encodings (a UTF-8 file with stray Latin-1 bytes) lose nothing: each byte that is not
 * valid UTF-8 becomes the private-use character U+F700+byte, so the record holding it can be
 * quarantined with the exact byte, and the byte can be recovered from the raw text.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { TesseraError } from '../shared/errors.ts';

export const ENCODINGS = ['auto', 'utf-8', 'utf-16le', 'utf-16be', 'latin1'] as const;
export type Encoding = (typeof ENCODINGS)[number];

const HEAD_BYTES = 1 << 20;

export interface Input {
  name: string;
  /** sha256 of the first MiB and the size (or "stream" when unknown): identifies the input for resuming. */
  key: string;
  bytes: AsyncIterable<Buffer>;
  /** Size in bytes, when known before reading (files, buffers). */
  size?: number;
}

/** Opens a file. */
export async function fileInput(path: string, name = path): Promise<Input> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new Error('not a regular file');
    size = s.size;
  } catch (e) {
    throw new TesseraError('file_unreadable', `Cannot read ${path}: ${(e as Error).message}.`, { where: { file: name } });
  }
  const head = createHash('sha256');
  let seen = 0;
  for await (const chunk of createReadStream(path, { end: HEAD_BYTES - 1 }) as AsyncIterable<Buffer>) {
    head.update(chunk);
    seen += chunk.length;
  }
  return {
    name,
    key: `${head.digest('hex')}:${size}:${seen}`,
    size,
    bytes: createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>,
  };
}

/** Wraps a stream (an upload): its first MiB is read ahead to compute the key, then replayed. */
export async function streamInput(stream: AsyncIterable<Buffer | Uint8Array | string>, name: string): Promise<Input> {
  const it = stream[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < HEAD_BYTES) {
    const n = await it.next();
    if (n.done) {
      ended = true;
      break;
    }
    const b = typeof n.value === 'string' ? Buffer.from(n.value) : Buffer.from(n.value);
    head.push(b);
    size += b.length;
  }
  const h = createHash('sha256');
  for (const b of head) h.update(b);
  async function* bytes(): AsyncIterable<Buffer> {
    for (const b of head) yield b;
    if (ended) return;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield typeof n.value === 'string' ? Buffer.from(n.value) : Buffer.from(n.value);
    }
  }
  return { name, key: `${h.digest('hex')}:${ended ? size : 'stream'}:${size}`, bytes: bytes() };
}

/** An input from a string or buffer (tests, API bodies). */
export function memoryInput(data: string | Buffer, name: string): Input {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const key = `${createHash('sha256').update(buf.subarray(0, HEAD_BYTES)).digest('hex')}:${buf.length}:${Math.min(buf.length, HEAD_BYTES)}`;
  async function* bytes(): AsyncIterable<Buffer> {
    for (let i = 0; i < buf.length; i += 1 << 16) yield buf.subarray(i, i + (1 << 16));
  }
  return { name, key, size: buf.length, bytes: bytes() };
}

// ------------------------------------------------------------------ decoding

/** First code point of the markers for bytes that are not valid UTF-8. */
export const BAD_BYTE_BASE = 0xf700;
/** A NUL (which PostgreSQL text cannot hold) is kept as U+F700, like an undecodable byte. */
export const BAD_BYTE = /[\uF700\uF780-\uF7FF]/;
const BAD_BYTE_ALL = /[\uF700\uF780-\uF7FF]/g;

/** The undecodable bytes in a text, as "0xE9 at offset 12". */
export function badBytes(text: string): Array<{ byte: number; offset: number }> {
  const out: Array<{ byte: number; offset: number }> = [];
  for (const m of text.matchAll(BAD_BYTE_ALL)) out.push({ byte: (m[0].codePointAt(0) as number) - BAD_BYTE_BASE, offset: m.index });
  return out;
}

/** Shows marker characters as \xNN, for people. */
export function showBadBytes(text: string): string {
  return text.replace(BAD_BYTE_ALL, (c) => `\\x${((c.codePointAt(0) as number) - BAD_BYTE_BASE).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Turns marker characters back into the bytes they stand for (what the file held). */
export function rawBytes(text: string): Buffer {
  const parts: Buffer[] = [];
  let last = 0;
  for (const m of text.matchAll(BAD_BYTE_ALL)) {
    parts.push(Buffer.from(text.slice(last, m.index), 'utf8'), Buffer.from([(m[0].codePointAt(0) as number) - BAD_BYTE_BASE]));
    last = m.index + 1;
  }
  parts.push(Buffer.from(text.slice(last), 'utf8'));
  return Buffer.concat(parts);
}

export interface DecodeResult {
  encoding: Exclude<Encoding, 'auto'>;
  /** How the encoding was chosen. */
  basis: string;
}

function sniff(head: Buffer, declared: boolean): DecodeResult & { skip: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', basis: 'UTF-8 byte order mark', skip: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', basis: 'UTF-16 LE byte order mark', skip: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', basis: 'UTF-16 BE byte order mark', skip: 2 };
  if (head[0] === 0x3c && head[1] === 0x00 && head[2] === 0x3f && head[3] === 0x00) return { encoding: 'utf-16le', basis: 'UTF-16 LE XML declaration without a byte order mark', skip: 0 };
  if (head[0] === 0x00 && head[1] === 0x3c && head[2] === 0x00 && head[3] === 0x3f) return { encoding: 'utf-16be', basis: 'UTF-16 BE XML declaration without a byte order mark', skip: 0 };
  if (declared) {
    const decl = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.subarray(0, 200).toString('latin1'));
    const enc = decl?.[1]?.toLowerCase();
    if (enc && /^(iso-?8859-1|latin-?1|windows-1252|cp1252|us-ascii|ascii)$/.test(enc)) return { encoding: 'latin1', basis: `XML declaration encoding="${decl?.[1]}"`, skip: 0 };
    if (enc && enc !== 'utf-8' && enc !== 'utf8' && !enc.startsWith('utf-16')) {
      throw new TesseraError('unsupported_encoding', `The XML declaration names encoding "${decl?.[1]}"; Tessera reads UTF-8, UTF-16 and Latin-1 / Windows-1252. Convert the file (e.g. iconv -f ${decl?.[1]} -t UTF-8).`, { where: { line: 1, field: 'encoding' } });
    }
  }
  // No mark: UTF-8, unless the head has no valid multi-byte sequence but does have invalid bytes.
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < head.length; ) {
    const n = utf8SequenceLength(head, i);
    if (n > 1) valid++;
    if (n === 0) {
      if (head.length - i < 4 && i + 4 > head.length) break; // possibly cut at the end of the head
      invalid++;
      i++;
    } else i += n;
  }
  if (invalid > 0 && valid === 0) return { encoding: 'latin1', basis: `no valid UTF-8 multi-byte sequence and ${invalid} byte(s) that are not UTF-8: read as Latin-1 / Windows-1252`, skip: 0 };
  return { encoding: 'utf-8', basis: invalid > 0 ? 'UTF-8 (with bytes that are not UTF-8: mixed encodings; records holding them are quarantined)' : 'UTF-8', skip: 0 };
}

/** Length of the valid UTF-8 sequence at i, or 0 when the byte there does not start one. */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i] as number;
  if (c < 0x80) return 1;
  const cont = (k: number) => i + k < b.length && ((b[i + k] as number) & 0xc0) === 0x80;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (!cont(1) || !cont(2)) return 0;
    const c1 = b[i + 1] as number;
    if (c === 0xe0 && c1 < 0xa0) return 0;
    if (c === 0xed && c1 >= 0xa0) return 0;
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const c1 = b[i + 1] as number;
    if (c === 0xf0 && c1 < 0x90) return 0;
    if (c === 0xf4 && c1 >= 0x90) return 0;
    return 4;
  }
  return 0;
}

/** Decodes bytes that may hold invalid UTF-8: invalid bytes become marker characters. */
function decodeWithMarkers(b: Uint8Array): string {
  let out = '';
  let start = 0;
  const dec = new TextDecoder('utf-8');
  for (let i = 0; i < b.length; ) {
    const n = utf8SequenceLength(b, i);
    if (n === 0) {
      out += dec.decode(b.subarray(start, i)) + String.fromCharCode(BAD_BYTE_BASE + (b[i] as number));
      i++;
      start = i;
    } else i += n;
  }
  return out + dec.decode(b.subarray(start));
}

/** Index where an incomplete UTF-8 sequence at the end of b starts (b.length when complete). */
function completeUpTo(b: Uint8Array): number {
  for (let k = 1; k <= 3 && k <= b.length; k++) {
    const c = b[b.length - k] as number;
    if ((c & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > k ? b.length - k : b.length;
  }
  return b.length;
}

/**
 * Decodes a byte stream to text chunks. `declared`: the input is XML (its declaration may name
 * the encoding). Calls onEncoding once with what was chosen and why.
 */
export async function* decode(bytes: AsyncIterable<Buffer>, opts: { encoding?: Encoding; xml?: boolean; onEncoding?: (r: DecodeResult) => void } = {}): AsyncIterable<string> {
  let chosen: (DecodeResult & { skip: number }) | undefined;
  let pending: Buffer = Buffer.alloc(0);
  let utf16: { decode(b: Uint8Array, o?: { stream?: boolean }): string } | undefined;
  const fatal = new TextDecoder('utf-8', { fatal: true });
  const latin1 = new TextDecoder('windows-1252');
  const headParts: Buffer[] = [];
  let headLen = 0;
  const emit = (chunk: Buffer, final: boolean): string => {
    const t = decodeChunk(chunk, final);
    return t.includes('\u0000') ? t.replace(/\u0000/g, String.fromCharCode(BAD_BYTE_BASE)) : t;
  };
  const decodeChunk = (chunk: Buffer, final: boolean): string => {
    const c = chosen as DecodeResult & { skip: number };
    if (c.encoding === 'latin1') return latin1.decode(chunk, { stream: !final });
    if (c.encoding !== 'utf-8') {
      utf16 ??= new TextDecoder(c.encoding, { fatal: false });
      return utf16.decode(chunk, { stream: !final });
    }
    const all = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    const upTo = final ? all.length : completeUpTo(all);
    pending = Buffer.from(all.subarray(upTo));
    const body = all.subarray(0, upTo);
    try {
      return fatal.decode(body);
    } catch {
      return decodeWithMarkers(body);
    }
  };
  const choose = () => {
    const head = Buffer.concat(headParts);
    const forced = opts.encoding && opts.encoding !== 'auto' ? opts.encoding : undefined;
    const s = sniff(head, opts.xml ?? false);
    chosen = forced ? { encoding: forced, basis: `--encoding ${forced}`, skip: forced === s.encoding ? s.skip : 0 } : s;
    opts.onEncoding?.({ encoding: chosen.encoding, basis: chosen.basis });
    return head.subarray(chosen.skip);
  };
  for await (const chunk of bytes) {
    if (!chosen) {
      headParts.push(chunk);
      headLen += chunk.length;
      if (headLen < 64 * 1024) continue;
      const t = emit(choose(), false);
      if (t) yield t;
      continue;
    }
    const t = emit(chunk, false);
    if (t) yield t;
  }
  const rest = chosen ? Buffer.alloc(0) : choose();
  const t = emit(rest, true);
  if (t) yield t;
}
