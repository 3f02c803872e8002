// axe.mjs - the page's states checked with axe-core in Debian's chromium,
// at desktop and phone sizes, each saved as a screenshot: no violation of
// serious or critical impact may remain.  The page itself runs no script
// (its Content-Security-Policy allows none); axe is injected with the
// policy bypassed for the test only.
// Usage: node axe.mjs BASE_URL OUT_DIR STATE=PATH...
import { launch } from './launch.mjs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const [base, outDir, ...states] = process.argv.slice(2);
let failed = 0, step = 0;
const sizes = [['desktop', { width: 1100, height: 900 }], ['phone', { width: 390, height: 844 }]];

const browser = await launch();
try {
  for (const [sizeName, viewport] of sizes) {
    const context = await browser.newContext({ viewport, bypassCSP: true });
    const page = await context.newPage();
    for (const spec of states) {
      const [name, path] = spec.split(/=(.*)/s);
      const response = await page.goto(`${base}${path}`);
      await page.screenshot({ path: `${outDir}/${name}-${sizeName}.png`, fullPage: true });
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      }));
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const minor = result.violations.length - bad.length;
      if (bad.length) {
        failed++;
        console.error(`not ok: ${name} (${sizeName}, HTTP ${response.status()}): ` +
                      bad.map((v) => `${v.id} [${v.impact}] x${v.nodes.length}: ${v.nodes[0].target}`).join('; '));
      } else {
        console.log(`ok ${++step} - ${name} (${sizeName}): no serious or critical violation` +
                    (minor ? ` (${minor} minor or moderate)` : ''));
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
}
process.exitCode = failed ? 1 : 0;
