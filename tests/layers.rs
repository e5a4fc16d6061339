//! The stages depend on each other in one direction only: each top-level module of `src/`
//! may use the modules of lower layers, never one of its own layer or above. An import
//! circle, `render` reaching into `check`, or `config` into the site model fails here.

use std::collections::BTreeMap;
use std::path::Path;

/// Each module's layer; a module may use only modules of a lower layer.
const LAYERS: &[(&str, u8)] = &[
    ("paths", 0),
    ("slug", 0),
    ("html", 0),
    ("files", 0),
    ("layout", 0),
    ("diagnostics", 1),
    ("yaml", 2),
    ("config", 3),
    ("markdown", 3),
    ("content", 4),
    ("output", 4),
    ("cgu", 5),
    ("policy", 5),
    ("check", 6),
    ("changed", 6),
    ("render", 6),
    ("init", 6),
    ("project", 7),
    ("pipeline", 8),
    ("serve", 8),
    ("fuzz", 9),
    ("properties", 9),
];

/// Beyond the layers: what a module must not use even though it sits above it. The dev
/// server asks the project; it neither loads pages nor renders them itself.
const FORBIDDEN: &[(&str, &[&str])] = &[
    (
        "serve",
        &[
            "render", "content", "check", "config", "cgu", "policy", "output", "markdown",
        ],
    ),
    ("pipeline", &["render", "content", "policy", "markdown"]),
];

/// The `crate::module` paths the code of `path` (a file or a folder) names, comments aside.
fn uses(path: &Path) -> Vec<String> {
    let files: Vec<std::path::PathBuf> = match path.is_dir() {
        true => walkdir::WalkDir::new(path)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
            .map(|e| e.into_path())
            .collect(),
        false => vec![path.to_path_buf()],
    };
    let name = regex::Regex::new(r"crate::([a-z_]+)").unwrap();
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or("");
            found.extend(name.captures_iter(code).map(|c| c[1].to_string()));
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn every_module_uses_only_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let layers: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let mut wrong = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let module = path.file_stem().unwrap().to_string_lossy().into_owned();
        if matches!(module.as_str(), "lib" | "main") {
            continue;
        }
        let Some(&layer) = layers.get(module.as_str()) else {
            wrong.push(format!("{module}: no layer in tests/layers.rs"));
            continue;
        };
        let forbidden = FORBIDDEN
            .iter()
            .find(|(m, _)| *m == module)
            .map_or(&[][..], |(_, f)| f);
        for used in uses(&path) {
            if used == module {
                continue;
            }
            if forbidden.contains(&used.as_str()) {
                wrong.push(format!("{module} uses {used}: it must ask the project"));
            }
            match layers.get(used.as_str()) {
                Some(&l) if l < layer => {}
                Some(&l) => wrong.push(format!("{module} (layer {layer}) uses {used} (layer {l})")),
                None => wrong.push(format!("{module} uses {used}, which has no layer")),
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}
