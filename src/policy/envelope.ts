import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { TesseraError } from '../shared/errors.ts';
import type { CoreDatabase, Store } from '../store/index.ts';
import type { GovernanceTables } from './tables.ts';

/**
 * Envelope encryption at rest (AES-256-GCM). Each dataset has data keys, one per period
 * (e.g. a month of records, or `pseudonyms` for an agreement's pseudonymisation key); data
 * keys are stored wrapped by the node's master key. A sealed value is bound to its row and
 * field by the associated data, so it cannot be moved to another row. Destroying a data key
 * makes everything sealed with it unreadable: crypto-shredding.
 *
 * The master key comes from TESSERA_MASTER_KEY (32 bytes, base64). Without it the node keeps
 * a generated key in its own settings, which protects nothing against someone holding the
 * database — fine for a demo, not for production (see docs/governance.md).
 */
type Db = Kysely<CoreDatabase & GovernanceTables>;
const MASTER_SETTING = 'crypto.master-key';
const toBuf = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

export async function masterKey(store: Store, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  if (env.TESSERA_MASTER_KEY) {
    const k = Buffer.from(env.TESSERA_MASTER_KEY, 'base64');
    if (k.length !== 32) throw new TesseraError('bad_master_key', 'TESSERA_MASTER_KEY must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`).', { status: 500 });
    return k;
  }
  const read = () => store.db.selectFrom('node_settings').select('value').where('key', '=', MASTER_SETTING).executeTakeFirst();
  let row = await read();
  if (!row) {
    await store.db.insertInto('node_settings').values({ key: MASTER_SETTING, value: JSON.stringify(randomBytes(32).toString('base64')) }).onConflict((oc) => oc.column('key').doNothing()).execute();
    row = await read();
  }
  // jsonb holding a string: both drivers hand back the string itself.
  return Buffer.from(String(row?.value), 'base64');
}

function gcmSeal(key: Buffer, plaintext: Buffer, aad: string): { iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([c.update(plaintext), c.final()]);
  return { iv, ciphertext, tag: c.getAuthTag() };
}

function gcmOpen(key: Buffer, sealed: { iv: Uint8Array; ciphertext: Uint8Array; tag: Uint8Array }, aad: string): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, toBuf(sealed.iv));
  d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(toBuf(sealed.tag));
  return Buffer.concat([d.update(toBuf(sealed.ciphertext)), d.final()]);
}

export interface DataKey {
  id: string;
  key: Buffer;
}

/** The data key of a dataset and period, created when `create` is set; null when it was destroyed. */
export async function dataKey(store: Store, datasetId: string, period: string, create: boolean): Promise<DataKey | null> {
  const db = store.db.withTables<GovernanceTables>() as Db;
  const kek = await masterKey(store);
  let row = await db.selectFrom('data_keys').selectAll().where('dataset_id', '=', datasetId).where('period', '=', period).executeTakeFirst();
  if (!row) {
    if (!create) return null;
    const id = `datakey--${randomUUID()}`;
    const dek = randomBytes(32);
    const w = gcmSeal(kek, dek, id);
    await db.insertInto('data_keys').values({ id, dataset_id: datasetId, period, wrapped: Buffer.concat([w.iv, w.tag, w.ciphertext]), created_at: new Date().toISOString(), destroyed_at: null }).onConflict((oc) => oc.columns(['dataset_id', 'period']).doNothing()).execute();
    row = await db.selectFrom('data_keys').selectAll().where('dataset_id', '=', datasetId).where('period', '=', period).executeTakeFirstOrThrow();
  }
  if (!row.wrapped) return null;
  const w = toBuf(row.wrapped);
  try {
    return { id: row.id, key: gcmOpen(kek, { iv: w.subarray(0, 12), tag: w.subarray(12, 28), ciphertext: w.subarray(28) }, row.id) };
  } catch (e) {
    throw new TesseraError('master_key_mismatch', `Data key ${row.id} cannot be unwrapped with this node's master key: TESSERA_MASTER_KEY differs from the one the key was made with.`, { status: 500, cause: e });
  }
}

/** Encrypts a field value of a row with the dataset's key for the period. */
export async function sealField(store: Store, at: { recordId: string; field: string; datasetId: string; period: string }, plaintext: string | Buffer): Promise<void> {
  const k = await dataKey(store, at.datasetId, at.period, true);
  if (!k) throw new TesseraError('key_destroyed', `The key of dataset ${at.datasetId} for ${at.period} was destroyed (crypto-shredded); nothing more can be sealed with it.`, { status: 409 });
  const s = gcmSeal(k.key, Buffer.isBuffer(plaintext) ? plaintext : Buffer.from(plaintext, 'utf8'), `${at.recordId}\u0000${at.field}\u0000${k.id}`);
  const db = store.db.withTables<GovernanceTables>() as Db;
  await db
    .insertInto('sealed_fields')
    .values({ record_id: at.recordId, field: at.field, key_id: k.id, iv: s.iv, ciphertext: s.ciphertext, tag: s.tag })
    .onConflict((oc) => oc.columns(['record_id', 'field']).doUpdateSet({ key_id: k.id, iv: s.iv, ciphertext: s.ciphertext, tag: s.tag }))
    .execute();
}

