//! `faqsite init [DIR]`: in a new or empty folder, a minimal French site that builds clean,
//! to start from; in an existing documentation repository, only `faqsite.yaml` (and, with
//! `--workflow`, the CI workflow), titled after its README. It never overwrites a file.

use std::io;
use std::path::Path;

const CONFIG: &str = include_str!("faqsite.yaml");
const WORKFLOW: (&str, &str) = (".github/workflows/docs.yml", include_str!("docs.yml"));

/// The files of a new site, by path relative to its root.
const FILES: &[(&str, &str)] = &[
    ("faqsite.yaml", CONFIG),
    ("content/index.md", include_str!("index.md")),
    ("content/faq/index.md", include_str!("faq_index.md")),
    (
        "content/faq/premiers-pas.md",
        include_str!("premiers_pas.md"),
    ),
    (".gitignore", "/public\n.faqsite-cache.json\n"),
];

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0} exists already: faqsite init never overwrites a file")]
    Exists(std::path::PathBuf),
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// Writes a new site into `dir` (created if need be), or only the configuration into an
/// existing repository; returns the files written.
pub fn init(dir: &Path, workflow: bool) -> Result<Vec<String>, Error> {
    let empty = match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => true,
        Err(e) => return Err(e.into()),
    };
    let mut files: Vec<(&str, String)> = match empty {
        true => FILES.iter().map(|(p, t)| (*p, t.to_string())).collect(),
        false => vec![("faqsite.yaml", titled(CONFIG, readme_title(dir)))],
    };
    if workflow {
        files.push((WORKFLOW.0, WORKFLOW.1.to_string()));
    }
    // Nothing is written unless everything can be.
    if let Some((path, _)) = files.iter().find(|(p, _)| dir.join(p).exists()) {
        return Err(Error::Exists(dir.join(path)));
    }
    for (path, text) in &files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, text)?;
    }
    Ok(files.into_iter().map(|(p, _)| p.to_string()).collect())
}

/// The first `# ` heading of the repository's README, as the site's title.
fn readme_title(dir: &Path) -> Option<String> {
    let text = ["README.md", "readme.md", "index.md"]
        .iter()
        .find_map(|name| std::fs::read_to_string(dir.join(name)).ok())?;
    let title = text.lines().find_map(|l| l.strip_prefix("# "))?.trim();
    (!title.is_empty()).then(|| title.to_string())
}

/// The configuration with `title` set, as a YAML double-quoted string.
fn titled(config: &str, title: Option<String>) -> String {
    let Some(title) = title else {
        return config.to_string();
    };
    let quoted = serde_json::to_string(&title).unwrap_or_default();
    config
        .lines()
        .map(|l| match l.starts_with("title:") {
            true => format!("title: {quoted}"),
            false => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_repository_gets_its_configuration_only() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::write(
            dir.join("README.md"),
            "# ProConnect \"partenaires\"\n\nTexte.\n",
        )
        .unwrap();
        let written = init(dir, true).unwrap();
        assert_eq!(written, ["faqsite.yaml", ".github/workflows/docs.yml"]);
        let config = std::fs::read_to_string(dir.join("faqsite.yaml")).unwrap();
        assert!(
            config.contains("title: \"ProConnect \\\"partenaires\\\"\"\n"),
            "{config}"
        );
        assert!(crate::config::parse_text(&config).is_ok());
        let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
        assert_eq!(readme, "# ProConnect \"partenaires\"\n\nTexte.\n");
        // A second run overwrites nothing and writes nothing.
        assert!(matches!(init(dir, false), Err(Error::Exists(_))));
    }

    #[test]
    fn a_new_folder_gets_a_site_that_builds() {
        let tmp = tempfile::tempdir().unwrap();
        let written = init(&tmp.path().join("docs"), false).unwrap();
        assert_eq!(written.len(), FILES.len());
        assert!(crate::config::parse_text(CONFIG).is_ok());
    }
}
