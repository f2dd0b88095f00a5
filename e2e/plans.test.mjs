// The plans as their people meet them: the samverkanskoordinator fills in the half-year
// report on a phone — a submit with a task left open is refused, naming it, and what was
// typed stays — then submits it; the director reads every municipality's reports side by
// side on a desktop, and the goal table of the verksamhetsplan. Every page is checked with
// axe-core and must not scroll sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, accessible, login, menu } from './helpers.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

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

async function noSideways(page, width) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= width, `the page is ${scroll} px wide on a ${width} px screen`);
}

test('a coordinator fills in the half-year report on a phone', async () => {
  const page = await login(browser, server, PHONE, 'koordinator@hoglandet.demo');
  await menu(page, 'Halvårsrapport samverkan');
  await accessible(page, 'coordination-list-phone');
  await page.getByRole('link', { name: /^Fyll i\s*: Eksjö kommun/ }).first().click();
  await page.getByRole('heading', { level: 1, name: /Halvårsrapport/ }).waitFor();
  await noSideways(page, PHONE.width);
  await accessible(page, 'coordination-form-phone');

  // Eleven tasks answered, the fifth left open: refused, naming it, nothing lost.
  const tasks = page.getByRole('group');
  assert.equal(await tasks.count(), 12);
  for (let i = 0; i < 12; i++) {
    if (i === 4) continue;
    await tasks.nth(i).getByRole('radio', { name: i === 6 ? 'Nej' : 'Ja' }).check();
  }
  await tasks.nth(0).getByLabel('Hur/Aktivitet').fill('Samverkansgruppen i Eksjö träffades tre gånger.');
  await page.getByRole('button', { name: 'Skicka in till förbundschefen' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /Uppdrag 5: Svar/);
  assert.equal(await tasks.nth(0).getByLabel('Hur/Aktivitet').inputValue(), 'Samverkansgruppen i Eksjö träffades tre gånger.');
  assert.ok(await tasks.nth(6).getByRole('radio', { name: 'Nej' }).isChecked());
  await noSideways(page, PHONE.width);
  await accessible(page, 'coordination-refused-phone');

  // Saved as a draft, then submitted.
  await tasks.nth(4).getByRole('radio', { name: 'Ja' }).check();
  await tasks.nth(4).getByLabel('Hur/Aktivitet').fill('Informationsträff för parternas handläggare i oktober.');
  await page.getByRole('button', { name: 'Spara utkast' }).click();
  await page.getByText('Utkastet är sparat.').waitFor();
  await page.getByRole('button', { name: 'Skicka in till förbundschefen' }).click();
  await page.getByText('Rapporten är inskickad till förbundschefen.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Spara utkast' }).count(), 0, 'a submitted report is read only');
  await noSideways(page, PHONE.width);
  await accessible(page, 'coordination-submitted-phone');
  await page.context().close();
});

test('the director reads the reports side by side and the goal table', async () => {
  const page = await login(browser, server, DESKTOP, 'chef@hoglandet.demo');
  await page.goto(server.base + '/o/hoglandet/coordination/compiled?year=2023&half=1');
  const table = page.getByRole('table');
  assert.match(await table.innerText(), /Ja – Samverkansgruppen har träffats fyra gånger\./);
  assert.match(await table.innerText(), /2023-06-20/);
  await accessible(page, 'coordination-compiled-desktop');

  await menu(page, 'Verksamhetsplanens mål');
  await page.getByRole('link', { name: /2024/ }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Verksamhetsplanens mål 2024' }).waitFor();
  const budget = page.getByRole('listitem').filter({ hasText: 'Individinriktade insatsers andel' });
  assert.match(await budget.innerText(), /56,2 %\s+Uppfyllt/);
  await accessible(page, 'goals-desktop');
  await page.context().close();
});
