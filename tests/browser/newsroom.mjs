// newsroom.mjs - what a journalist does on gazette.cgi beyond one search, in
// Debian's chromium with script off (as the page's policy has it): filter by
// source, open an article, narrow by the timeline, take the results away as
// CSV, JSON Lines and Atom, get help when nothing is found, share a link that
// picked up tracking parameters, mistype a date, open more facet values and
// clear every filter; on a phone, jump to the filters and touch targets of
// 24 x 24 px.  Each state is saved as a screenshot at desktop and phone size.
// Usage: node newsroom.mjs BASE_URL OUT_DIR
// Exits non-zero, saying what was wrong, when the page misbehaves.
import { launch } from './launch.mjs';

const [base, outDir] = process.argv.slice(2);
const fail = (msg) => { console.error(`not ok: ${msg}`); process.exitCode = 1; };
let step = 0;
const ok = (msg) => console.log(`ok ${++step} - ${msg}`);
const check = (cond, good, bad) => (cond ? ok(good) : fail(bad));
const count = async (page) => parseInt(await page.locator('p.count').innerText(), 10);

const browser = await launch();
const desktop = await browser.newPage({ viewport: { width: 1100, height: 900 }, javaScriptEnabled: false });
const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
const shots = [];
// The state the desktop page is in, saved at both sizes.
async function shoot(name) {
  await desktop.screenshot({ path: `${outDir}/${name}-desktop.png`, fullPage: true });
  await phone.goto(desktop.url());
  await phone.screenshot({ path: `${outDir}/${name}-phone.png`, fullPage: true });
  shots.push(name);
}

