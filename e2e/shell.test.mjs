// The web shell as a person uses it, on a phone and on a desktop: log in, find the
// interventions, look at one, the members, switch to English, log out. Every page is checked
// with axe-core; screenshots land in e2e/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, axe, shot, menu, openMenu } from './helpers.mjs';

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

const viewports = {
  phone: { width: 390, height: 844, isMobile: true, hasTouch: true },
  desktop: { width: 1280, height: 900 },
};

async function accessible(page, name) {
  const violations = await axe(page);
  assert.deepEqual(violations, [], `${name}: ${JSON.stringify(violations, null, 2)}`);
  await shot(page, name);
}

for (const [device, vp] of Object.entries(viewports)) {
  test(`director logs in, navigates and logs out (${device})`, async () => {
    // bypassCSP only so that axe can be injected; the app itself runs under its CSP.
    const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height }, isMobile: vp.isMobile, hasTouch: vp.hasTouch, bypassCSP: true, locale: 'sv-SE' });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(server.base + '/');
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await page.locator('h1').innerText(), 'Logga in');
    await accessible(page, `${device}-01-login`);

    await page.getByLabel('E-post').fill('chef@hoglandet.demo');
    await page.getByLabel('Lösenord').fill('fel lösenord');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByText('Fel e-postadress eller lösenord.').waitFor();
    await accessible(page, `${device}-02-login-failed`);

    await page.getByLabel('Lösenord').fill('hoglandet-demo');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL('**/o/hoglandet');
    assert.equal(await page.locator('h1').innerText(), 'Översikt');
    await accessible(page, `${device}-03-start`);
    await menu(page, 'Insatser');
    await page.waitForURL('**/o/hoglandet/interventions');
    assert.equal(await page.locator('h1').innerText(), 'Insatser');
    for (const name of ['SE-Höglandet', 'IT-spåret', 'Uppdrag Samverkan', 'Psykiatriveckan', 'Inspirationsdag', 'Välfärdsguiden']) {
      assert.ok(await page.getByRole('link', { name }).isVisible(), name);
    }
    await accessible(page, `${device}-03-interventions`);

    await page.getByRole('link', { name: 'SE-Höglandet' }).click();
    await page.waitForURL('**/interventions/se-hoglandet');
    assert.match(await page.locator('dl.facts').innerText(), /35 %/);
    await accessible(page, `${device}-04-intervention`);

    await page.getByRole('link', { name: 'Ändra' }).click();
    await page.getByLabel('Lägsta ålder').fill('70');
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByText('Ålder: ”70–64” – lägsta värdet är större än högsta.').first().waitFor();
    await accessible(page, `${device}-05-intervention-form-error`);

    await menu(page, 'Medlemmar');
    await page.waitForURL('**/members');
    assert.ok(await page.getByRole('cell', { name: 'Region Jönköpings län', exact: true }).isVisible());
    await accessible(page, `${device}-06-members`);

    await menu(page, 'Logg');
    await page.waitForURL('**/audit');
    await accessible(page, `${device}-07-audit`);

    await openMenu(page);
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForURL('**/audit');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await menu(page, 'Interventions');
    assert.equal(await page.locator('h1').innerText(), 'Interventions');
    await accessible(page, `${device}-08-english`);
    await openMenu(page);
    await page.getByRole('button', { name: 'Svenska' }).click();
    await page.waitForURL('**/interventions');
    await openMenu(page);
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL('**/login');
    await page.goto(server.base + '/o/hoglandet');
    assert.equal(new URL(page.url()).pathname, '/login', 'logged out: the förbund is closed again');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a board member sees the interventions but no user or audit pages', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(server.base + '/login');
  await page.getByLabel('E-post').fill('styrelse@hoglandet.demo');
  await page.getByLabel('Lösenord').fill('hoglandet-demo');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL('**/o/hoglandet');
  const nav = await page.getByRole('navigation', { name: 'Huvudmeny' }).innerText();
  assert.match(nav, /Insatser/);
  assert.doesNotMatch(nav, /Användare|Logg/);
  await menu(page, 'Utbetalningar');
  await page.getByLabel('År', { exact: true }).fill('2023');
  await page.getByLabel('Halvår', { exact: true }).selectOption('1');
  await page.getByRole('button', { name: 'Visa' }).click();
  await page.getByRole('cell', { name: '120 125 kr' }).waitFor();
  await accessible(page, 'board-payouts-2023-h1');
  const res = await page.goto(server.base + '/o/hoglandet/users');
  assert.equal(res.status(), 403);
  assert.match(await page.locator('h1').innerText(), /behörighet/);
  await accessible(page, 'board-forbidden');

  await page.goto(server.base + '/o/hoglandet');
  await page.locator('a[href="/account"]').click();
  await page.waitForURL('**/account');
  assert.equal(await page.locator('h1').innerText(), 'Mitt konto');
  await page.getByLabel('Nuvarande lösenord').fill('fel-lösenord');
  await page.getByLabel('Nytt lösenord (minst 10 tecken)').fill('ett-nytt-långt-lösenord');
  await page.getByLabel('Nytt lösenord igen').fill('ett-nytt-långt-lösenord');
  await page.getByRole('button', { name: 'Byt lösenord' }).click();
  await page.locator('#e-current_password').getByText('Nuvarande lösenord: stämmer inte.').waitFor();
  assert.equal(await page.getByLabel('Nuvarande lösenord').getAttribute('aria-invalid'), 'true');
  await accessible(page, 'board-account-wrong-password');
  await context.close();
});

test('the pages run under their own CSP without a single violation', async () => {
  const context = await browser.newContext(); // CSP enforced here (no axe injection)
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(server.base + '/login');
  await page.getByLabel('E-post').fill('chef@hoglandet.demo');
  await page.getByLabel('Lösenord').fill('hoglandet-demo');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL('**/o/hoglandet');
  await page.goto(server.base + '/o/hoglandet/interventions/se-hoglandet/edit');
  await page.waitForFunction(() => window.htmx !== undefined);
  assert.deepEqual(problems, []);
  await context.close();
});
