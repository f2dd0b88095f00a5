// Shared by the browser tests: start the real binary on a fresh database, launch Debian's
// chromium, and check a page with axe-core against WCAG 2.1 A and AA.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const BIN = process.env.SAMORDNA_BIN || join(here, '..', 'target', 'debug', 'samordna');
export const ARTIFACTS = join(here, 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });
const AXE = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Starts `samordna serve --demo` on a free port (with `extra` flags of `serve`); resolves to
 * { base, stop }. */
export function startServer(extra = []) {
  const dir = mkdtempSync(join(tmpdir(), 'samordna-e2e-'));
  const proc = spawn(BIN, ['--database', `sqlite://${join(dir, 'e2e.db')}`, 'serve', '--demo', '--addr', '127.0.0.1:0', ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG || 'warn', SAMORDNA_IDENTITY_KEY_FILE: join(dir, 'e2e.key') },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 60 s')), 60_000);
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const m = line.match(/^samordna: listening on (.*)$/);
      if (m) {
        clearTimeout(timer);
        resolve({ base: m[1], stop: () => proc.kill('SIGTERM') });
      }
    });
  });
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

/** Runs axe on the page; returns the violations (WCAG 2.1 A and AA). */
export async function axe(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

export async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Asserts that axe finds nothing on the page, then saves its screenshot as `name`. */
export async function accessible(page, name) {
  const violations = await axe(page);
  if (violations.length) throw new Error(`${name}: ${JSON.stringify(violations, null, 2)}`);
  await shot(page, name);
}

/** A new browser context of the given size, logged in as a demo account. */
export async function login(browser, server, viewport, email) {
  const context = await browser.newContext({ viewport, isMobile: viewport.width < 800, hasTouch: true, bypassCSP: true, locale: 'sv-SE', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(server.base + '/login');
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Lösenord').fill('hoglandet-demo');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(/\/o\/hoglandet(\/coach)?$|\/n\/jonkopings-lan\/stats$/);
  return page;
}

/** Opens the folded menu (a phone) if it is folded; the account's buttons come with it. */
export async function openMenu(page) {
  const toggle = page.locator('.menu-toggle');
  if (await toggle.isVisible() && (await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
}

/** Follows a link of the main menu, as a person does on any screen. */
export async function menu(page, name) {
  await openMenu(page);
  await page.getByRole('navigation', { name: /Huvudmeny|Main menu/ }).getByRole('link', { name, exact: true }).click();
}
