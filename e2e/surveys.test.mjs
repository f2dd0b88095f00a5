// A survey round from opening to answers: the director opens a round with single-use codes;
// participants answer on a phone, with and without JavaScript; a used code is refused with a
// clear message. Every page is checked with axe-core; screenshots land in e2e/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

const phone = { width: 390, height: 844 };
const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);

async function respondent(js) {
  const context = await browser.newContext({ viewport: phone, isMobile: true, hasTouch: true, bypassCSP: true, locale: 'sv-SE', javaScriptEnabled: js });
  return context.newPage();
}

test('a round is opened, answered on a phone with and without JavaScript, and a used code is refused', async () => {
  const director = await login(browser, server, { width: 1024, height: 900 }, 'chef@hoglandet.demo');
  await menu(director, 'Enkäter');
  await director.waitForURL('**/o/hoglandet/surveys');
  await accessible(director, 'survey-01-list');
  await director.getByLabel('Enkät', { exact: true }).selectOption({ label: 'Indikatorenkät för deltagare' });
  await director.getByLabel('Insats').selectOption({ label: 'SE-Höglandet' });
  await director.getByLabel('Namn på omgången').fill('Pågående november');
  await director.getByLabel('Öppnar').fill(day(-1));
  await director.getByLabel('Stänger').fill(day(30));
  await director.getByLabel('Antal koder').fill('3');
  await director.getByRole('button', { name: 'Öppna omgången' }).click();
  await director.waitForURL(/\/surveys\/rounds\/\d+$/);
  await accessible(director, 'survey-02-round');
  const link = await director.locator('main a[href*="/s/"]').first().getAttribute('href');
  const codes = (await director.locator('ul.codes li').allInnerTexts()).map((c) => c.trim());
  assert.equal(codes.length, 3);
  assert.ok(await director.locator('figure.qr svg[role=img]').isVisible(), 'the QR code is shown');
  const path = new URL(link).pathname;

  // With JavaScript, the code from the QR link filled in.
  const p1 = await respondent(true);
  await p1.goto(`${server.base}${path}?code=${codes[0]}`);
  assert.equal(await p1.getByLabel(/Din kod/).inputValue(), codes[0]);
  // The participant sees who asks.
  assert.match(await p1.locator('main').innerText(), /Enkäten kommer från Höglandets samordningsförbund, SE-Höglandet\./);
  await accessible(p1, 'survey-03-answer-phone');
  await p1.getByRole('radio', { name: 'Kvinna' }).check();
  const q1 = p1.getByRole('group', { name: /1\. Får du stöd/ });
  await q1.getByRole('radio', { name: 'Alltid' }).check();
  const q5 = p1.getByRole('group', { name: /5\. Har det stöd/ });
  await q5.getByRole('radio', { name: 'Till stor del' }).check();
  await p1.getByRole('button', { name: 'Skicka svar' }).click();
  await p1.getByRole('heading', { name: 'Tack för dina svar!' }).waitFor();
  await accessible(p1, 'survey-04-thanks');

  // The easy-to-read page (axe needs JavaScript to run; the page itself does not).
  const easy = await respondent(true);
  await easy.goto(`${server.base}${path}?lattlast=1`);
  await accessible(easy, 'survey-05-easy');
  // And in English.
  await easy.getByRole('button', { name: 'English' }).click();
  await easy.getByRole('heading', { name: 'Indicator survey for participants' }).waitFor();
  assert.ok(await easy.getByRole('group', { name: /1\. Do you get support/ }).isVisible());
  await accessible(easy, 'survey-05-english');

  // Without JavaScript, easy-to-read, typing the code as people do: small letters, no dash.
  const p2 = await respondent(false);
  await p2.goto(`${server.base}${path}?lattlast=1`);
  await p2.getByLabel(/Skriv koden från din lapp/).fill(codes[1].replace('-', '').toLowerCase());
  await p2.getByRole('group', { name: /3\. Får stödet ta den tid/ }).getByRole('radio', { name: 'Ofta' }).check();
  // The help says "Tryck på Skicka", and the button says so too.
  assert.match(await p2.locator('.steps-help').innerText(), /Tryck på Skicka/);
  await p2.getByRole('button', { name: 'Skicka', exact: true }).click();
  await p2.getByRole('heading', { name: 'Tack för dina svar!' }).waitFor();

  // The first code again: refused, plainly.
  const p3 = await respondent(true);
  await p3.goto(`${server.base}${path}?code=${codes[0]}`);
  await p3.getByRole('group', { name: /2\. Är du med/ }).getByRole('radio', { name: 'Sällan' }).check();
  await p3.getByRole('button', { name: 'Skicka svar' }).click();
  const alert = p3.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /Koden har redan använts/);
  await accessible(p3, 'survey-06-used-code');

  // A code no one was given: said so, and how to go on.
  await p3.getByLabel(/Din kod/).fill('QQQQ-QQQQ');
  await p3.getByRole('group', { name: /2\. Är du med/ }).getByRole('radio', { name: 'Sällan' }).check();
  await p3.getByRole('button', { name: 'Skicka svar' }).click();
  await p3.getByRole('alert').filter({ hasText: 'Koden finns inte. Kontrollera att du skrev rätt.' }).waitFor();

  // Two answers are in the results.
  await director.reload();
  assert.match(await director.locator('.lead').innerText(), /Svar: 2/);
});
