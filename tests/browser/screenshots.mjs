// Screenshots of the example site in its `dsfr` theme for the README, from file:// in
// Debian's chromium: node screenshots.mjs <built site dir> <output dir (docs/)>
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [site, out] = process.argv.slice(2).map((p) => resolve(p));
if (!site || !out) {
  console.error("usage: node screenshots.mjs <built site dir> <output dir>");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const base = pathToFileURL(site).href;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const shot = async (name, width, height, path, prepare = async () => undefined, clip = undefined) => {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(`${base}/${path}`);
  await page.evaluate(() => document.fonts.ready);
  const area = (await prepare(page)) ?? clip;
  await page.screenshot({ path: join(out, name), ...(area ? { clip: area, fullPage: true } : {}) });
  await page.close();
  console.log(name);
};
// Around an element: `before` pixels above it, `height` in all.
const around = (selector, before, height) => async (page) => {
  const box = await page.locator(selector).first().boundingBox();
  return { x: 0, y: Math.max(0, box.y - before), width: 1280, height };
};

await shot("dsfr-home-1280.png", 1280, 900, "index.html");
await shot("dsfr-table-1280.png", 1280, 900, "implementation_fca/spec_recette_fca.html", around(".fr-table", 520, 1100));
await shot("dsfr-diagram-1280.png", 1280, 900, "pilotage_fca/pilotage_fca_etapes.html", undefined, { x: 0, y: 0, width: 1280, height: 1450 });
await shot("dsfr-alert-1280.png", 1280, 900, "pilotage_fca/pilotage_fca_etapes.html", around(".fr-callout", 420, 800));
await shot("dsfr-mobile-390.png", 390, 844, "pilotage_fca/datapass.html");
await shot("dsfr-mobile-menu-390.png", 390, 844, "pilotage_fca/datapass.html", async (page) => {
  await page.locator(".fr-sidemenu__btn").first().click();
  await page.locator("#menu-rubrique-liste a").first().waitFor({ state: "visible" });
  await page.waitForTimeout(400); // the DSFR's collapse transition
});
await shot("dsfr-dark-1280.png", 1280, 900, "implementation_fca/spec_recette_fca.html", async (page) => {
  await page.evaluate(() => document.documentElement.setAttribute("data-fr-theme", "dark"));
  await page.waitForTimeout(300);
});
await browser.close();
