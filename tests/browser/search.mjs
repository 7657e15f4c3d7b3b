// Headless Chromium test of the default theme's search, against a built site served by
// `python3 -m http.server`. Run by tests/search_browser.rs; by hand:
//
//   (cd tests/browser && npm install)
//   cargo run -- build --output /tmp/bantin-site && node tests/browser/search.mjs /tmp/bantin-site
//
// Checks: typing "son la" in the header box leads to the Sơn La bulletins first; on the
// search page "chi thi 05" puts the bulletin about Chỉ thị 05-CT/TW first with the citation
// highlighted; arrow keys and Escape move between the box and the results; filters narrow
// and land in the URL; drafts never show; without JavaScript the page lists the index pages.
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node search.mjs BUILT_SITE_DIR');
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage'];

function fail(msg) {
  throw new Error(msg);
}

function expect(cond, msg) {
  if (!cond) fail(msg);
  console.log('ok   ' + msg);
}

async function startServer() {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1',
      '--directory', outDir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let exited = false;
    server.on('exit', () => { exited = true; });
    for (let i = 0; i < 50 && !exited; i++) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/`);
        if (r.ok) return { server, base: `http://127.0.0.1:${port}` };
      } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    server.kill();
  }
  fail('could not start python3 -m http.server');
}

/** Waits until the search page shows results for `query` and returns them. */
async function results(page, query) {
  await page.waitForFunction((q) => {
    const s = document.querySelector('.tk-trang-thai');
    const box = document.getElementById('ket-qua-tim-kiem');
    return s && s.textContent.includes('“' + q + '”') && box.getAttribute('aria-busy') !== 'true';
  }, query, { timeout: 15000 });
  return page.$$eval('.tk-ket-qua > li', (items) => items.map((li) => ({
    href: li.querySelector('a').getAttribute('href'),
    title: li.querySelector('a').textContent,
    info: li.querySelector('.tk-thong-tin').textContent,
    marks: Array.from(li.querySelectorAll('mark')).map((m) => m.textContent),
  })));
}

const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();

const { server, base } = await startServer();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
let failed = false;
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  let searchBytes = 0;
  page.on('response', async (r) => {
    if (r.url().includes('/search/')) {
      try { searchBytes += (await r.body()).length; } catch { /* navigation */ }
    }
  });

  // 1. From any page: the header box leads to /tim-kiem/ and the Sơn La bulletins come first.
  await page.goto(base + '/');
  await page.fill('form[role="search"] input[type="search"]', 'son la');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/tim-kiem\/\?q=son\+la/);
  let r = await results(page, 'son la');
  expect(r.length >= 2, `"son la": ${r.length} results`);
  expect(r.slice(0, 2).every((x) => /son-la/.test(x.href)),
    `"son la": Sơn La bulletins first (${r.slice(0, 2).map((x) => x.href).join(', ')})`);
  expect(r.every((x) => !x.href.includes('du-thao')), '"son la": no draft');
  expect(r[0].info.length > 0 && /\d/.test(r[0].info), `result shows type, issuer and date: ${r[0].info}`);
  console.log(`info "son la": ${searchBytes} bytes of /search/ downloaded`);

  // 2. On the search page: "chi thi 05" puts the bulletin about 05-CT/TW first.
  searchBytes = 0;
  await page.fill('#o-tim-kiem-trang', '');
  await page.type('#o-tim-kiem-trang', 'chi thi 05', { delay: 30 });
  r = await results(page, 'chi thi 05');
  expect(r[0].href.includes('chi-thi-05-ct-tw'), `"chi thi 05": ${r[0].href} first`);
  expect(r[0].marks.some((m) => m.includes('05-CT/TW')),
    `"chi thi 05": citation highlighted (${r[0].marks.join(' | ')})`);
  expect(new URL(page.url()).searchParams.get('q') === 'chi thi 05', 'the query is in the URL');
  console.log(`info "chi thi 05": ${searchBytes} bytes of /search/ downloaded`);

  // 3. "dang uy" finds "Đảng ủy"; the highlight is the phrase.
  await page.fill('#o-tim-kiem-trang', 'dang uy');
  r = await results(page, 'dang uy');
  expect(r.length > 0 && r[0].marks.some((m) => fold(m) === 'dang uy'),
    `"dang uy": Đảng ủy highlighted (${r[0] && r[0].marks.join(' | ')})`);

  // 4. Keyboard: ArrowDown from the box to the results, ArrowDown again, Escape back.
  await page.focus('#o-tim-kiem-trang');
  await page.keyboard.press('ArrowDown');
  let focused = await page.evaluate(() => document.activeElement.getAttribute('href'));
  expect(focused === r[0].href, 'ArrowDown focuses the first result');
  if (r.length > 1) {
    await page.keyboard.press('ArrowDown');
    focused = await page.evaluate(() => document.activeElement.getAttribute('href'));
    expect(focused === r[1].href, 'ArrowDown again focuses the second result');
  }
  await page.keyboard.press('Escape');
  focused = await page.evaluate(() => document.activeElement.id);
  expect(focused === 'o-tim-kiem-trang', 'Escape returns to the search box');

  // 5. Filters narrow the results and are kept in the URL.
  await page.fill('#o-tim-kiem-trang', 'học tập và làm theo');
  const all = await results(page, 'học tập và làm theo');
  await page.selectOption('#tk-loc-tinh', 'son-la');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('tinh') === 'son-la');
  const filtered = await results(page, 'học tập và làm theo');
  expect(filtered.length > 0 && filtered.length < all.length,
    `province filter: ${all.length} → ${filtered.length} results`);
  expect(filtered.every((x) => /Sơn La/.test(x.info) || /son-la/.test(x.href)),
    'province filter keeps Sơn La only');
  await page.selectOption('#tk-loc-tinh', '');

  // 6. Reloading a shared URL restores query and filters.
  await page.goto(base + '/tim-kiem/?q=son+la&nam=2019');
  r = await results(page, 'son la');
  expect(r.length === 1 && (await page.inputValue('#tk-loc-nam')) === '2019',
    `shared URL with year filter: ${r.length} result`);

  // 7. A draft's words find nothing.
  await page.goto(base + '/tim-kiem/?q=' + encodeURIComponent('Bình Sơn dự thảo'));
  await page.waitForFunction(() => /“/.test(document.querySelector('.tk-trang-thai')?.textContent || ''));
  r = await page.$$eval('.tk-ket-qua a', (a) => a.map((x) => x.getAttribute('href')));
  expect(r.every((h) => !h.includes('du-thao')), 'drafts are not in the index');
  expect(errors.length === 0, `no page errors ${errors.join('; ')}`);

  // 8. Without JavaScript the search page lists the index pages.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await nojs.newPage();
  await p2.goto(base + '/tim-kiem/?q=son+la');
  const hubs = await p2.$$eval('.trang-tim-kiem section a', (a) => a.length);
  expect(hubs >= 5, `without JavaScript: ${hubs} index pages listed`);
  await nojs.close();
} catch (e) {
  failed = true;
  console.error('FAIL ' + (e && e.message ? e.message : e));
} finally {
  await browser.close();
  server.kill();
}
if (failed) process.exit(1);
console.log('PASS search in Chromium');
