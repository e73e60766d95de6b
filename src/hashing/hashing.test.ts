import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import {
  decodeForPdq, exactHashesOf, exactHashesOfStream, getSignalType, hashFiles, matchVpdq, normaliseUrl, opaqueSignalType,
  parseVpdq, pdqFromPixels, registerSignalType, signalMatches, signalTypes, urlHash,
} from './index.ts';
import { patternPixels } from './pdq/fixtures/patterns.ts';

const dir = mkdtempSync(join(tmpdir(), 'tessera-hashing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function jpeg(seed: number, w = 200, h = 150): Promise<Buffer> {
  const px = patternPixels({ name: 'x', width: w, height: h, channels: 3, seed });
  return sharp(Buffer.from(px), { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

/** A PNG whose header claims width x height but carries no pixels: a decompression-bomb probe. */
function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.alloc(0)), chunk('IEND', Buffer.alloc(0))]);
}

describe('exact hashes', () => {
  it('computes MD5, SHA-1 and SHA-256 (known vectors), streaming or at once', async () => {
    const abc = exactHashesOf(Buffer.from('abc'));
    expect(abc).toEqual({
      md5: '900150983cd24fb0d6963f7d28e17f72', sha1: 'a9993e364706816aba3e25717850c26c9cd0d89d',
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', bytes: 3,
    });
    const streamed = await exactHashesOfStream(Readable.from([Buffer.from('a'), Buffer.from('b'), Buffer.from('c')]));
    expect(streamed).toEqual(abc);
  });
});

describe('URL normalisation', () => {
  it('folds the spellings of one address into one hash', () => {
    expect(normaliseUrl('HTTPS://WWW.Example.com:443/a/./b/%7euser?x=1#top')).toBe('example.com/a/b/~user?x=1');
    const variants = ['http://example.com/a', 'https://example.com/a', 'example.com/a', 'http://user:pw@EXAMPLE.com./a#frag', 'http://www.example.com:80/a'];
    expect(new Set(variants.map((v) => urlHash(v).sha256)).size).toBe(1);
    expect(normaliseUrl('http://example.com')).toBe('example.com/');
    expect(normaliseUrl('http://example.com/A%2fb?')).toBe('example.com/A%2Fb');
    // Path case and query order are kept: they can name different resources.
    expect(urlHash('example.com/A').sha256).not.toBe(urlHash('example.com/a').sha256);
    expect(urlHash('example.com/?a=1&b=2').sha256).not.toBe(urlHash('example.com/?b=2&a=1').sha256);
  });

  it('rejects what is not an http(s) URL, saying why', () => {
    expect(() => normaliseUrl('')).toThrow(/empty/);
    expect(() => normaliseUrl('ftp://example.com/x')).toThrow(/Only http and https/);
    expect(() => normaliseUrl('http://exa mple.com/')).toThrow(/Not a valid URL/);
    expect(() => normaliseUrl('x'.repeat(9000))).toThrow(/limit is 8192/);
  });
});

