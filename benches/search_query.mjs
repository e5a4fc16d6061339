// Times search queries in Debian's chromium on a built site (the 10,000-page corpus):
// cold (index shards loaded by <script> on first use) and warm (shards cached), by file://.
// Each line also gives the bytes of index files the query loaded (sizes read from disk:
// file:// reports none), and the total since the field got focus.
// Usage: node benches/search_query.mjs /tmp/c10k/public   (needs tests/browser's npm ci)
import { chromium } from "../tests/browser/node_modules/playwright-core/index.mjs";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const site = resolve(process.argv[2] ?? "/tmp/c10k/public");
const queries = ["habilitation", "etape", "plateformes recette", "cert", "jeton acces production",
  "configuration", "certifcat", "client_secret"];
const seen = new Set();
/** Bytes of the search/ files loaded since the last call. */
const newBytes = async () => {
  // The index's <script> elements (file:// loads have no resource timing entries).
  const names = await page.evaluate(() => [...document.querySelectorAll('script[src*="search/"]')]
    .map((s) => s.src).filter((n) => /\/search\/[^/]+\.js$/.test(n)));
  let bytes = 0;
  for (const n of names) if (!seen.has(n)) { seen.add(n); bytes += statSync(fileURLToPath(n)).size; }
  return bytes;
};
const dir = mkdtempSync(join(tmpdir(), "faqsite-bench-"));
const context = await chromium.launchPersistentContext(dir, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(`${pathToFileURL(site).href}/index.html`);
const input = page.locator("#recherche");
await input.focus();
await page.waitForFunction(() => window.faqsiteSearch && document.querySelector('script[src$="search/index.js"]'));
console.log(`focus: ${(await newBytes() / 1024).toFixed(1)} kB loaded`);
let total = 0;
for (const pass of ["cold", "warm"]) {
  for (const q of queries) {
    await input.fill("");
    await page.evaluate(() => { window.faqsiteSearch.lastQueryMs = undefined; });
    await input.fill(q);
    await page.waitForFunction(() => window.faqsiteSearch.lastQueryMs !== undefined);
    const ms = await page.evaluate(() => window.faqsiteSearch.lastQueryMs);
    const status = await page.locator("#recherche-statut").innerText();
    const kb = (await newBytes()) / 1024;
    total += kb;
    console.log(`${pass.padEnd(4)} ${q.padEnd(24)} ${ms.toFixed(1).padStart(7)} ms ${kb.toFixed(1).padStart(7)} kB  ${status}`);
  }
}
await context.close();
rmSync(dir, { recursive: true, force: true });
