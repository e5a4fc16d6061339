#!/usr/bin/env node
// Refreshes the DSFR files the `dsfr` theme uses from the official npm package
// @gouvfr/dsfr, at the version pinned below: `node themes/dsfr/update-dsfr.mjs`.
//
// It packs the package with npm into a temporary folder and copies, whole and unmodified,
// the compiled CSS and JavaScript of the components the templates use, the Marianne faces
// and the icons those CSS files point to, into static/dsfr/ with the package's own layout
// (the CSS finds fonts and icons by relative URL). static/dsfr-config.js, ours, configures it. Then it writes two files of its own:
//   static/dsfr-icons.css  the rules of those CSS files that set a mask image, with each icon
//                          as a data: URL, because Chromium refuses CSS mask images from file://
//                          (a CORS fetch from origin 'null'); fonts load from file:// as they are;
//   vendor.rs              the list of the copied files, which the binary includes (src/render/theme.rs).
// To move to another version: change DSFR_VERSION, run the script, read the diff, run the
// browser tests (cargo test --test browser).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix, relative } from "node:path";
import { fileURLToPath } from "node:url";

const DSFR_VERSION = "1.15.3";

/** Components whose CSS the templates use (header, search bar, breadcrumb, side menu…). */
const CSS_COMPONENTS = [
  "skiplink", "logo", "header", "button", "modal", "input", "form", "search", "radio",
  "display", "link", "navigation", "breadcrumb", "sidemenu", "summary", "callout", "table",
  "pagination", "footer",
];
/** The DSFR's JavaScript, for the header's search and menu, the collapsing side menu and
 * breadcrumb, the display settings (light / dark: the `scheme` API, which only the whole
 * bundle carries) and scrolling tables. The module bundle, loaded as a classic script (it has
 * no import nor export, checked below), because Chromium loads no module script from file://;
 * not the "nomodule" bundle, whose polyfills replace the browser's own Symbol, Map, Promise,
 * Array.from and Object.fromEntries (`Object.fromEntries([["a", 1]])` then throws) and whose
 * Modal breaks the header's search and menu (`super.isActive` compiled onto the prototype). */
const JS = "dsfr.module.min.js";
/** Marianne faces the CSS asks for on these pages (Chromium fetches only the faces used). */
const FONTS = ["Light", "Regular", "Regular_Italic", "Medium", "Bold", "Bold_Italic"];
const FAVICONS = ["favicon.svg", "favicon.ico", "apple-touch-icon.png"];

const theme = dirname(fileURLToPath(import.meta.url));
const staticDir = join(theme, "static");
const dest = join(staticDir, "dsfr");

