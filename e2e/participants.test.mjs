// A coach's flow on a phone: register a participant with consent, enrol, record steps,
// start after-support, exit to work, and see the after-support schedule and the follow-ups.
// Every page is checked with axe-core; screenshots land in e2e/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, accessible } from './helpers.mjs';

// The record, or the record back at the stay an action was taken on (which confirms it).
const RECORD = /\/participants\/\d+(\?saved=[\w-]+#[\w-]+)?$/;

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

test('a coach registers, enrols, records steps and exits a participant to work (phone)', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, bypassCSP: true, locale: 'sv-SE' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  await page.goto(server.base + '/login');
  await page.getByLabel('E-post').fill('coach@hoglandet.demo');
  await page.getByLabel('Lösenord').fill('hoglandet-demo');
  await page.getByRole('button', { name: 'Logga in' }).click();
  // A coach lands on Min sida.
  await page.waitForURL('**/o/hoglandet/coach');
  assert.equal(await page.locator('h1').innerText(), 'Min sida');
  assert.match(await page.locator('.lead').innerText(), /^Du har \d+ av 20 platser \(\d+ %\)\.$/);
  await accessible(page, 'coach-01-my-page');

  await page.getByRole('link', { name: 'Registrera deltagare' }).click();
  await page.waitForURL('**/participants/new');
  await accessible(page, 'coach-02-register');
  await page.getByLabel('Kön').selectOption({ label: 'Kvinna' });
  await page.getByLabel('Insats', { exact: true }).selectOption({ label: 'SE-Höglandet' });
  await page.getByLabel('Kommun', { exact: true }).selectOption({ label: 'Eksjö kommun' });
  await page.getByLabel('Remittent', { exact: true }).selectOption({ label: 'Arbetsförmedlingen' });
  await page.getByLabel('Deltagaren har gett samtycke').check();
  await page.getByLabel('Samtycke lämnat till').selectOption({ label: 'Arbetsförmedlingen' });
  await page.getByLabel('Att ärendet tas upp i remittentgruppen').check();
  await page.getByLabel(/^Personnummer/).fill('19811218-9876');
  await page.getByLabel('Namn').fill('Anna Andersson');
  await page.getByRole('button', { name: 'Registrera' }).click();
  await page.waitForURL(RECORD);
  assert.match(await page.locator('main').innerText(), /SE-Höglandet · Anmäld/);
  assert.doesNotMatch(await page.locator('main').innerText(), /Anna Andersson/, 'the identity is shown only on request');
  await accessible(page, 'coach-03-record-referred');

  const start = page.locator('form[action$="/start"]');
  await start.getByLabel('Försörjningsstöd').check();
  await start.getByRole('button', { name: 'Skriv in' }).click();
  await page.waitForURL(RECORD);
  assert.match(await page.locator('main').innerText(), /SE-Höglandet · Pågående/);

  for (const step of ['1', '2', '3']) {
    const form = page.locator('form[action$="/step"]');
    await form.getByLabel('Steg').selectOption(step);
    await form.getByRole('button', { name: 'Spara steg' }).click();
    await page.waitForURL(RECORD);
    assert.equal(await page.locator('section.episode [role=status]').innerText(), 'Sparat.');
  }
  assert.equal(await page.locator('ol.steps li').count(), 3);
  assert.match(await page.locator('ol.steps').innerText(), /3 Jobbsökande\/hitta arbetsplats/);
  await accessible(page, 'coach-04-record-active');

  await page.locator('form[action$="/after-support"]').getByRole('button', { name: 'Starta efterstöd' }).click();
  await page.waitForURL(RECORD);
  const exit = page.locator('form[action$="/exit"]');
  await exit.getByLabel('Avslutsorsak').selectOption({ label: 'Arbete (även med lönestöd)' });
  await exit.getByLabel('Lön').check();
  await exit.getByLabel('Sysselsättning efter').fill('Undersköterska');
  await exit.getByRole('button', { name: 'Avsluta' }).click();
  await page.waitForURL(RECORD);
  const text = await page.locator('main').innerText();
  assert.match(text, /SE-Höglandet · Avslutad/);
  assert.match(text, /Arbete \(även med lönestöd\)/);
  assert.match(text, /6 månader efter avslut/);
  assert.match(text, /12 månader efter avslut/);
  const schedule = page.getByRole('region', { name: 'Efterstöd' }).locator('tbody tr');
  assert.equal(await schedule.count(), 11, 'six months of after-support by the schedule');
  await page.getByRole('region', { name: 'Efterstöd' }).getByRole('button', { name: /^Klar\b/ }).first().click();
  await page.waitForURL(RECORD);
  assert.equal(await page.getByRole('region', { name: 'Efterstöd' }).getByRole('button', { name: /^Klar\b/ }).count(), 10);
  await accessible(page, 'coach-05-record-ended');

  await page.getByRole('link', { name: 'Visa personuppgifter' }).click();
  assert.match(await page.locator('main').innerText(), /19811218-9876 Anna Andersson/);
  await accessible(page, 'coach-06-identity');

  await page.goto(server.base + '/o/hoglandet/queue');
  assert.match(await page.locator('main').innerText(), /SE-2026-041/);
  await accessible(page, 'coach-07-queue');
  assert.deepEqual(errors, []);
  await context.close();
});
