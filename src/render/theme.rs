//! Theme resolution: templates and static files come from `ROOT/templates/` first, then
//! `ROOT/themes/<theme>/`, then the default theme built into the binary.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

/// The built-in default theme (the same files as `themes/default/` in faqsite's repository).
const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
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
];
const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
];

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
    let mut templates: BTreeMap<String, Template> = DEFAULT_TEMPLATES
        .iter()
        .map(|(name, source)| {
            let origin = format!("themes/default/templates/{name}");
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
    let mut static_files: BTreeMap<String, Vec<u8>> = DEFAULT_STATIC
        .iter()
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
