/**
 * Calling a peer: TAXII requests with the token the peer issued us, POST bodies signed with our
 * key, GET responses checked against the peer's key (they echo the nonce we send).
 */
import { TesseraError } from '../shared/errors.ts';
import { TAXII_MEDIA_TYPE } from './stix.ts';
import { checkSignature, newNonce, publicKeyFrom, signBody, signatureFrom, signatureHeaders, SIG_HEADERS, type NodeKey } from './signing.ts';

export interface PeerEndpoint {
  id: string;
  url: string;
  publicKey: string;
  token: string | null;
}

export interface PeerResponse {
  status: number;
  text: string;
  /** Why the response's signature does not hold (null when it does, or when not asked for). */
  signatureProblem: { code: string; message: string } | null;
  headers: Headers;
}

export class PeerClient {
  constructor(private readonly peer: PeerEndpoint, private readonly key: NodeKey, private readonly timeoutMs = 60_000) {}

  private auth(): Record<string, string> {
    if (!this.peer.token) throw new TesseraError('peer_without_token', `No token for peer ${this.peer.id}: run \`tessera peer add --card CARD --token TOKEN\` with the token the other organisation issued for this node.`, { status: 409 });
    return { authorization: `Bearer ${this.peer.token}` };
  }

  private async call(method: 'GET' | 'POST', path: string, body: string | null, signed: boolean): Promise<PeerResponse> {
    const headers: Record<string, string> = { ...this.auth(), accept: path.startsWith('/taxii2') ? TAXII_MEDIA_TYPE : 'application/json' };
    let nonce: string | null = null;
    if (body !== null) {
      headers['content-type'] = TAXII_MEDIA_TYPE;
      if (signed) Object.assign(headers, signatureHeaders(signBody(this.key, 'request', method, path, body, newNonce())));
    } else if (signed) {
      nonce = newNonce();
      headers[SIG_HEADERS.nonce] = nonce;
    }
    let res: Response;
    try {
      res = await fetch(this.peer.url + path, { method, headers, ...(body !== null ? { body } : {}), signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      throw new TesseraError('peer_unreachable', `Peer ${this.peer.url} did not answer ${method} ${path.split('?')[0]}: ${(e as Error).message}. The sync resumes from its cursor next time.`, { status: 502 });
    }
    // The signature covers the bytes sent: they are hashed as received, and decoded once.
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    let signatureProblem: PeerResponse['signatureProblem'] = null;
    if (signed && body === null) {
      const sig = signatureFrom(res.headers);
      signatureProblem = sig.nonce !== undefined && sig.nonce !== nonce
        ? { code: 'replayed', message: 'the response carries another request\u2019s nonce: a replayed response' }
        : checkSignature(publicKeyFrom(this.peer.publicKey), 'response', method, path, bytes, sig);
    }
    return { status: res.status, text, signatureProblem, headers: res.headers };
  }

  get(path: string, signed = true): Promise<PeerResponse> {
    return this.call('GET', path, null, signed);
  }

  post(path: string, body: unknown): Promise<PeerResponse> {
    return this.call('POST', path, JSON.stringify(body), true);
  }

  /** POST a body already serialised as JSON (signed as is). */
  postText(path: string, json: string): Promise<PeerResponse> {
    return this.call('POST', path, json, true);
  }
}

/** The error message a peer sent (TAXII error resource or Tessera error), for the link status. */
export function peerError(r: PeerResponse): string {
  try {
    const j = JSON.parse(r.text) as { title?: string; description?: string; error?: { message?: string } };
    return `HTTP ${r.status}: ${j.description ?? j.error?.message ?? j.title ?? r.text.slice(0, 300)}`;
  } catch {
    return `HTTP ${r.status}: ${r.text.slice(0, 300)}`;
  }
}
