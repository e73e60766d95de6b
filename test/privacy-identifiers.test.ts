import { p256_hasher } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { hashToCurveBatch, normaliseIdentifier, pseudonymise } from '../src/privacy/index.ts';

const KEY_A = Buffer.alloc(32, 1);
const KEY_B = Buffer.alloc(32, 2);

describe('normalised, keyed pseudonyms', () => {
  it('the same identifier written differently gives one pseudonym', () => {
    const same = (kind: Parameters<typeof pseudonymise>[1], xs: string[], opts = {}) => new Set(xs.map((x) => pseudonymise(KEY_A, kind, x, opts))).size;
    expect(same('email', ['Jane.Doe+tag@GoogleMail.com', 'janedoe@gmail.com', ' JANE.DOE@gmail.com '])).toBe(1);
    expect(same('phone', ['+31 6 1234 5678', '0031612345678', '(06) 1234-5678'], { defaultCallingCode: '31' })).toBe(1);
    expect(same('ip', ['192.0.2.7', '::ffff:192.0.2.7', ' 192.0.2.7 '])).toBe(1);
    expect(same('ip', ['2001:DB8:0:0::1', '2001:db8::1', '[2001:db8::0:1]'])).toBe(1);
    expect(same('url', ['HTTPS://www.Example.example/a/?b=2&a=1#frag', 'http://example.example:80/a?a=1&b=2', 'example.example/a?a=1&b=2'])).toBe(1);
    expect(same('account', ['@Someone', 'someone'], { platform: 'Chirp' })).toBe(1);
  });

  it('paths stay case-sensitive and platforms keep accounts apart', () => {
    expect(normaliseIdentifier('url', 'https://x.example/A')).not.toBe(normaliseIdentifier('url', 'https://x.example/a'));
    expect(pseudonymise(KEY_A, 'account', 'someone', { platform: 'chirp' })).not.toBe(pseudonymise(KEY_A, 'account', 'someone', { platform: 'kettle' }));
  });

  it('pseudonyms are keyed per agreement: other key, unrelated value; never the clear value', () => {
    const a = pseudonymise(KEY_A, 'email', 'jane@example.example');
    const b = pseudonymise(KEY_B, 'email', 'jane@example.example');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^pn_email_[a-z2-7]{26}$/);
    expect(a).not.toContain('jane');
    // Kind is part of the input: the same text as an account is another pseudonym.
    expect(pseudonymise(KEY_A, 'account', 'jane@example.example')).not.toBe(a.replace('email', 'account'));
    expect(() => pseudonymise(Buffer.alloc(8), 'email', 'jane@example.example')).toThrow(/32 bytes/);
  });

  it('bad input is refused with a precise reason', () => {
    expect(() => normaliseIdentifier('email', 'no-at-sign')).toThrow(/email "no-at-sign" is not an e-mail address/);
    expect(() => normaliseIdentifier('phone', '0612345678')).toThrow(/national number/);
    expect(() => normaliseIdentifier('phone', '+12')).toThrow(/has 2 digits; an international number has 7 to 15/);
    expect(() => normaliseIdentifier('ip', '300.1.1.1')).toThrow(/not an IPv4 or IPv6 address/);
    expect(() => normaliseIdentifier('url', 'ftp://x.example/')).toThrow(/only http and https/);
    expect(() => normaliseIdentifier('account', '   ')).toThrow(/is empty/);
  });
});

describe('RFC 9380 hash_to_curve (P256_XMD:SHA-256_SSWU_RO_), batched with native square roots', () => {
  const DST = 'QUUX-V01-CS02-with-P256_XMD:SHA-256_SSWU_RO_';
  const enc = new TextEncoder();
  it('matches the RFC test vectors (Appendix J.1.1)', () => {
    const out = hashToCurveBatch([enc.encode(''), enc.encode('abc')], DST);
    expect(out.subarray(1, 33).toString('hex')).toBe('2c15230b26dbc6fc9a37051158c95b79656e17a1a920b11394ca91c44247d3e4');
    expect(out.subarray(33, 65).toString('hex')).toBe('8a7a74985cc5c776cdfe4b1f19884970453912e9d31528c060be9ab5c43e8415');
    expect(out.subarray(66, 98).toString('hex')).toBe('0bb8b87485551aa43ed54f009230450b492fead5f1cc91658775dac4a3388a0f');
    expect(out.subarray(98, 130).toString('hex')).toBe('5c41b3d0731a27a7b14bc0bf0ccded2d8751f83493404c84a88e71ffd424212e');
  });

  it('equals @noble/curves on 500 inputs', () => {
    const msgs = Array.from({ length: 500 }, (_, i) => enc.encode(`identifier-${i}-${'x'.repeat(i % 97)}`));
    const out = hashToCurveBatch(msgs, 'TESSERA-TEST');
    msgs.forEach((m, i) => expect(out.subarray(65 * i, 65 * i + 65).equals(Buffer.from(p256_hasher.hashToCurve(m, { DST: 'TESSERA-TEST' }).toBytes(false)))).toBe(true));
  });
});