const tmp = mkdtempSync(join(tmpdir(), "dsfr-"));
try {
  execFileSync("npm", ["pack", `@gouvfr/dsfr@${DSFR_VERSION}`, "--pack-destination", tmp, "--silent"], { stdio: ["ignore", "ignore", "inherit"] });
  const tarball = readdirSync(tmp).find((f) => f.endsWith(".tgz"));
  execFileSync("tar", ["xzf", join(tmp, tarball), "-C", tmp]);
  const pkg = join(tmp, "package");
  const meta = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
  if (meta.version !== DSFR_VERSION) throw new Error(`packed ${meta.version}, wanted ${DSFR_VERSION}`);
  const dist = join(pkg, "dist");
  if (/(^|[;}\s])(import|export)[\s{*]/.test(readFileSync(join(dist, JS), "utf8").replace(/\/\*[\s\S]*?\*\//g, ""))) {
    throw new Error(`${JS} imports or exports: it cannot run as a classic script`);
  }

  const files = ["core/core.min.css", "scheme/scheme.min.css", JS];
  for (const c of CSS_COMPONENTS) files.push(`component/${c}/${c}.min.css`);
  for (const f of FONTS) files.push(`fonts/Marianne-${f}.woff2`);
  for (const f of FAVICONS) files.push(`favicon/${f}`);

  // The icons the copied CSS points to, by path relative to dist/.
  const css = files.filter((f) => f.endsWith(".css"));
  const icons = new Set();
  for (const f of css) {
    for (const [, url] of readFileSync(join(dist, f), "utf8").matchAll(/url\(([^)"']+\.svg)\)/g)) {
      icons.add(posix.normalize(posix.join(posix.dirname(f), url)));
    }
  }
  files.push(...[...icons].sort());

  rmSync(dest, { recursive: true, force: true });
  for (const f of files) {
    mkdirSync(dirname(join(dest, f)), { recursive: true });
    cpSync(join(dist, f), join(dest, f));
  }
  cpSync(join(pkg, "LICENSE.md"), join(theme, "DSFR-LICENSE.md"));

  writeFileSync(join(staticDir, "dsfr-icons.css"), iconOverlay(css, dist));
  writeFileSync(join(theme, "vendor.rs"), rustList(files));
  const bytes = files.reduce((n, f) => n + statSync(join(dest, f)).size, 0);
  console.log(`DSFR ${DSFR_VERSION}: ${files.length} files, ${(bytes / 1000).toFixed(0)} kB in ${relative(process.cwd(), dest)}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/** Every rule of the CSS files that sets a mask image, in their order and inside their
 * @media / @supports blocks, with the SVG files as data: URLs. Loaded after the DSFR's CSS,
 * each rule wins over its original (same selector, later) and nothing else changes. */
function iconOverlay(cssFiles, dist) {
  let out = `/* Generated by update-dsfr.mjs from DSFR ${DSFR_VERSION} (Etalab-2.0): the DSFR's icon rules with
   each icon as a data: URL, since Chromium loads no CSS mask image from file://. Do not edit. */\n`;
  for (const f of cssFiles) {
    const text = readFileSync(join(dist, f), "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
    const dataUrl = (url) => {
      const svg = readFileSync(join(dist, posix.dirname(f), url));
      return `url("data:image/svg+xml;base64,${svg.toString("base64")}")`;
    };
    out += walk(text, (selector, body) => {
      const masks = body.split(";").filter((d) => /^\s*(-webkit-)?mask-image\s*:/.test(d));
      if (!masks.length || selector.startsWith("@")) return "";
      return `${selector}{${masks.map((d) => d.replace(/url\(([^)"']+\.svg)\)/g, (_, u) => dataUrl(u))).join(";")}}`;
    });
  }
  return out + "\n";
}

/** Walks minified CSS: `rule(selector, declarations)` for each style rule, recursing into
 * conditional group rules (@media, @supports) and keeping them around what `rule` returns. */
function walk(css, rule) {
  let out = "";
  let i = 0;
  while (i < css.length) {
    const open = css.indexOf("{", i);
    if (open < 0) break;
    const head = css.slice(i, open).trim();
    const close = matching(css, open);
    const body = css.slice(open + 1, close);
    if (/^@(media|supports)/.test(head)) {
      const inner = walk(body, rule);
      if (inner) out += `${head}{${inner}}`;
    } else if (!head.startsWith("@")) {
      out += rule(head, body);
    }
    i = close + 1;
  }
  return out;
}

/** The index of the `}` closing the `{` at `open`, skipping quoted strings. */
function matching(css, open) {
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    const c = css[i];
    if (c === '"' || c === "'") {
      i = css.indexOf(c, i + 1);
    } else if (c === "{") {
      depth++;
    } else if (c === "}" && --depth === 0) {
      return i;
    }
  }
  throw new Error("unbalanced CSS");
}

function rustList(files) {
  const rows = files
    .map((f) => `    (\n        "dsfr/${f}",\n        include_bytes!("static/dsfr/${f}"),\n    ),\n`)
    .join("");
  return `// Generated by update-dsfr.mjs: the DSFR ${DSFR_VERSION} files of the dsfr theme, included in the
// binary by src/render/theme.rs. Do not edit.
&[
${rows}    ("dsfr-icons.css", include_bytes!("static/dsfr-icons.css")),
]
`;
}
