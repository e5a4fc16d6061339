//! `faqsite.yaml` → `Config`, with every default in one place. Unknown keys are errors
//! (a typo in the config must not pass silently), reported at their line and column.

use crate::diagnostics::{Code, Diagnostic, Level, Levels};
use crate::yaml;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

pub const CONFIG_FILE: &str = "faqsite.yaml";

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub language: String,
    /// Absolute URL of the published site; enables `sitemap.xml`.
    pub base_url: Option<String>,
    /// Theme folder under `ROOT/themes/`; the built-in default theme fills any gap.
    pub theme: String,
    /// Level per diagnostic code.
    pub checks: HashMap<CheckCode, Level>,
    pub cgu: Vec<crate::cgu::CguDocument>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Documentation".into(),
            description: String::new(),
            language: "fr".into(),
            base_url: None,
            theme: "default".into(),
            checks: HashMap::new(),
            cgu: Vec::new(),
        }
    }
}

/// A diagnostic code as a key of `checks:`; an unknown name is a config error at its place.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct CheckCode(pub Code);

impl<'de> Deserialize<'de> for CheckCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Code::parse(&name)
            .filter(|c| !c.is_usage())
            .map(CheckCode)
            .ok_or_else(|| {
                let known: Vec<&str> = Code::ALL
                    .iter()
                    .filter(|c| !c.is_usage())
                    .map(|c| c.as_str())
                    .collect();
                serde::de::Error::custom(format!(
                    "unknown check `{name}`, expected one of {}",
                    known.join(", ")
                ))
            })
    }
}

impl Config {
    pub fn levels(&self) -> Levels {
        Levels(self.checks.iter().map(|(k, v)| (k.0, *v)).collect())
    }
}

/// Reads `ROOT/faqsite.yaml` if there is one. Returns the text too, for diagnostics.
pub fn load(root: &Path) -> Result<(Config, String), Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Config::default(), String::new()))
        }
        Err(e) => {
            return Err(vec![Diagnostic::new(
                Code::Config,
                CONFIG_FILE,
                0..0,
                format!("cannot read: {e}"),
            )])
        }
    };
    let config: Config = if text.trim().is_empty() {
        Config::default()
    } else {
        yaml::parse::<Option<Config>>(&text, CONFIG_FILE, &text, 0, Code::Config)
            .map_err(|d| vec![d])?
            .unwrap_or_default()
    };
    Ok((config, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Diagnostic> {
        yaml::parse::<Config>(text, CONFIG_FILE, text, 0, Code::Config)
    }

    #[test]
    fn levels_and_errors() {
        let c = parse("title: T\nchecks:\n  broken-anchor: warning\n  link-outside-site: off\n")
            .unwrap();
        assert_eq!(
            c.checks.get(&CheckCode(Code::BrokenAnchor)),
            Some(&Level::Warning)
        );
        assert_eq!(c.language, "fr");

        let table = [
            ("titel: T\n", 0, "unknown field `titel`"),
            (
                "checks:\n  broken-ankor: warning\n",
                10,
                "unknown check `broken-ankor`",
            ),
            (
                "checks:\n  broken-anchor: loud\n",
                25,
                "unknown variant `loud`",
            ),
        ];
        for (text, offset, message) in table {
            let d = parse(text).unwrap_err();
            assert!(d.message.starts_with(message), "{text:?}: {}", d.message);
            assert_eq!(d.span.start, offset, "{text:?}: {}", d.message);
        }
    }
}
