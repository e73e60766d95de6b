import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { demoLogins, seedDemo, type DemoLogin } from '../../src/demo/index.ts';
import { startServer, type RunningServer } from '../../src/server/listen.ts';
import { openStore, type Store } from '../../src/store/index.ts';
// @ts-expect-error plain ESM helper shared with `npm start`, no types
import { ensureConsoleBuilt } from '../../web/scripts/ensure-built.mjs';

export const SHOTS = join(process.cwd(), 'test-results', 'console');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ConsoleNode {
  store: Store;
  server: RunningServer;
  browser: Browser;
  logins: DemoLogin[];
  login(org: string): DemoLogin;
  /** GET/POST the node's public API as an organisation (what the page must agree with). */
  api<T = unknown>(org: string, path: string, init?: { method?: string; body?: unknown; type?: string }): Promise<T>;
  /** A new page signed in as the organisation's demo steward, opened at a console route. */
  open(org: string, route: string, opts?: { width?: number; height?: number; lang?: string }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * One demo node per test file: an embedded store in a temp folder with a small synthetic demo,
 * the built console, the node on a free port, and Debian's chromium (never a downloaded browser).
 */
export async function startConsoleNode(reports = 1500): Promise<ConsoleNode> {
  await ensureConsoleBuilt({ quiet: true });
  mkdirSync(SHOTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'tessera-console-'));
  const store = await openStore({ dataDir: dir });
  await seedDemo(store, { seed: 42, reports, contacts: 50 });
  const logins = await demoLogins(store);
  const server = await startServer(store, { port: 0, logLevel: 'silent' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
  });
  const login = (org: string) => {
    const l = logins.find((x) => x.organisation === org);
    if (!l) throw new Error(`no demo login for ${org}; have ${logins.map((x) => x.organisation).join(', ')}`);
    return l;
  };
  return {
    store, server, browser, logins, login,
    async api<T>(org: string, path: string, init: { method?: string; body?: unknown; type?: string } = {}) {
      const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      const r = await fetch(server.apiUrl + path, { method: init.method ?? (body ? 'POST' : 'GET'), headers: { authorization: `Bearer ${login(org).token}`, ...(body ? { 'content-type': init.type ?? 'application/json' } : {}) }, body });
      const text = await r.text();
      if (!r.ok) throw new Error(`${init.method ?? 'GET'} ${path} -> ${r.status} ${text.slice(0, 300)}`);
      return JSON.parse(text) as T;
    },
    async open(org, route, opts = {}) {
      const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 }, locale: opts.lang ?? 'en-GB' });
      const token = login(org).token;
      // The token as the login form would leave it (the form itself is tested separately).
      await context.addInitScript(`sessionStorage.setItem('tessera.token', ${JSON.stringify(token)}); localStorage.setItem('tessera.lang', ${JSON.stringify((opts.lang ?? 'en').slice(0, 2))});`);
      const page = await context.newPage();
      page.on('pageerror', (e) => process.stderr.write(`[console page error] ${e.message}\n`));
      await page.goto(`${server.consoleUrl}#/${route}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      return page;
    },
    async close() {
      await browser.close().catch(() => {});
      await server.close().catch(() => {});
      await store.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** axe-core's WCAG 2.1 A/AA rules in the page; returns the violations (ids and a target each). */
export async function axeViolations(page: Page): Promise<Array<{ id: string; impact: string | null; targets: string[] }>> {
  // Evaluated over the DevTools protocol, so the console's strict CSP needs no exception.
  await page.evaluate(axeSource);
  return page.evaluate<Array<{ id: string; impact: string | null; targets: string[] }>>(`
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))
  `);
}
