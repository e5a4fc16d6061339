//! Theme resolution: templates and static files come from `ROOT/templates/` first, then
//! `ROOT/themes/<theme>/`, then the built-in theme of that name (`default` or `dsfr`, the same
//! files as `themes/<name>/` in faqsite's repository), or the default theme for any other name.

use crate::config::{Config, CONFIG_FILE};
use crate::content::Site;
use crate::diagnostics::{Code, Diagnostic};
use std::collections::BTreeMap;
use std::io;
use std::path::Path;

/// A theme built into the binary, so that `cargo install` users get it.
struct Builtin {
    name: &'static str,
    templates: &'static [(&'static str, &'static str)],
    static_files: &'static [(&'static str, &'static [u8])],
}

const SEARCH_JS: (&str, &[u8]) = (
    "search.js",
    include_bytes!("../../themes/default/static/search.js"),
);

const DEFAULT: Builtin = Builtin {
    name: "default",
    templates: &[
        (
            "base.html",
            include_str!("../../themes/default/templates/base.html"),
        ),
        (
            "page.html",
            include_str!("../../themes/default/templates/page.html"),
        ),
        (
            "section.html",
            include_str!("../../themes/default/templates/section.html"),
        ),
        (
            "404.html",
            include_str!("../../themes/default/templates/404.html"),
        ),
    ],
    static_files: &[
        (
            "style.css",
            include_bytes!("../../themes/default/static/style.css"),
        ),
        SEARCH_JS,
    ],
};

/// The French State's design system (DSFR), for State services only (the Marianne font and
/// block are reserved to them); its files from `@gouvfr/dsfr` are listed in `vendor.rs`.
const DSFR: Builtin = Builtin {
    name: "dsfr",
    templates: &[
        (
            "base.html",
            include_str!("../../themes/dsfr/templates/base.html"),
        ),
        (
            "page.html",
            include_str!("../../themes/dsfr/templates/page.html"),
        ),
        (
            "section.html",
            include_str!("../../themes/dsfr/templates/section.html"),
        ),
        (
            "404.html",
            include_str!("../../themes/dsfr/templates/404.html"),
        ),
        (
            "menu.html",
            include_str!("../../themes/dsfr/templates/menu.html"),
        ),
    ],
    static_files: &[
        (
            "style.css",
            include_bytes!("../../themes/dsfr/static/style.css"),
        ),
        (
            "dsfr-config.js",
            include_bytes!("../../themes/dsfr/static/dsfr-config.js"),
        ),
        SEARCH_JS,
    ],
};

const DSFR_VENDORED: &[(&str, &[u8])] = include!("../../themes/dsfr/vendor.rs");

/// The built-in themes' names, for messages.
pub const BUILTIN_NAMES: &[&str] = &[DEFAULT.name, DSFR.name];

pub struct Template {
    pub name: String,
    /// Where it came from, relative to ROOT, as diagnostics name it.
    pub origin: String,
    pub source: String,
}

#[derive(Default)]
pub struct Theme {
    pub templates: Vec<Template>,
    /// Files for `static/` in the output, by relative path.
    pub static_files: BTreeMap<String, Vec<u8>>,
}

pub fn load(root: &Path, theme: &str) -> io::Result<Theme> {
    let builtin = match theme {
        "dsfr" => &DSFR,
        _ => &DEFAULT,
    };
    let mut templates: BTreeMap<String, Template> = builtin
        .templates
        .iter()
        .map(|(name, source)| {
            let origin = format!("themes/{}/templates/{name}", builtin.name);
            (
                name.to_string(),
                Template {
                    name: name.to_string(),
                    origin,
                    source: source.to_string(),
                },
            )
        })
        .collect();
    let vendored = match builtin.name {
        "dsfr" => DSFR_VENDORED,
        _ => &[],
    };
    let mut static_files: BTreeMap<String, Vec<u8>> = builtin
        .static_files
        .iter()
        .chain(vendored)
        .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
        .collect();

    let theme_dir = format!("themes/{theme}");
    for dir in [format!("{theme_dir}/templates"), "templates".to_string()] {
        for (name, bytes) in read_dir_files(&root.join(&dir))? {
            let source = String::from_utf8(bytes).map_err(|e| {
                io::Error::new(io::ErrorKind::InvalidData, format!("{dir}/{name}: {e}"))
            })?;
            templates.insert(
                name.clone(),
                Template {
                    origin: format!("{dir}/{name}"),
                    name,
                    source,
                },
            );
        }
    }
    static_files.extend(read_dir_files(&root.join(&theme_dir).join("static"))?);
    Ok(Theme {
        templates: templates.into_values().collect(),
        static_files,
    })
}

/// Files under `dir` (recursively) by `/`-separated relative path; none if `dir` is absent.
fn read_dir_files(dir: &Path) -> io::Result<Vec<(String, Vec<u8>)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_file() && !entry.file_name().to_string_lossy().starts_with('.') {
            let rel = entry.path().strip_prefix(dir).map_err(io::Error::other)?;
            out.push((
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(entry.path())?,
            ));
        }
    }
    Ok(out)
}

