// Times search queries in Debian's chromium on a built site (the 10,000-page corpus):
// cold (index shards loaded by <script> on first use) and warm (shards cached), by file://.
// Usage: node benches/search_query.mjs /tmp/c10k/public   (needs tests/browser's npm ci)
import { chromium } from "../tests/browser/node_modules/playwright-core/index.mjs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const site = resolve(process.argv[2] ?? "/tmp/c10k/public");
const queries = ["habilitation", "etape", "plateformes recette", "cert", "jeton acces production"];
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
for (const pass of ["cold", "warm"]) {
  for (const q of queries) {
    await input.fill("");
    await page.evaluate(() => { window.faqsiteSearch.lastQueryMs = undefined; });
    await input.fill(q);
    await page.waitForFunction(() => window.faqsiteSearch.lastQueryMs !== undefined);
    const ms = await page.evaluate(() => window.faqsiteSearch.lastQueryMs);
    const status = await page.locator("#recherche-statut").innerText();
    console.log(`${pass.padEnd(4)} ${q.padEnd(24)} ${ms.toFixed(1).padStart(7)} ms  ${status}`);
  }
}
await context.close();
rmSync(dir, { recursive: true, force: true });
