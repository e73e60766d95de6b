/**
 * Signal types: every kind of hash Tessera holds implements one interface, so the registry, the
 * index, the CLI and the API treat them alike. A new type joins with `registerSignalType()`.
 *
 * - `perceptual` types have a distance and a default threshold (PDQ: Hamming distance, 31).
 * - `exact` types match only on equal canonical text (MD5, SHA-1, SHA-256, URL hashes, and
 *   opaque partner formats such as PhotoDNA, TMK+PDQF or partner video hashes).
 */
import { TesseraError, type ErrorLocation } from '../shared/errors.ts';
import { hammingHex, parsePdqHex } from './pdq/hash256.ts';
import { normaliseUrl } from './url.ts';
import { sha256Text } from './exact.ts';
import { parseVpdq, formatVpdq } from './vpdq.ts';

export interface SignalType {
  /** Stable identifier, lower-case (`pdq`, `md5`, `photodna`...). Stored with every hash. */
  readonly name: string;
  readonly description: string;
  readonly kind: 'perceptual' | 'exact';
  /** Names this type is also known by in other systems (HMA, ThreatExchange, NCMEC). */
  readonly aliases?: readonly string[];
  /**
   * Turns input text into the canonical value (throws TesseraError with `where` on bad input).
   * Canonical values are plain strings so they can be stored and compared anywhere.
   */
  normalise(text: string, where?: ErrorLocation): string;
  /** Text to show or export for a canonical value (often the value itself). */
  format(value: string): string;
  /** Perceptual types: distance between two canonical values (0 = identical). */
  distance?(a: string, b: string): number;
  /** Perceptual types: default largest distance that counts as a match. */
  readonly defaultThreshold?: number;
  /** Perceptual types: largest possible distance (for percent similarity). */
  readonly maxDistance?: number;
}

/** Does `candidate` match `query` under this type (exact equality or distance <= threshold)? */
export function signalMatches(t: SignalType, query: string, candidate: string, threshold?: number): { match: boolean; distance: number } {
  if (t.kind === 'exact' || !t.distance) {
    const eq = query === candidate;
    return { match: eq, distance: eq ? 0 : Number.POSITIVE_INFINITY };
  }
  const d = t.distance(query, candidate);
  return { match: d <= (threshold ?? t.defaultThreshold ?? 0), distance: d };
}

function hexType(name: string, bits: number, description: string, aliases: string[] = []): SignalType {
  const len = bits / 4;
  const re = new RegExp(`^[0-9a-f]{${len}}$`);
  return {
    name, description, kind: 'exact', aliases,
    normalise(text, where) {
      const s = text.trim().toLowerCase().replace(/^0x/, '');
      if (!re.test(s)) {
        throw new TesseraError('invalid_hash', `${name.toUpperCase()} value must be ${len} hexadecimal characters; got ${s.length === 0 ? 'nothing' : `${JSON.stringify(s.slice(0, 80))} (${s.length} characters)`}.`, {
          ...(where ? { where } : {}), details: { signalType: name, expectedLength: len },
        });
      }
      return s;
    },
    format: (v) => v,
  };
}

export const pdqType: SignalType = {
  name: 'pdq',
  description: 'PDQ perceptual image hash (256 bits, Hamming distance)',
  kind: 'perceptual',
  aliases: ['pdq_hash', 'PDQ'],
  normalise: (text, where) => parsePdqHex(text, where),
  format: (v) => v,
  distance: hammingHex,
  defaultThreshold: 31,
  maxDistance: 256,
};

export const urlType: SignalType = {
  name: 'url_sha256',
  description: 'SHA-256 of a normalised URL (see docs/hashing.md); accepts a URL or an already computed 64-hex hash',
  kind: 'exact',
  aliases: ['url'],
  normalise(text, where) {
    const s = text.trim();
    if (/^[0-9a-fA-F]{64}$/.test(s)) return s.toLowerCase();
    return sha256Text(normaliseUrl(s, where));
  },
  format: (v) => v,
};

/**
 * An opaque type: values are stored as given (trimmed; hex lower-cased; base64 kept) and match
 * only when equal. `pattern` rejects values that cannot be of this type.
 */