try {
  // Sources: a sidebar block whose counts are what clicking gives.
  await desktop.goto(`${base}/gazette.cgi?q=korea`);
  const sources = desktop.locator('aside section', { has: desktop.locator('h2', { hasText: 'Sources' }) });
  const source = sources.locator('ul a').first();
  const shown = parseInt(await source.locator('.n').innerText(), 10);
  const name = (await source.locator('span').first().innerText()).trim();
  await Promise.all([desktop.waitForURL(/source=/), source.click()]);
  const got = await count(desktop);
  check(got === shown, `the source "${name}" counts ${shown}, and clicking it gives ${got}`,
        `source facet says ${shown}, clicking gives ${got}`);
  const hits = await desktop.locator('li.hit').count();
  const labelled = await desktop.locator('li.hit a.chip.source', { hasText: name }).count();
  check(hits > 0 && labelled === hits, `every hit names its source (${labelled} of ${hits})`,
        `${labelled} of ${hits} hits name the source`);
  const chip = desktop.locator('ul.filters a', { hasText: name });
  check(/source/i.test(await chip.innerText()), 'the chip says it is a source', `chip: ${await chip.innerText()}`);
  await shoot('source');

  // The query language says the same as the sidebar.
  await desktop.goto(`${base}/gazette.cgi?q=${encodeURIComponent(`korea source:"${name}"`)}`);
  check((await count(desktop)) === got, 'source:"…" in the box finds the same articles', 'source: differs');

  // An article view from a hit's title: headline, full text with the words
  // marked, entities that filter.
  await desktop.goto(`${base}/gazette.cgi?q=Kim+Song-nam`);
  const title = (await desktop.locator('li.hit h2 a').first().innerText()).trim();
  await Promise.all([desktop.waitForURL(/[?&]id=/), desktop.locator('li.hit h2 a').first().click()]);
  const heading = (await desktop.locator('main h1, main h2').first().innerText()).trim();
  check(heading === title, `the title opens the article view, named by its headline ("${title}")`,
        `view heading "${heading}", hit title "${title}"`);
  const marks = await desktop.locator('main mark').count();
  check(marks > 0, `its full text marks the searched words (${marks})`, 'no marks in the article view');
  const person = desktop.locator('main a.chip.person').first();
  check((await person.count()) === 1, 'its people are links', 'no person link in the view');
  await shoot('article');
  await Promise.all([desktop.waitForURL(/person=/), person.click()]);
  check((await count(desktop)) > 0, 'a person link filters the search by that person', 'person link found nothing');

  // The timeline: a month's bar narrows to that month, with one chip for it.
  await desktop.goto(`${base}/gazette.cgi?q=korea`);
  const bar = desktop.locator('section.timeline ol.axis a').filter({ has: desktop.locator('.n') }).first();
  const barCount = parseInt(await bar.locator('.n').innerText(), 10);
  const month = (await bar.locator('.sr').innerText()).replace(/.* in /, '').trim();
  await shoot('timeline');
  await Promise.all([desktop.waitForURL(/from=/), bar.click()]);
  check((await count(desktop)) === barCount, `the ${month} bar (${barCount}) narrows to its articles`,
        `bar says ${barCount}, page shows ${await count(desktop)}`);
  const dateChips = await desktop.locator('ul.filters a').allInnerTexts();
  check(dateChips.filter((t) => t.includes(month)).length === 1,
        `one chip names the range ("${month}")`, `chips: ${JSON.stringify(dateChips)}`);
  await shoot('timeline-month');

  // Export and feed: the links take the whole result set.
  await desktop.goto(`${base}/gazette.cgi?q=korea`);
  const total = await count(desktop);
  const csvHref = await desktop.locator('p.export a', { hasText: 'CSV' }).getAttribute('href');
  const csv = await desktop.request.get(new URL(csvHref, base).href);
  const rows = (await csv.text()).trim().split('\n').length - 1;
  check(/text\/csv/.test(csv.headers()['content-type']) && rows >= total,
        `the CSV link gives every result (${rows} rows for ${total} articles)`,
        `CSV: ${csv.headers()['content-type']}, ${rows} rows for ${total}`);
  const jsonlHref = await desktop.locator('p.export a', { hasText: 'JSON' }).getAttribute('href');
  const jsonl = (await (await desktop.request.get(new URL(jsonlHref, base).href)).text()).trim().split('\n');
  check(jsonl.length >= total && jsonl.every((l) => JSON.parse(l).id),
        `the JSON Lines link gives ${jsonl.length} articles, each with its id`, 'JSON Lines export wrong');
  const atomHref = await desktop.locator('p.export a', { hasText: 'Atom' }).getAttribute('href');
  const atom = await (await desktop.request.get(new URL(atomHref, base).href)).text();
  const entries = (atom.match(/<entry>/g) || []).length;
  check(/^<\?xml/.test(atom) && entries > 0 && /<updated>/.test(atom) && /<link /.test(atom),
        `the Atom feed carries ${entries} entries with dates and links`, 'Atom feed wrong');

  // Nothing found: what would find something, what the archive holds.
  await desktop.goto(`${base}/gazette.cgi?q=${encodeURIComponent('Kim Song-nam country:BR')}`);
  const help = await desktop.locator('.nothing').innerText();
  check(/remove/i.test(help) && /\d+ articles?/.test(help),
        'nothing found: the page says which filter to remove and what that finds',
        `nothing-found help: ${help.slice(0, 200)}`);
  await shoot('nothing-found');
  const suggestion = desktop.locator('.nothing a').first();
  await Promise.all([desktop.waitForURL(/./), suggestion.click()]);
  check((await count(desktop)) > 0, 'its first suggestion finds articles', 'the suggestion found nothing');

  // Shared links: tracking parameters are ignored; a bad date keeps the query.
  const tracked = await desktop.goto(`${base}/gazette.cgi?q=korea&utm_source=mail&fbclid=x1&gclid=y2`);
  check(tracked.status() === 200 && (await count(desktop)) === total,
        'a link with utm_*, fbclid and gclid gives the same page', `HTTP ${tracked.status()}`);
  const bad = await desktop.goto(`${base}/gazette.cgi?q=korea&from=March`);
  check(bad.status() === 400 && (await desktop.locator('#q').inputValue()) === 'korea',
        'a bad date is a 400 that keeps the query in the box', `HTTP ${bad.status()}`);
  await shoot('bad-request');

  // Facets: more values, a filter on, then clear all.
  await desktop.goto(`${base}/gazette.cgi?q=korea`);
  const people = desktop.locator('aside section', { has: desktop.locator('h2', { hasText: 'People' }) });
  const before = await people.locator('ul a').count();
  await Promise.all([desktop.waitForURL(/more=/), desktop.locator('aside a', { hasText: 'Show more People' }).click()]);
  const after = await people.locator('ul a').count();
  check(after > before, `"Show more" lists more people (${before} then ${after})`, `${before} then ${after}`);
  await Promise.all([desktop.waitForURL(/person=/), people.locator('ul a').first().click()]);
  await Promise.all([desktop.waitForURL(/country=/), desktop.locator('aside section ul a').first().click()]);
  await shoot('filters-on');
  const clear = desktop.locator('a', { hasText: /clear all/i });
  await Promise.all([desktop.waitForURL(/./), clear.click()]);
  check((await desktop.locator('ul.filters a').count()) === 0 && (await count(desktop)) === total,
        '"Clear all" removes every filter and keeps the words', 'filters left after clear all');

  // Phone and keyboard: the skip link comes first, "Filters" jumps past the
  // hits, and every link in the sidebar and on the hits is 24 x 24 px or more.
  await phone.goto(`${base}/gazette.cgi?q=korea`);
  await phone.keyboard.press('Tab');
  const first = await phone.evaluate(() => document.activeElement.textContent);
  check(/skip/i.test(first), `the first Tab lands on "${first}"`, `first Tab: ${first}`);
  const jump = await phone.locator('nav.jumps a', { hasText: 'Filters' }).getAttribute('href');
  check(jump === '#filters' && (await phone.locator('#filters').count()) === 1,
        'a "Filters" link at the top jumps to the sidebar', `Filters link: ${jump}`);
  const small = await phone.evaluate(() => [...document.querySelectorAll('aside a, .hit a, nav a')]
    .map((a) => [a.textContent.trim(), a.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && (r.width < 24 || r.height < 24))
    .map(([t, r]) => `${t} ${Math.round(r.width)}x${Math.round(r.height)}`));
  check(small.length === 0, 'every link on a phone is at least 24 x 24 px (WCAG 2.5.8)',
        `small targets: ${small.slice(0, 5).join('; ')}`);
  console.log(`# screenshots: ${shots.map((s) => `${s}-{desktop,phone}.png`).join(' ')}`);
} catch (e) {
  fail(e.message);
} finally {
  await browser.close();
}
