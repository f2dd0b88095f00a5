// The half-year report as its readers meet it: the director writes the summary of a new
// report on a desktop, sees the live preview and approves it with the board's decision; a
// board member on a tablet opens the approved H1 2023 report and its PDF. Every page is
// checked with axe-core; screenshots of the pages and of the PDF's first pages (pdftoppm)
// land in e2e/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, launch, accessible, login, ARTIFACTS, menu } from './helpers.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

test('the director writes the summary, previews it and approves the report (desktop)', async () => {
  const page = await login(browser, server, { width: 1280, height: 900 }, 'chef@hoglandet.demo');
  await menu(page, 'Rapporter');
  await page.waitForURL('**/reports');
  await page.getByLabel('Slag').selectOption('half-year');
  await page.getByLabel('År', { exact: true }).fill('2026');
  await page.getByLabel('Halvår').selectOption('1');
  await page.getByRole('button', { name: 'Skapa rapporten' }).click();
  await page.waitForURL(/\/reports\/\d+$/);
  const summary = page.locator('details', { has: page.locator('summary', { hasText: 'Sammanfattning' }) });
  await summary.getByLabel('Text').fill('Våren präglades av **fler deltagare** än planerat.\n\n- SE-Höglandet växte\n- IT-spåret fortsatte');
  // The preview follows what is typed, before anything is saved.
  await summary.locator('.preview strong', { hasText: 'fler deltagare' }).waitFor();
  assert.equal(await summary.locator('.preview li').count(), 2);
  await accessible(page, 'reports-01-director-writes-desktop');
  await summary.getByRole('button', { name: 'Spara avsnittet' }).click();
  await page.waitForURL(/\/reports\/\d+$/);
  assert.match(await page.locator('article.report').innerText(), /Våren präglades av fler deltagare än planerat/);
  await page.getByLabel('Beslutsdatum').fill('2026-08-27');
  await page.getByLabel('Paragraf i protokollet').fill('§ 7');
  await page.getByRole('button', { name: 'Godkänn rapporten' }).click();
  await page.waitForURL(/\/reports\/\d+$/);
  const main = await page.locator('main').innerText();
  assert.match(main, /Godkänd av styrelsen 2026-08-27 \(§ 7\)/);
  assert.match(main, /Rapporten är godkänd och kan inte ändras/);
  assert.equal(await page.getByRole('button', { name: 'Spara avsnittet' }).count(), 0);
  await accessible(page, 'reports-02-director-approved-desktop');
});

test('a board member opens the approved H1 2023 report and its PDF on a tablet', async () => {
  const page = await login(browser, server, { width: 820, height: 1180 }, 'styrelse@hoglandet.demo');
  await menu(page, 'Rapporter');
  await page.waitForURL('**/reports');
  await accessible(page, 'reports-03-list-board-tablet');
  await page.getByRole('link', { name: 'Delårsrapport 2023 (januari–juni 2023)', exact: true }).click();
  await page.waitForURL(/\/reports\/\d+$/);
  const text = await page.locator('article.report').innerText();
  assert.match(text, /3\.1\.1 SE-Höglandet/);
  assert.match(text, /Deltog minst en dag\s+78 \(\d+\)\s+86 \(\d+\)/);
  assert.match(text, /I efterstöd totalt\s+.*25 \(\d+\)/);
  assert.equal(await page.locator('textarea').count(), 0, 'the board reads only');
  // Nothing sticks out sideways on the tablet.
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 820, `page is ${wide} px wide`);
  await accessible(page, 'reports-04-report-board-tablet');
  // Printed, the page is the document: no menu, no forms.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.top').isVisible(), false);
  assert.equal(await page.locator('form').first().isVisible(), false);
  assert.equal(await page.locator('article.report').isVisible(), true);
  await page.pdf({ path: join(ARTIFACTS, 'reports-06-printed-page.pdf') });
  await page.emulateMedia({ media: 'screen' });
  const href = await page.getByRole('link', { name: 'Ladda ner PDF' }).getAttribute('href');
  const res = await page.request.get(server.base + href);
  assert.equal(res.status(), 200);
  assert.equal(res.headers()['content-type'], 'application/pdf');
  const pdf = join(ARTIFACTS, 'reports-05-h1-2023.pdf');
  writeFileSync(pdf, await res.body());
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '4', pdf, join(ARTIFACTS, 'reports-05-h1-2023-page')]);
  const pdfText = execFileSync('pdftotext', [pdf, '-']).toString();
  assert.match(pdfText, /164/);
  assert.match(pdfText, /8 136 068/);
});