export function opaqueSignalType(name: string, description: string, opts: { pattern?: RegExp; hint?: string; aliases?: string[] } = {}): SignalType {
  return {
    name, description, kind: 'exact', aliases: opts.aliases ?? [],
    normalise(text, where) {
      let s = text.trim();
      if (/^[0-9a-fA-F]+$/.test(s)) s = s.toLowerCase();
      if (!s || (opts.pattern && !opts.pattern.test(s))) {
        throw new TesseraError('invalid_hash', `Not a valid ${name} value${opts.hint ? ` (${opts.hint})` : ''}.`, {
          ...(where ? { where } : {}), details: { signalType: name },
        });
      }
      return s;
    },
    format: (v) => v,
  };
}

/** PhotoDNA: 144 bytes, commonly exchanged as base64, hex or 144 comma-separated numbers. */
export const photoDnaType: SignalType = (() => {
  const inner = opaqueSignalType('photodna', 'PhotoDNA hash (144 bytes), exact match only', {});
  return {
    ...inner,
    normalise(text, where) {
      const s = text.trim();
      let bytes: Buffer | undefined;
      if (/^\d{1,3}(,\s*\d{1,3}){143}$/.test(s)) {
        const nums = s.split(',').map((x) => Number(x.trim()));
        if (nums.every((n) => n <= 255)) bytes = Buffer.from(nums);
      } else if (/^[0-9a-fA-F]{288}$/.test(s)) bytes = Buffer.from(s, 'hex');
      else if (/^[A-Za-z0-9+/]{192}$/.test(s)) bytes = Buffer.from(s, 'base64');
      if (!bytes || bytes.length !== 144) {
        throw new TesseraError('invalid_hash', 'A PhotoDNA hash is 144 bytes: give it as 144 comma-separated numbers, 288 hex characters or 192 base64 characters.', {
          ...(where ? { where } : {}), details: { signalType: 'photodna' },
        });
      }
      return bytes.toString('base64');
    },
  };
})();

export const vpdqType: SignalType = {
  name: 'vpdq',
  description: 'vPDQ video hash: frame PDQ hashes as `frame,quality,hash,timestamp` lines; matched by percent of frames (see matchVpdq)',
  kind: 'exact',
  normalise: (text, where) => formatVpdq(parseVpdq(text, where)),
  format: (v) => v,
};

const registry = new Map<string, SignalType>();
const aliasIndex = new Map<string, string>();

export function registerSignalType(t: SignalType): void {
  if (!/^[a-z][a-z0-9_.:-]*$/.test(t.name)) throw new TesseraError('invalid_signal_type', `Signal type name ${JSON.stringify(t.name)} must be lower-case letters, digits, _ . : -.`);
  if (registry.has(t.name)) throw new TesseraError('duplicate_signal_type', `Signal type ${t.name} is already registered.`);
  registry.set(t.name, t);
  for (const a of t.aliases ?? []) aliasIndex.set(a.toLowerCase(), t.name);
}

for (const t of [
  pdqType,
  hexType('md5', 128, 'MD5 of the file bytes', ['video_md5', 'md5_hash']),
  hexType('sha1', 160, 'SHA-1 of the file bytes', ['sha-1']),
  hexType('sha256', 256, 'SHA-256 of the file bytes', ['sha-256']),
  urlType,
  photoDnaType,
  opaqueSignalType('tmk_pdqf', 'TMK+PDQF video hash (opaque, exact match only)', { aliases: ['tmk', 'tmk+pdqf'] }),
  opaqueSignalType('partner_video', 'A partner\'s video hash (opaque, exact match only); prefer a specific registered type per partner', {}),
  vpdqType,
]) registerSignalType(t);

/** All registered types, in registration order. */
export function signalTypes(): SignalType[] {
  return [...registry.values()];
}

export function getSignalType(name: string, where?: ErrorLocation): SignalType {
  const key = name.trim().toLowerCase();
  const t = registry.get(key) ?? registry.get(aliasIndex.get(key) ?? '');
  if (!t) {
    throw new TesseraError('unknown_signal_type', `Unknown signal type ${JSON.stringify(name)}. Known types: ${[...registry.keys()].join(', ')}.`, {
      ...(where ? { where } : {}), details: { known: [...registry.keys()] },
    });
  }
  return t;
}