export type Opened = { state: 'ok'; value: Buffer } | { state: 'absent' } | { state: 'shredded'; keyId: string };

/** Decrypts a sealed field; `shredded` when its key was destroyed. */
export async function openField(store: Store, recordId: string, field: string): Promise<Opened> {
  const db = store.db.withTables<GovernanceTables>() as Db;
  const row = await db
    .selectFrom('sealed_fields as s')
    .innerJoin('data_keys as k', 'k.id', 's.key_id')
    .select(['s.key_id', 's.iv', 's.ciphertext', 's.tag', 'k.dataset_id', 'k.period', 'k.wrapped'])
    .where('s.record_id', '=', recordId)
    .where('s.field', '=', field)
    .executeTakeFirst();
  if (!row) return { state: 'absent' };
  if (!row.wrapped) return { state: 'shredded', keyId: row.key_id };
  const k = await dataKey(store, row.dataset_id, row.period, false);
  if (!k) return { state: 'shredded', keyId: row.key_id };
  try {
    return { state: 'ok', value: gcmOpen(k.key, row, `${recordId}\u0000${field}\u0000${row.key_id}`) };
  } catch (e) {
    throw new TesseraError('sealed_field_tampered', `The sealed ${field} of ${recordId} fails authentication: it was altered or moved from another row.`, { status: 500, cause: e });
  }
}

/** Crypto-shredding: destroys a data key; what it sealed can never be read again. Returns how many sealed values that made unreadable. */
export async function destroyDataKey(store: Store, datasetId: string, period: string): Promise<number> {
  const db = store.db.withTables<GovernanceTables>() as Db;
  const row = await db.selectFrom('data_keys').select(['id']).where('dataset_id', '=', datasetId).where('period', '=', period).executeTakeFirst();
  if (!row) return 0;
  await db.updateTable('data_keys').set({ wrapped: null, destroyed_at: new Date().toISOString() }).where('id', '=', row.id).execute();
  const n = await db.selectFrom('sealed_fields').select((eb) => eb.fn.countAll<number>().as('n')).where('key_id', '=', row.id).executeTakeFirstOrThrow();
  return Number(n.n);
}

/** Data keys of datasets for periods before `period` (YYYY-MM) that still exist: candidates for shredding. */
export async function liveKeysBefore(store: Store, datasetId: string, period: string): Promise<string[]> {
  const db = store.db.withTables<GovernanceTables>() as Db;
  const rows = await db.selectFrom('data_keys').select('period').where('dataset_id', '=', datasetId).where('period', '<', period).where('period', '~', '^[0-9]{4}-[0-9]{2}$').where('wrapped', 'is not', null).execute();
  return rows.map((r) => r.period);
}

/** Opens one field of many records at once (one query, keys unwrapped once each). */
export async function openFields(store: Store, recordIds: readonly string[], field: string): Promise<Map<string, Opened>> {
  const out = new Map<string, Opened>();
  if (recordIds.length === 0) return out;
  const db = store.db.withTables<GovernanceTables>() as Db;
  const rows = await db
    .selectFrom('sealed_fields as s')
    .innerJoin('data_keys as k', 'k.id', 's.key_id')
    .select(['s.record_id', 's.key_id', 's.iv', 's.ciphertext', 's.tag', 'k.dataset_id', 'k.period', 'k.wrapped'])
    .where('s.record_id', 'in', [...recordIds])
    .where('s.field', '=', field)
    .execute();
  const keys = new Map<string, DataKey | null>();
  for (const r of rows) {
    if (!keys.has(r.key_id)) keys.set(r.key_id, r.wrapped ? await dataKey(store, r.dataset_id, r.period, false) : null);
    const k = keys.get(r.key_id);
    if (!k) {
      out.set(r.record_id, { state: 'shredded', keyId: r.key_id });
      continue;
    }
    try {
      out.set(r.record_id, { state: 'ok', value: gcmOpen(k.key, r, `${r.record_id}\u0000${field}\u0000${r.key_id}`) });
    } catch (e) {
      throw new TesseraError('sealed_field_tampered', `The sealed ${field} of ${r.record_id} fails authentication: it was altered or moved from another row.`, { status: 500, cause: e });
    }
  }
  return out;
}