/// The site-relative URL of a page of `content/` named in `legal:` (`accessibilite.md` →
/// `accessibilite.html`, `a/README.md` → `a/index.html`, an HTML page its own path),
/// fragment kept.
pub fn legal_page_url(target: &str) -> String {
    let (path, fragment) = match target.find('#') {
        Some(i) => target.split_at(i),
        None => (target, ""),
    };
    let path = path.trim_start_matches("./").trim_start_matches('/');
    let path = match path.rsplit_once('/') {
        Some((dir, "README.md")) => format!("{dir}/index.md"),
        None if path == "README.md" => "index.md".to_string(),
        _ => path.to_string(),
    };
    match crate::paths::is_html_file(&path) {
        true => format!("{path}{fragment}"),
        false => format!("{}{fragment}", crate::paths::html_path(&path)),
    }
}

/// What a theme needs from `faqsite.yaml`: the `dsfr` theme, for State sites, warns for
/// each missing mandatory footer link; any theme, for a `legal:` page that does not exist.
pub fn check_config(config: &Config, text: &str, site: &Site) -> Vec<Diagnostic> {
    let legal = &config.legal;
    let links = [
        (
            "accessibility",
            &legal.accessibility,
            "the accessibility statement",
        ),
        (
            "legal_notice",
            &legal.legal_notice,
            "the legal notice (mentions légales)",
        ),
        (
            "personal_data",
            &legal.personal_data,
            "the personal data policy",
        ),
    ];
    let mut found = Vec::new();
    for (key, target, what) in links {
        match target.as_deref() {
            None if config.theme == "dsfr" => {
                let at = value_span(text, "theme");
                found.push(
                    Diagnostic::new(
                        Code::LegalLink,
                        CONFIG_FILE,
                        at,
                        format!("the dsfr theme's footer has no link to {what}, which a State site must carry"),
                    )
                    .with_hint(format!(
                        "add `legal: {{{key}: <URL or page of content/>}}` to {CONFIG_FILE}"
                    )),
                );
            }
            Some(target) if !target.contains(':') => {
                let path = target.split('#').next().unwrap_or(target);
                let path = path.trim_start_matches("./").trim_start_matches('/');
                if site.page(path).is_none() {
                    let at = text.find(target).map_or(0..0, |i| i..i + target.len());
                    found.push(
                        Diagnostic::new(
                            Code::LegalLink,
                            CONFIG_FILE,
                            at,
                            format!(
                                "`legal.{key}` names `{path}`, which is not a page of content/"
                            ),
                        )
                        .with_hint(
                            "write a path relative to content/ (`accessibilite.md`) or a URL",
                        ),
                    );
                }
            }
            _ => {}
        }
    }
    found
}

/// The span of the value of the top-level `key:` in `text`, or of nothing at its start.
fn value_span(text: &str, key: &str) -> std::ops::Range<usize> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
            let value = rest.split('#').next().unwrap_or("").trim();
            let at = start + key.len() + 1 + rest.find(value).unwrap_or(0);
            return at..at + value.len();
        }
        start += line.len();
    }
    0..0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of `themes/<name>/templates` and `static` is built in, and only those.
    #[test]
    fn builtin_themes_hold_their_folders() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for (theme, vendored) in [(&DEFAULT, &[][..]), (&DSFR, DSFR_VENDORED)] {
            let dir = repo.join("themes").join(theme.name);
            let on_disk = |sub: &str| -> Vec<String> {
                let mut names: Vec<String> = read_dir_files(&dir.join(sub))
                    .unwrap()
                    .into_iter()
                    .map(|(name, _)| name)
                    .collect();
                names.sort();
                names
            };
            let mut templates: Vec<String> =
                theme.templates.iter().map(|(n, _)| n.to_string()).collect();
            templates.sort();
            assert_eq!(templates, on_disk("templates"), "{}", theme.name);
            let mut statics: Vec<String> = theme
                .static_files
                .iter()
                .chain(vendored)
                .map(|(n, _)| n.to_string())
                .collect();
            statics.sort();
            let mut want = on_disk("static");
            if theme.name != "default" {
                want.push("search.js".into()); // shared with the default theme
                want.sort();
            }
            assert_eq!(statics, want, "{}", theme.name);
        }
    }

    #[test]
    fn legal_page_urls() {
        for (target, want) in [
            ("accessibilite.md", "accessibilite.html"),
            ("./a/README.md#x", "a/index.html#x"),
            ("/README.md", "index.html"),
            ("mentions.html#cookies", "mentions.html#cookies"),
        ] {
            assert_eq!(legal_page_url(target), want, "{target}");
        }
    }

    #[test]
    fn theme_value_span() {
        let text = "title: T\ntheme: dsfr   # State\n";
        assert_eq!(&text[value_span(text, "theme")], "dsfr");
        assert_eq!(value_span("title: T\n", "theme"), 0..0);
    }
}
