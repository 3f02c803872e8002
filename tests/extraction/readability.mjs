// readability.mjs - Readability.js (Mozilla's, as Firefox's reader view
// uses it) over the benchmark's pages: the peer eval.py compares Gazette's
// extraction with.  Reads "KEY<TAB>PATH" lines (gzip'd HTML) on stdin and
// writes one JSON object {KEY: {"articleBody": text}}.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { JSDOM, VirtualConsole } from "jsdom";
import { Readability } from "@mozilla/readability";

const out = {};
const quiet = new VirtualConsole();
for (const line of readFileSync(0, "utf8").split("\n")) {
  if (!line) continue;
  const [key, path] = line.split("\t");
  let raw = readFileSync(path);
  if (path.endsWith(".gz")) raw = gunzipSync(raw);
  let text = "";
  try {
    // as the benchmark runs it: the page decoded as UTF-8, a placeholder URL
    const html = new TextDecoder("utf-8").decode(raw);
    const dom = new JSDOM(html, { url: "https://example.org/", virtualConsole: quiet });
    const article = new Readability(dom.window.document).parse();
    text = article ? article.textContent : "";
  } catch (e) {
    text = "";
  }
  out[key] = { articleBody: text };
}
process.stdout.write(JSON.stringify(out));