describe('signal types', () => {
  it('knows the built-in types and their aliases, and names the known ones when asked for another', () => {
    expect(signalTypes().map((t) => t.name)).toEqual(expect.arrayContaining(['pdq', 'md5', 'sha1', 'sha256', 'url_sha256', 'photodna', 'tmk_pdqf', 'vpdq']));
    expect(getSignalType('video_md5').name).toBe('md5');
    expect(() => getSignalType('phash', { field: 'signalType' })).toThrow(/Unknown signal type "phash". Known types: pdq, md5/);
  });

  it('normalises each type and matches perceptual ones by distance, exact ones by equality', () => {
    const pdq = getSignalType('pdq');
    const a = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
    const b = a.slice(0, 63) + '3'; // 1 bit away
    expect(signalMatches(pdq, a, b)).toEqual({ match: true, distance: 1 });
    expect(signalMatches(pdq, a, b, 0).match).toBe(false);
    expect(getSignalType('sha1').normalise(' A9993E364706816ABA3E25717850C26C9CD0D89D ')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(() => getSignalType('md5').normalise('abc', { line: 3 })).toThrow(/32 hexadecimal characters/);
    expect(getSignalType('url').normalise('https://www.example.com/x')).toBe(urlHash('example.com/x').sha256);
    const bytes = Buffer.from(Array.from({ length: 144 }, (_, i) => i));
    const pdna = getSignalType('photodna');
    const canon = pdna.normalise(bytes.toString('hex'));
    expect(pdna.normalise([...bytes].join(','))).toBe(canon);
    expect(pdna.normalise(bytes.toString('base64'))).toBe(canon);
    expect(() => pdna.normalise('1,2,3')).toThrow(/144 bytes/);
    expect(signalMatches(getSignalType('tmk_pdqf'), 'AbC', 'AbC').match).toBe(true);
  });

  it('lets a new type join', () => {
    registerSignalType(opaqueSignalType('partner_x_video', 'Partner X video hash', { pattern: /^[0-9a-f]{40}$/, hint: '40 hex characters' }));
    const t = getSignalType('partner_x_video');
    expect(t.normalise('AB'.repeat(20))).toBe('ab'.repeat(20));
    expect(() => t.normalise('zz')).toThrow(/40 hex characters/);
    expect(() => registerSignalType(t)).toThrow(/already registered/);
  });
});

describe('vPDQ', () => {
  const h = (k: number) => k.toString(16).padStart(2, '0').repeat(32);
  const frames = (hashes: string[], quality = 100) => hashes.map((hash, i) => `${i},${quality},${hash},${(i / 2).toFixed(3)}`).join('\n');

  it('parses frame lines and reports every bad line', () => {
    const f = parseVpdq(frames([h(1), h(2)]));
    expect(f).toEqual([{ frame: 0, quality: 100, hash: h(1), timestamp: 0 }, { frame: 1, quality: 100, hash: h(2), timestamp: 0.5 }]);
    try {
      parseVpdq('0,100,' + h(1) + ',0\n1,101,' + h(1) + ',1\nbad\n3,90,zz,2', { file: 'v.txt' });
      expect.unreachable();
    } catch (e) {
      const issues = (e as { issues: Array<{ where: { line: number; field?: string } }> }).issues;
      expect(issues.map((i) => [i.where.line, i.where.field])).toEqual([[2, 'quality'], [3, undefined], [4, 'hash']]);
    }
  });

  it('computes query and target match percentages as the reference (strictly below the distance tolerance)', () => {
    const q = parseVpdq(frames([h(0x00), h(0x01), h(0xff), h(0xf0)]));
    const t = parseVpdq(frames([h(0x00), h(0x03)]));
    // 0x00 vs 0x01: 32 bits apart (one bit per byte) -> not a match at tolerance 32 (strict), a match at 33.
    const r = matchVpdq(q, t, { distanceTolerance: 32 });
    expect(r.queryMatchPercent).toBe(25);
    expect(r.targetMatchPercent).toBe(50);
    expect(r.match).toBe(false);
    const loose = matchVpdq(q, t, { distanceTolerance: 33, queryMatchPercent: 50 });
    expect(loose.queryMatchPercent).toBe(50);
    expect(loose.match).toBe(true);
    // Frames under the quality floor are ignored.
    const low = parseVpdq(frames([h(0x00)], 10));
    expect(matchVpdq(low, t)).toMatchObject({ queryMatchPercent: 0, match: false, queryFramesUsed: 0 });
  });
});

describe('bad image input', () => {
  it('gives a clear error per kind of bad input', async () => {
    await expect(decodeForPdq(new Uint8Array(0))).rejects.toMatchObject({ code: 'empty_input' });
    await expect(decodeForPdq(Buffer.from('just some text, not an image'), { where: { file: 'a.txt' } })).rejects.toMatchObject({ code: 'not_an_image', where: { file: 'a.txt' } });
    const good = await jpeg(5);
    await expect(decodeForPdq(good.subarray(0, good.length >> 1))).rejects.toMatchObject({ code: 'image_corrupt' });
    await expect(decodeForPdq(pngHeaderOnly(100_000, 100_000))).rejects.toMatchObject({ code: 'image_too_large', message: expect.stringMatching(/decompression-bomb guard/) });
    await expect(decodeForPdq(good, { maxPixels: 1000 })).rejects.toMatchObject({ code: 'image_too_large' });
    await expect(decodeForPdq(good, { maxBytes: 10 })).rejects.toMatchObject({ code: 'input_too_large' });
  });

  it('hashes a batch in order; bad files get their error and the rest go on', async () => {
    const files = ['a.jpg', 'empty.bin', 'text.txt', 'b.jpg'].map((f) => join(dir, f));
    writeFileSync(files[0]!, await jpeg(1));
    writeFileSync(files[1]!, '');
    writeFileSync(files[2]!, 'hello');
    writeFileSync(files[3]!, await jpeg(2));
    const out = [];
    for await (const r of hashFiles([...files, join(dir, 'missing.jpg'), dir])) out.push(r);
    expect(out.map((r) => (r.ok ? (r.hashes.pdqError?.code ?? 'ok') : r.error.code))).toEqual(['ok', 'empty_input', 'not_an_image', 'ok', 'file_not_found', 'not_a_file']);
    const a = out[0]!;
    if (!a.ok) throw new Error('expected ok');
    // Exact hashes are still given for files that are not images.
    expect(out[2]!.ok && out[2]!.hashes.md5).toBe('5d41402abc4b2a76b9719d911017c592');
    // The PDQ of a generated JPEG is the PDQ of its decoded pixels.
    const px = await decodeForPdq(await jpeg(1));
    expect(a.hashes.pdq).toBe(pdqFromPixels(px).hash);
  });
});
