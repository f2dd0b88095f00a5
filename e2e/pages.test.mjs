// Every page as each persona meets it, found by following the links from the start page:
// on the persona's screen no page is wider than the viewport, every input has its type (a
// number its inputmode) and a tap target of at least 44 px, and axe-core finds nothing
// (WCAG 2.1 A and AA).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, login, axe, shot } from './helpers.mjs';

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

const personas = [
  { name: 'director-desktop', email: 'chef@hoglandet.demo', viewport: { width: 1280, height: 900 } },
  { name: 'coach-phone', email: 'coach@hoglandet.demo', viewport: { width: 390, height: 844 } },
  { name: 'board-tablet', email: 'styrelse@hoglandet.demo', viewport: { width: 820, height: 1180 } },
  { name: 'director-phone', email: 'chef@hoglandet.demo', viewport: { width: 390, height: 844 } },
  // A county's network: its view of the förbund side by side and its account, nothing more.
  { name: 'network-tablet', email: 'lan@jonkoping.demo', viewport: { width: 820, height: 1180 }, min: 2 },
];

/** A link's kind: its path with numbers as N, and its query's names — one page of each kind. */
function kind(url) {
  const u = new URL(url);
  return u.pathname.replace(/\d+/g, 'N') + '?' + [...u.searchParams.keys()].sort().join('&');
}

/** Links that are not pages to look at: files, leaving, other hosts. */
function skip(url, base) {
  const u = new URL(url);
  return u.origin !== new URL(base).origin || u.hash && u.pathname === '' ||
    /\/(logout|pdf|docx|identity)$|\.(csv|xlsx|ics)$|\/assets\//.test(u.pathname) ||
    u.searchParams.has('format') || u.pathname.startsWith('/s/');
}

/** What a page must hold to on this screen; returns the problems found. */
async function problems(page, width) {
  return page.evaluate((width) => {
    const found = [];
    const wide = document.documentElement.scrollWidth;
    if (wide > width) {
      const culprits = [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > width + 1 && !e.closest('.table-wrap, .table-scroll'))
        .slice(0, 3).map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${(e.textContent || '').trim().slice(0, 40)}`);
      found.push(`page is ${wide} px wide in ${width}: ${culprits.join(' | ')}`);
    }
    for (const el of document.querySelectorAll('input, select, textarea, button')) {
      if (el.tagName === 'INPUT' && !el.hasAttribute('type')) found.push(`input ${el.name} has no type`);
      if (el.type === 'number' && !el.inputMode) found.push(`number input ${el.name} has no inputmode`);
      if (el.type === 'hidden' || el.closest('[hidden], details:not([open])')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      // A checkbox or a radio is tapped through its label.
      const target = ['checkbox', 'radio'].includes(el.type) ? (el.closest('label') || el) : el;
      const h = target.getBoundingClientRect().height;
      if (h < 43.5) found.push(`${el.tagName.toLowerCase()} ${el.name || el.textContent.trim().slice(0, 30)} is ${Math.round(h)} px high`);
    }
    return found;
  }, width);
}

for (const p of personas) {
  test(`every page fits, has typed inputs and passes axe (${p.name})`, async () => {
    const page = await login(browser, server, p.viewport, p.email);
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const seen = new Set();
    const queue = [page.url()];
    const found = [];
    let visited = 0;
    while (queue.length && visited < 80) {
      const url = queue.shift();
      const res = await page.goto(url).catch((e) => (/Download is starting/.test(e.message) ? null : Promise.reject(e)));
      if (!res || !res.ok() || !(res.headers()['content-type'] || '').startsWith('text/html')) continue;
      visited += 1;
      for (const f of await problems(page, p.viewport.width)) found.push(`${new URL(url).pathname}${new URL(url).search}: ${f}`);
      for (const v of await axe(page)) found.push(`${new URL(url).pathname}: axe ${v.id} ${v.nodes.slice(0, 2).join(', ')}`);
      if (visited <= 3) await shot(page, `pages-${p.name}-${visited}`);
      const links = await page.$$eval('a[href]:not([download])', (as) => as.map((a) => a.href));
      for (const l of links) {
        const clean = l.split('#')[0];
        if (skip(clean, server.base) || seen.has(kind(clean))) continue;
        seen.add(kind(clean));
        queue.push(clean);
      }
    }
    assert.ok(visited > (p.min ?? 10), `${p.name}: only ${visited} pages reached`);
    assert.deepEqual(found, [], found.join('\n'));
    assert.deepEqual(errors, []);
    await page.context().close();
  });
}
