// The money as its readers meet it: a board member on a tablet reads the 2023 half-year
// follow-up; the director on a phone revises a budget from its own download, imports a
// ledger (a bad row first), and approves a payout once its papers are in. Every page is
// checked with axe-core; screenshots land in e2e/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launch, accessible, login, menu } from './helpers.mjs';

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

function cells(page, label) {
  return page.locator('tr', { has: page.locator('th[scope=row]', { hasText: label }) }).first().locator('td').allInnerTexts();
}

test('a board member reads the 2023 half-year follow-up on a tablet', async () => {
  const page = await login(browser, server, { width: 820, height: 1180 }, 'styrelse@hoglandet.demo');
  await menu(page, 'Ekonomisk uppföljning');
  await page.waitForURL('**/follow-up');
  await page.getByLabel('Datum').fill('2023-06-30');
  await page.getByRole('button', { name: 'Visa' }).click();
  await page.waitForURL(/on=2023-06-30/);
  // 003 §5, column by column.
  assert.deepEqual((await cells(page, 'Summa intäkter')).slice(0, 4), ['8 098 439', '8 036 000', '6 027 067', '8 136 068']);
  assert.deepEqual((await cells(page, 'Summa kostnader')).slice(0, 4), ['8 363 466', '8 054 000', '3 836 286', '7 839 000']);
  assert.deepEqual((await cells(page, 'Årets resultat')).slice(0, 4), ['−265 027', '−18 000', '2 190 781', '297 068']);
  assert.deepEqual(await cells(page, 'Summa eget kapital och skulder'), ['3 985 322']);
  assert.match(await page.locator('main').innerText(), /Likviditeten räcker till alla beslutade utbetalningar/);
  assert.equal(await page.getByRole('button', { name: 'Spara' }).count(), 0, 'the board reads only');
  await accessible(page, 'money-01-follow-up-board-tablet');
  await menu(page, 'Budget');
  await page.waitForURL('**/budget');
  assert.deepEqual(await cells(page, 'Andel Individinriktade insatser'), ['56,2 %', '56,2 %', '56,2 %']);
  await accessible(page, 'money-02-budget-board-tablet');
});

test('the director revises a budget, imports the ledger and approves a payout (phone)', async () => {
  const page = await login(browser, server, { width: 390, height: 844 }, 'chef@hoglandet.demo');
  const dir = mkdtempSync(join(tmpdir(), 'samordna-money-'));
  // The budget shown (2024–2026) downloaded, then added back as a revision.
  await page.goto(server.base + '/o/hoglandet/budget');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Ladda ner Excel (XLSX)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'budget-hoglandet-2024-2026.xlsx');
  const file = join(dir, 'budget.xlsx');
  await download.saveAs(file);
  await page.getByLabel('Version', { exact: true }).selectOption({ label: 'Reviderad' });
  await page.getByLabel('Anteckning').fill('Reviderad efter medlemssamrådet');
  await page.getByLabel('Fil', { exact: true }).setInputFiles(file);
  await page.getByRole('button', { name: 'Spara budgeten' }).click();
  await page.waitForURL(/budget\?id=/);
  assert.match(await page.locator('main').innerText(), /Reviderad · Reviderad efter medlemssamrådet/);
  await accessible(page, 'money-03-budget-director-phone');

  // A ledger with an account nobody has mapped: refused whole, the row named.
  const ledger = join(dir, 'huvudbok.csv');
  writeFileSync(ledger, 'konto;period;belopp\nRevision;2026-03;12 500\n4010;2026-03;331 666,67\n');
  await menu(page, 'Utfall');
  await page.waitForURL('**/ledger');
  await page.getByLabel('Fil', { exact: true }).setInputFiles(ledger);
  await page.getByRole('button', { name: 'Importera' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /Rad 3: Konto: ”4010”/);
  await accessible(page, 'money-04-ledger-error-phone');
  await page.getByLabel('Konto', { exact: true }).fill('4010');
  await page.locator('#f-mline').fill('SE-Höglandet');
  await page.getByLabel('Typ', { exact: true }).selectOption({ label: 'Kostnad' });
  await page.getByRole('button', { name: 'Spara' }).first().click();
  await page.waitForURL(/ledger\?year=/);
  await page.getByLabel('Fil', { exact: true }).setInputFiles(ledger);
  await page.getByRole('button', { name: 'Importera' }).click();
  await page.getByRole('status').waitFor();
  assert.match(await page.getByRole('status').innerText(), /2 belopp importerade/);
  const se = await cells(page, 'SE-Höglandet');
  assert.equal(se[2], '331 667', 'March, rounded to whole kronor');
  await accessible(page, 'money-05-ledger-phone');

  // December 2023's payout to Aneby: papers in, then approved.
  await page.goto(server.base + '/o/hoglandet/payouts?year=2023&half=2');
  await page.getByLabel('Intyg inkommet, SE-Höglandet, Aneby kommun').fill('2023-12-01');
  await page.getByLabel('Rapporter inkomna, SE-Höglandet, Aneby kommun').fill('2023-12-05');
  await page.getByRole('button', { name: 'Spara, SE-Höglandet, Aneby kommun' }).click();
  await page.waitForURL(/half=2/);
  await page.getByRole('button', { name: 'Godkänn, SE-Höglandet, Aneby kommun' }).click();
  await page.waitForURL(/half=2/);
  const aneby = await cells(page, 'Aneby kommun');
  assert.equal(aneby[2], '174 375 kr');
  assert.ok(aneby.includes('2023-12-05'), `${aneby}`);
  assert.equal(await page.getByRole('button', { name: 'Godkänn, SE-Höglandet, Aneby kommun' }).count(), 0, 'approved once');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page fits the phone: ${width}px`);
  await accessible(page, 'money-06-payouts-director-phone');

  // A vacancy in Tranås, September–October 2023, lowers December's payout to Tranås.
  await page.getByRole('link', { name: 'Avtal, andelar och vakanser' }).click();
  await page.waitForURL('**/agreements');
  await page.locator('#r-agreement').selectOption({ label: 'SE-Höglandet, Tranås kommun' });
  await page.getByLabel('Från månad').fill('2023-09');
  await page.getByLabel('Till och med månad').fill('2023-10');
  await page.getByRole('button', { name: 'Spara' }).first().click();
  await page.waitForURL('**/agreements');
  assert.match(await page.locator('main').innerText(), /2023-09–2023-10: 0,00/);
  await accessible(page, 'money-07-agreements-director-phone');
  await page.goto(server.base + '/o/hoglandet/payouts?year=2023&half=2');
  // 1,00 × 465 000 × 4/12 = 155 000.
  assert.equal((await cells(page, 'Tranås kommun'))[2], '155 000 kr');
});
