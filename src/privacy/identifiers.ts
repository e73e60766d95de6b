import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import { ValidationError } from '../shared/errors.ts';

/**
 * Pseudonymised identifiers. A personal identifier (account, e-mail, phone, IP) or a URL is
 * first normalised, so that the same thing written two ways gives one pseudonym, then keyed-
 * hashed (HMAC-SHA-256) with the agreement's key and its kind as domain separation. Partners
 * under the same agreement get the same pseudonym for the same identifier; under another
 * agreement (another key) the pseudonyms are unrelated. There is deliberately no unkeyed
 * variant: a plain hash of a phone number or e-mail is reversed by enumerating the few billion
 * possible values.
 */
export const IDENTIFIER_KINDS = ['account', 'email', 'phone', 'ip', 'url'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export interface NormaliseOptions {
  /** Platform an account belongs to (accounts are only equal on the same platform). */
  platform?: string;
  /** Country calling code to assume for national phone numbers (digits, e.g. "31"). */
  defaultCallingCode?: string;
}

function invalid(kind: IdentifierKind, value: string, reason: string): ValidationError {
  const shown = value.length > 40 ? value.slice(0, 40) + '…' : value;
  return new ValidationError([{ code: 'invalid_identifier', message: `${kind} "${shown}" ${reason}`, where: { field: kind } }]);
}

/** The canonical form of an identifier, or a ValidationError saying why it is not one. */
export function normaliseIdentifier(kind: IdentifierKind, raw: string, opts: NormaliseOptions = {}): string {
  if (typeof raw !== 'string') throw invalid(kind, String(raw), 'is not text');
  const value = raw.normalize('NFKC').trim();
  if (!value) throw invalid(kind, raw, 'is empty');
  if (value.length > 2048) throw invalid(kind, raw, 'is longer than 2,048 characters');
  switch (kind) {
    case 'email':
      return normaliseEmail(value);
    case 'phone':
      return normalisePhone(value, opts.defaultCallingCode);
    case 'ip':
      return normaliseIp(value);
    case 'url':
      return normaliseUrl(value);
    case 'account': {
      const handle = value.replace(/^@/, '').toLowerCase();
      if (/\s/.test(handle)) throw invalid(kind, raw, 'contains white space');
      const platform = (opts.platform ?? '').trim().toLowerCase();
      return platform ? `${platform}:${handle}` : handle;
    }
  }
}

function normaliseEmail(v: string): string {
  const at = v.lastIndexOf('@');
  if (at <= 0 || at === v.length - 1) throw invalid('email', v, 'is not an e-mail address (local@domain)');
  let local = v.slice(0, at).toLowerCase();
  let domain = v.slice(at + 1).toLowerCase().replace(/\.$/, '');
  if (/\s/.test(local) || !/^[a-z0-9.-]+\.[a-z0-9-]+$/.test(domainToAscii(domain))) throw invalid('email', v, 'has an invalid domain');
  domain = domainToAscii(domain);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  // Sub-addressing (+tag) never changes the mailbox; Gmail also ignores dots.
  local = local.replace(/\+.*$/, '');
  if (domain === 'gmail.com') local = local.replace(/\./g, '');
  if (!local) throw invalid('email', v, 'has an empty local part');
  return `${local}@${domain}`;
}

function domainToAscii(d: string): string {
  try {
    return new URL(`http://${d}/`).hostname;
  } catch {
    return d;
  }
}

/** E.164 digits with a leading +. National numbers need a default calling code. */
function normalisePhone(v: string, cc?: string): string {
  const cleaned = v.replace(/[\s().\-/]/g, '');
  let digits: string;
  if (cleaned.startsWith('+')) digits = cleaned.slice(1);
  else if (cleaned.startsWith('00')) digits = cleaned.slice(2);
  else {
    if (!cc) throw invalid('phone', v, 'is a national number: give it in international form (+CC…) or set the default calling code');
    if (!/^\d{1,3}$/.test(cc)) throw invalid('phone', v, `cannot use default calling code "${cc}" (1 to 3 digits)`);
    digits = cc + cleaned.replace(/^0+/, '');
  }
  if (!/^\d+$/.test(digits)) throw invalid('phone', v, 'contains characters other than digits, spaces, ()-./ and a leading +');
  if (digits.length < 7 || digits.length > 15) throw invalid('phone', v, `has ${digits.length} digits; an international number has 7 to 15`);
  return '+' + digits;
}

/** IPv4 dotted quad; IPv6 fully expanded lower case; IPv4-mapped IPv6 becomes IPv4. */
function normaliseIp(v: string): string {
  const bare = v.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return bare.split('.').map((o) => String(Number(o))).join('.');
  if (family !== 6) throw invalid('ip', v, 'is not an IPv4 or IPv6 address');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return normaliseIp(mapped[1] as string);
  const url = new URL(`http://[${bare}]/`).hostname.slice(1, -1); // compresses canonically (RFC 5952)
  return url.toLowerCase();
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** Scheme and host lower case, default port and fragment dropped, path kept as written (paths are case-sensitive). */
function normaliseUrl(v: string): string {
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `http://${v}`);
  } catch {
    throw invalid('url', v, 'is not a URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw invalid('url', v, `has scheme ${u.protocol.replace(':', '')}; only http and https URLs are linked`);
  const host = u.hostname.replace(/\.$/, '').replace(/^www\./, '');
  const port = u.port && u.port !== DEFAULT_PORTS[u.protocol] ? `:${u.port}` : '';
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '');
  const params = [...u.searchParams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length ? '?' + new URLSearchParams(params).toString() : '';
  // http and https of the same page are the same location for linkage.
  return `${host}${port}${path}${query}`;
}

/** A keyed pseudonym: `pn_<kind>_` + 26 base32 characters (130 bits) of HMAC-SHA-256(key, kind NUL normalised). */
export function pseudonymise(key: Uint8Array, kind: IdentifierKind, raw: string, opts: NormaliseOptions = {}): string {
  return pseudonymOfNormalised(key, kind, normaliseIdentifier(kind, raw, opts));
}

/**
 * What a pseudonym stands for: an identifier of a kind, or `value` — any other field value an
 * agreement pseudonymises (a source reference, a hash, a signal), as the policy module's access
 * tools do for shared records.
 */
export type PseudonymKind = IdentifierKind | 'value';

/**
 * The one pseudonymisation function of Tessera (the policy module's `pseudonymise` calls it).
 * Identifiers: `pn_<kind>_` + 26 base32 characters of HMAC-SHA-256(key, kind NUL normalised).
 * Other values: `pseu_` + 27 base64url characters of HMAC-SHA-256(key, value) — the form shared
 * records, exports and peers already carry (and the database can compute for bulk exports).
 * Only a value written as "<kind> NUL <identifier>" shares its MAC with that identifier's
 * pseudonym (in another encoding), under the same agreement key: nothing crosses the agreement.
 */
export function pseudonymOfNormalised(key: Uint8Array, kind: PseudonymKind, normalised: string): string {
  if (key.length < 32) throw new Error('a pseudonymisation key has at least 32 bytes');
  if (kind === 'value') return 'pseu_' + createHmac('sha256', key).update(normalised).digest('base64url').slice(0, 27);
  const mac = createHmac('sha256', key).update(kind).update('\0').update(normalised).digest();
  return `pn_${kind}_${base32(mac).slice(0, 26)}`;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
function base32(b: Uint8Array): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const byte of b) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

/** A pseudonymiser bound to one key (an agreement's). */
export interface Pseudonymiser {
  (kind: IdentifierKind, raw: string, opts?: NormaliseOptions): string;
}
export function pseudonymiser(key: Uint8Array): Pseudonymiser {
  const k = Buffer.from(key);
  return (kind, raw, opts) => pseudonymise(k, kind, raw, opts);
}
