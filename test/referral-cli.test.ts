import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** The referral and catalogue commands end to end on the synthetic demo, as a steward would run them. */
const BIN = join(import.meta.dirname, '..', 'bin', 'tessera.js');
const dir = mkdtempSync(join(tmpdir(), 'tessera-referral-cli-'));
const data = join(dir, 'data');
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'TESSERA_DATA' && k !== 'TESSERA_USER'));

function tessera(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, '--data', data, ...args], { encoding: 'utf8', env, timeout: 600_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const json = <T>(...args: string[]): T => {
  const r = tessera(...args, '--json');
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.out} ${r.err}`);
  return JSON.parse(r.out) as T;
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tessera services, referral, outcome, catalogue', () => {
  let ipe = '';
  it('loads the demo, whose directory, referrals and catalogue are there', () => {
    const d = tessera('demo', '--no-serve', '--seed', '2', '--reports', '600', '--contacts', '200', '--json');
    expect(d.code, d.err).toBe(0);
    const logins = (JSON.parse(d.out) as { logins: Array<{ organisation: string; email: string }> }).logins;
    ipe = logins.find((l) => l.organisation === 'ipe-helpline')?.email as string;
    const hits = json<Array<{ name: string; matched: string[] }>>('services', 'search', '--country', 'BR', '--language', 'pt-BR', '--age', '12', '--need', 'counselling', '--as', ipe);
    expect(hits.map((h) => h.name)).toContain('Linha Ipê counselling (synthetic)');
    const human = tessera('services', 'search', '--country', 'ZZ', '--as', ipe);
    expect(human.out).toContain('No service matches every criterion');
    const cat = json<Array<{ holder: { slug: string } }>>('catalogue', 'search', '--field', 'Contact.channel', '--as', ipe);
    expect(cat.map((c) => c.holder.slug)).toContain('ipe-helpline');
    expect(tessera('catalogue', 'search', 'hash', 'list', '--as', ipe).out).toContain('albion-hotline');
  }, 900_000);

  it('refers a child from a contact, steps it along, records an outcome; bad steps are clear errors', () => {
    const contacts = json<{ items: Array<{ originId: string; originKind: string }> }>('referral', 'list', '--as', ipe, '--limit', '100').items;
    expect(contacts.length).toBeGreaterThan(0);
    const services = json<Array<{ id: string; name: string }>>('services', 'search', '--country', 'BR', '--need', 'legal-advice', '--as', ipe);
    const origin = contacts[0]?.originId as string;
    const created = json<{ id: string; status: string }>('referral', 'create', '--origin', origin, '--service', services[0]?.id as string, '--needs', 'legal-advice', '--at', new Date(Date.now() - 3_600_000).toISOString(), '--as', ipe);
    expect(created.status).toBe('created');
    const sent = tessera('referral', 'update', created.id, '--status', 'sent', '--as', ipe);
    expect(sent.code, sent.err).toBe(0);
    expect(sent.out).toContain('created → sent');
    const bad = tessera('referral', 'update', created.id, '--status', 'created', '--as', ipe);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('error[invalid_transition]');
    const o = json<{ positive: boolean; type: string }>('outcome', 'record', '--target', created.id, '--type', 'service-provided', '--as', ipe);
    expect([o.type, o.positive]).toEqual(['service-provided', true]);
    const unknown = tessera('referral', 'create', '--origin', origin, '--service', 'service--00000000-0000-4000-8000-000000000000', '--needs', 'legal-advice', '--as', ipe);
    expect(unknown.err).toContain('error[unknown_service]');
    expect(tessera('outcome', 'list', '--positive', '--as', ipe).out).toContain('service-provided');
  }, 300_000);

  it('imports a directory CSV and writes the dictionary as HTML', () => {
    const csv = join(dir, 'dir.csv');
    writeFileSync(csv, 'slug,name,kind,jurisdiction,languages,needs\nclinic-x,Clinic X (synthetic),medical,BR,pt-BR,medical-care\nbad,Bad,clinic,BR,pt-BR,medical-care\n');
    const r = tessera('services', 'import', csv, '--as', ipe);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Nothing was imported: 1 problem in .*dir\.csv\. line 3: kind: must be one of child-helpline/);
    const html = join(dir, 'dd.html');
    expect(tessera('catalogue', 'dictionary', '--lang', 'es', '--out', html).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('Diccionario de datos');
  }, 120_000);
});
