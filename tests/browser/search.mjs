// search.mjs - a person's first search on gazette.cgi, in Debian's chromium:
// type "Kim Song-nam", submit, click a country in the facet sidebar, and
// check what the page then shows; then a story's copies and related
// articles (stories.png is the README's picture of them).  Usage: node search.mjs BASE_URL OUT_DIR
// Exits non-zero, saying what was wrong, when the page misbehaves.
import { launch } from './launch.mjs';

const [base, outDir] = process.argv.slice(2);
const fail = (msg) => { console.error(`not ok: ${msg}`); process.exitCode = 1; };
let step = 0;
const ok = (msg) => console.log(`ok ${++step} - ${msg}`);

const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, javaScriptEnabled: false });
  const outside = [];
  page.on('request', (r) => { if (!r.url().startsWith(base)) outside.push(r.url()); });

  await page.goto(`${base}/gazette.cgi`);
  const box = page.getByLabel('Search the news archive');
  await box.fill('Kim Song-nam');
  await Promise.all([page.waitForURL(/q=Kim/), box.press('Enter')]);
  const count = await page.locator('p.count').innerText();
  const n = parseInt(count, 10);
  n > 0 ? ok(`the search finds articles (${count})`) : fail(`no results: ${count}`);
  const marks = await page.locator('.hit mark').allInnerTexts();
  marks.length > 0 && marks.every((m) => /^Kim( Song[- ]?nam)?$/i.test(m))
    ? ok('snippets mark the name') : fail(`marks: ${JSON.stringify(marks)}`);

  const facet = page.locator('aside a', { hasText: 'North Korea' });
  (await facet.getAttribute('aria-current')) === null ? ok('the country facet starts off') : fail('facet already on');
  await Promise.all([page.waitForURL(/country=KP/), facet.click()]);
  ok('clicking the facet filters by country=KP');

  const after = parseInt(await page.locator('p.count').innerText(), 10);
  after > 0 && after <= n ? ok(`the filter keeps ${after} of ${n}`) : fail(`count after filter: ${after}`);
  (await page.locator('aside a', { hasText: 'North Korea' }).getAttribute('aria-current')) === 'true'
    ? ok('the facet now shows as on, selected for screen readers too') : fail('facet not marked on');
  (await page.locator('ul.filters a', { hasText: 'North Korea' }).count()) === 1
    ? ok('the active filter is listed with a way to remove it') : fail('no active filter chip');
  const hits = page.locator('li.hit');
  const total = await hits.count();
  let withKP = 0;
  for (let i = 0; i < total; i++)
    if (await hits.nth(i).locator('a.chip', { hasText: 'North Korea' }).count()) withKP++;
  total > 0 && withKP === total ? ok('every result is about North Korea') : fail(`${withKP} of ${total} hits about North Korea`);
  (await box.inputValue()) === 'Kim Song-nam' ? ok('the query stays in the box') : fail('query lost');

  await page.screenshot({ path: `${outDir}/search-country-KP.png`, fullPage: true });
  const phone = await browser.newPage({ viewport: { width: 390, height: 800 }, javaScriptEnabled: false });
  await phone.goto(page.url());
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  width <= 390 ? ok('the page fits a phone screen') : fail(`the page is ${width}px wide on a 390px phone`);
  await phone.screenshot({ path: `${outDir}/search-phone.png`, fullPage: false });

  // Stories: one entry per story, a link to its copies, one to related articles.
  await page.goto(`${base}/gazette.cgi?q=Regional+Forum`);
  const similar = page.locator('li.hit a', { hasText: /similar article/ });
  (await similar.count()) >= 1 ? ok('a hit that has copies says how many') : fail('no "similar" link');
  const arf = page.locator('li.hit h2', { hasText: 'ASEAN Regional Forum opens' });
  (await arf.count()) === 1 ? ok('the forum opening and its copy are one entry') : fail(`${await arf.count()} entries`);
  await page.screenshot({ path: `${outDir}/stories.png`, fullPage: false });
  await Promise.all([page.waitForURL(/story%3A/), similar.first().click()]);
  const copies = await page.locator('li.hit').count();
  copies >= 2 ? ok(`the link lists the story's ${copies} copies`) : fail(`story page lists ${copies}`);
  await page.goto(`${base}/gazette.cgi?q=Regional+Forum`);
  await Promise.all([page.waitForURL(/like=/),
                     page.locator('li.hit a', { hasText: 'Related articles' }).first().click()]);
  const related = await page.locator('li.hit').count();
  const notice = await page.locator('p.notice').innerText();
  related > 0 && /related/.test(notice) ? ok(`related articles: ${related}`) : fail(`related: ${related}, ${notice}`);
  outside.length === 0 ? ok('the page loads nothing from elsewhere') : fail(`outside requests: ${outside}`);
} catch (e) {
  fail(e.message);
} finally {
  await browser.close();
}
