/**
 * URL normalisation for URL hashes, so the same address written in different ways gives one hash.
 *
 * Rules (applied in this order; documented in docs/hashing.md):
 *  1. Trim surrounding whitespace; reject empty input and anything longer than 8,192 characters.
 *  2. If no scheme is given, assume `http://` (hotline URL lists often omit it).
 *  3. Parse with the WHATWG URL parser (as browsers do): this lower-cases the scheme and host,
 *     converts internationalised host names to punycode, removes default ports (80/443),
 *     resolves `.` and `..` path segments and percent-encodes characters that must be.
 *  4. Only http and https are accepted; `https` is folded to `http` so the scheme does not split
 *     one address into two hashes.
 *  5. Drop user name and password, and the fragment (`#...`): neither is sent to the server.
 *  6. Host: strip a trailing dot and one leading `www.`.
 *  7. Path: an empty path becomes `/`; percent-escapes of unreserved characters
 *     (A-Z a-z 0-9 - . _ ~) are decoded and the remaining escapes upper-cased.
 *     Case is kept: paths are case-sensitive on most servers.
 *  8. Query: kept, parameters in their original order (order can matter); an empty `?` is dropped.
 *
 * The normalised text is `host + path + query` without the scheme, e.g.
 * `HTTPS://WWW.Example.com:443/a/./b/%7euser?x=1#top` -> `example.com/a/b/~user?x=1`.
 */
import { TesseraError, type ErrorLocation } from '../shared/errors.ts';
import { sha256Text } from './exact.ts';

const MAX_URL = 8192;

function fixEscapes(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : '%' + hex.toUpperCase();
  });
}

export function normaliseUrl(input: string, where?: ErrorLocation): string {
  const w = where ? { where } : {};
  let s = input.trim();
  if (!s) throw new TesseraError('invalid_url', 'URL is empty.', w);
  if (s.length > MAX_URL) throw new TesseraError('invalid_url', `URL is ${s.length} characters long; the limit is ${MAX_URL}.`, w);
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(s)) s = 'http://' + s.replace(/^\/+/, '');
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new TesseraError('invalid_url', `Not a valid URL: ${JSON.stringify(input.slice(0, 200))}.`, w);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new TesseraError('invalid_url', `Only http and https URLs can be hashed, not ${u.protocol.slice(0, -1)}.`, { ...w, details: { scheme: u.protocol.slice(0, -1) } });
  }
  let host = u.hostname.replace(/\.$/, '');
  if (host.startsWith('www.')) host = host.slice(4);
  if (!host) throw new TesseraError('invalid_url', 'URL has no host name.', w);
  const port = u.port ? ':' + u.port : '';
  const path = fixEscapes(u.pathname || '/');
  const query = u.search.length > 1 ? fixEscapes(u.search) : '';
  return host + port + path + query;
}

/** SHA-256 (hex) of the normalised URL. */
export function urlHash(input: string, where?: ErrorLocation): { normalised: string; sha256: string } {
  const normalised = normaliseUrl(input, where);
  return { normalised, sha256: sha256Text(normalised) };
}
