// The relevance query set (queries.json: a French query, the page and, where there is one,
// the section expected) typed into the search field of a built example site. A result
// counts for its page when its link goes to that page, and for its section when it also
// goes to that heading's anchor. Used by run.mjs, and on its own to score a site:
//   node tests/browser/relevance.mjs SITE      (needs tests/browser's npm ci)
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
// Run on its own, another set (a real tree's, e.g. benches/queries-proconnect.json) may come
// as a second argument; imported (run.mjs), the example's.
const main = process.argv[1] === fileURLToPath(import.meta.url);
const set = (main && process.argv[3]) || join(here, "queries.json");
export const queries = JSON.parse(readFileSync(set, "utf8"));

/** The result links of query `q` on the page already open (`#recherche` on it). */
export async function resultsOf(page, q) {
  await page.locator("#recherche").fill("");
  const hooked = await page.evaluate(() => {
    if (!window.faqsiteSearch) return false;
    window.faqsiteSearch.lastQueryMs = undefined;
    return true;
  });
  await page.locator("#recherche").fill(q);
  if (hooked) {
    await page.waitForFunction(() => window.faqsiteSearch.lastQueryMs !== undefined, null, { timeout: 5000 });
  } else {
    // A site built before the search reported its queries: give it time to answer.
    await page.waitForTimeout(800);
  }
  return page.$$eval("#recherche-resultats a", (as) => as.map((a) => a.getAttribute("href")));
}

/** Where a result link goes: its path from the site's root and its decoded anchor. */
function target(href) {
  const [path, anchor = ""] = href.replace(/^(\.\.\/)+|^\.\//, "").split("#");
  return { path, anchor: decodeURIComponent(anchor) };
}

/** Scores the query set on `base`/index.html: how many land first and in the first three,
 * by page and by section (page and anchor, for the queries that name a section). */
export async function score(page, base) {
  await page.goto(`${base}/index.html`);
  await page.locator("#recherche").focus();
  const s = { queries: queries.length, sectioned: 0, first: 0, top3: 0, sectionFirst: 0, sectionTop3: 0, misses: [] };
  for (const { q, page: want, section } of queries) {
    const hits = (await resultsOf(page, q)).map(target);
    const at = hits.findIndex((h) => h.path === want);
    if (at === 0) s.first++;
    if (at >= 0 && at < 3) s.top3++;
    if (section !== undefined) {
      s.sectioned++;
      const sat = hits.findIndex((h) => h.path === want && h.anchor === section);
      if (sat === 0) s.sectionFirst++;
      if (sat >= 0 && sat < 3) s.sectionTop3++;
    }
    if (at !== 0) s.misses.push(`${q} → ${hits.slice(0, 3).map((h) => h.path + (h.anchor ? "#" + h.anchor : "")).join(", ") || "nothing"}`);
  }
  return s;
}

export function describe(s) {
  return `${s.first}/${s.queries} first, ${s.top3}/${s.queries} in the first three; ` +
    `sections: ${s.sectionFirst}/${s.sectioned} first, ${s.sectionTop3}/${s.sectioned} in the first three`;
}

if (main) {
  const { chromium } = await import("playwright-core");
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { pathToFileURL } = await import("node:url");
  const { resolve } = await import("node:path");
  const dir = mkdtempSync(join(tmpdir(), "faqsite-relevance-"));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: "/usr/bin/chromium", headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const s = await score(page, pathToFileURL(resolve(process.argv[2])).href);
  console.log(describe(s));
  s.misses.forEach((m) => console.log(`  miss: ${m}`));
  await context.close();
  rmSync(dir, { recursive: true, force: true });
}
