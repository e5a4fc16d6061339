//! `faqsite.yaml` → `Config`, with every default in one place. Unknown keys are errors
//! (a typo in the config must not pass silently), reported at their line and column.

use crate::diagnostics::{Code, Diagnostic, Level, Levels};
use crate::yaml;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::HashMap;
use std::path::Path;

pub use crate::layout::CONFIG_FILE;

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub language: String,
    /// Absolute URL of the published site; enables `sitemap.xml`.
    pub base_url: Option<String>,
    /// The folder of the pages, relative to ROOT: by default `content/` if ROOT has one,
    /// else ROOT itself (a documentation repository as it is cloned).
    pub content: Option<String>,
    /// Theme folder under `ROOT/themes/`; the built-in default theme fills any gap.
    pub theme: String,
    /// Titles of folders that have no `index.md`, by content-relative path.
    pub sections: std::collections::BTreeMap<String, String>,
    /// Level per diagnostic code.
    pub checks: HashMap<CheckCode, Level>,
    pub cgu: Vec<CguDocument>,
    pub external: External,
    pub legal: Legal,
}

/// `legal:` — who runs the site and the links a French public site must carry, shown in the
/// footer (the `dsfr` theme warns when one is missing). Links are URLs or pages of `content/`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Legal {
    /// The operator, e.g. « Direction interministérielle du numérique ».
    pub operator: String,
    /// RGAA conformity: `non`, `partiellement` or `totalement` (conforme).
    pub conformity: Conformity,
    pub accessibility: Option<String>,
    pub legal_notice: Option<String>,
    pub personal_data: Option<String>,
}

/// What the accessibility link says: « Accessibilité : non conforme » until an audit.
#[derive(Debug, Default, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Conformity {
    #[default]
    Non,
    Partiellement,
    Totalement,
}

/// `external:` — how outside links are checked. Durations are written `500ms`, `20s`, `1d`.
#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct External {
    /// Regular expressions; a matching URL is not checked.
    pub exclude: Vec<Pattern>,
    /// Fragments starting with one of these are not checked against the page.
    pub skip_anchor_prefixes: Vec<String>,
    /// How long a successful result stays in `.faqsite-cache.json`.
    pub cache_max_age: Duration,
    /// Per attempt at a URL: connecting, its redirects, the answer's headers, and reading
    /// the page when an anchor must be found on it.
    pub timeout: Duration,
    /// Retries after a timeout, a 5xx, a 408 or a 429.
    pub retries: u64,
    /// The longest `Retry-After` (429, 503) faqsite waits for before a retry. A host that asks
    /// for longer is not retried, nor asked again in this run: it is reported as it answered.
    pub max_retry_wait: Duration,
    /// Requests in flight, all hosts together.
    pub max_concurrency: usize,
    /// Requests in flight to one host.
    pub per_host: usize,
    /// Minimum time between two requests to one host.
    pub host_interval: Duration,
    /// lychee-lib's remaps, written as lychee writes them: `"REGEX REPLACEMENT"`. The first
    /// rule whose expression matches a URL rewrites it (`$1` for a group) before the URLs
    /// are deduplicated, looked up in the cache and requested.
    pub remap: Vec<Remap>,
}

impl Default for External {
    fn default() -> Self {
        External {
            exclude: Vec::new(),
            skip_anchor_prefixes: Vec::new(),
            cache_max_age: Duration(std::time::Duration::from_secs(24 * 3600)),
            timeout: Duration(std::time::Duration::from_secs(20)),
            retries: 2,
            max_retry_wait: Duration(std::time::Duration::from_secs(60)),
            max_concurrency: 64,
            per_host: 4,
            host_interval: Duration(std::time::Duration::ZERO),
            remap: Vec::new(),
        }
    }
}

/// `cgu:` — one document of the CGU registry as written (the `cgu` module validates it).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CguDocument {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub versions: Vec<CguVersion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CguVersion {
    pub version: Spanned<String>,
    pub date: Spanned<String>,
    /// Relative to the content folder.
    #[serde(default)]
    pub file: Option<Spanned<String>>,
    #[serde(default)]
    pub changes: Option<String>,
}

/// A regular expression, checked when the config is read.
#[derive(Debug, Clone)]
pub struct Pattern(pub String);

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        match regex::Regex::new(&text) {
            Ok(_) => Ok(Pattern(text)),
            Err(e) => Err(serde::de::Error::custom(format!(
                "`{text}` is not a regular expression: {}",
                e.to_string().lines().last().unwrap_or("invalid")
            ))),
        }
    }
}

/// One rule of `external.remap`: `"REGEX REPLACEMENT"`, read by lychee-lib's `Remaps` (two
/// fields separated by blanks; the expression checked when the config is read).
#[derive(Debug, Clone)]
pub struct Remap {
    pub pattern: regex::Regex,
    pub replacement: String,
}

impl<'de> Deserialize<'de> for Remap {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        match lychee_lib::remap::Remaps::try_from(&[text.clone()][..]) {
            Ok(rules) => {
                let (pattern, replacement) = rules[0].clone();
                Ok(Remap {
                    pattern,
                    replacement,
                })
            }
            Err(e) => Err(serde::de::Error::custom(format!(
                "`{text}` is not a remap rule (`REGEX REPLACEMENT`): {}",
                e.to_string().lines().last().unwrap_or("invalid")
            ))),
        }
    }
}

/// A duration written with a unit: `250ms`, `20s`, `5m`, `12h`, `1d`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Duration(pub std::time::Duration);

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        parse_duration(&text).map(Duration).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{text}` is not a duration of at most a year; write e.g. 500ms, 20s, 5m, 12h or 1d"
            ))
        })
    }
}

/// The longest duration any setting takes: a year.
const MAX_DURATION: std::time::Duration = std::time::Duration::from_secs(365 * 86_400);

/// `500ms`, `20s`, `5m`, `12h`, `1d`, `1h 30m` (humantime's syntax), up to a year.
fn parse_duration(text: &str) -> Option<std::time::Duration> {
    // `12 h` is read as `12h`; humantime wants the unit against the number.
    let mut compact = String::with_capacity(text.len());
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        compact.push_str(word);
        let unit_follows = words
            .peek()
            .is_some_and(|w| w.starts_with(|c: char| c.is_alphabetic()));
        if words.peek().is_some() && !(word.ends_with(|c: char| c.is_ascii_digit()) && unit_follows)
        {
            compact.push(' ');
        }
    }
    humantime::parse_duration(&compact)
        .ok()
        .filter(|d| *d <= MAX_DURATION)
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Documentation".into(),
            description: String::new(),
            language: "fr".into(),
            base_url: None,
            content: None,
            theme: "default".into(),
            sections: Default::default(),
            checks: HashMap::new(),
            cgu: Vec::new(),
            external: External::default(),
            legal: Legal::default(),
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
    let config = parse_all(&text)?;
    Ok((config, text))
}

/// The configuration written in `text` (the whole of `faqsite.yaml`).
pub fn parse_text(text: &str) -> Result<Config, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(Config::default());
    }
    yaml::parse::<Option<Config>>(text, CONFIG_FILE, text, 0, Code::Config)
        .map(Option::unwrap_or_default)
        .map_err(with_near_miss)
}

/// The configuration, or every problem in it: after an error, the top-level key that holds
/// it is set aside (its lines blanked, so that positions stay) and the rest read again, so
/// that one run reports them all.
pub fn parse_all(text: &str) -> Result<Config, Vec<Diagnostic>> {
    const MAX_PROBLEMS: usize = 20;
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut rest = text.to_string();
    loop {
        let d = match parse_text(&rest) {
            Ok(config) if problems.is_empty() => return Ok(config),
            Ok(_) => return Err(problems),
            Err(d) => d,
        };
        let block = top_level_block(&rest, d.span.start);
        problems.push(d);
        let Some(block) = block.filter(|_| problems.len() < MAX_PROBLEMS) else {
            return Err(problems);
        };
        let blanked: String = rest[block.clone()]
            .chars()
            .map(|c| if c == '\n' || c == '\r' { c } else { ' ' })
            .collect();
        if blanked == rest[block.clone()] {
            return Err(problems);
        }
        rest.replace_range(block, &blanked);
    }
}

/// The lines of the top-level key whose block holds byte `at`: from its line to the next
/// top-level key (a line that starts with neither a space, `#` nor `-`).
fn top_level_block(text: &str, at: usize) -> Option<std::ops::Range<usize>> {
    let is_key = |line: &str| {
        line.starts_with(|c: char| !c.is_whitespace() && c != '#' && c != '-') && line.contains(':')
    };
    let mut start = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let end = offset + line.len();
        if is_key(line) {
            if let Some(s) = start.filter(|_| offset > at) {
                return Some(s..offset);
            }
            start = Some(offset);
        }
        offset = end;
    }
    start.filter(|&s| s <= at).map(|s| s..text.len())
}

/// An unknown key one typo away from a known one gets "did you mean" (`titre` → `title`).
fn with_near_miss(d: Diagnostic) -> Diagnostic {
    let Some(rest) = d.message.strip_prefix("unknown field `") else {
        return d;
    };
    let Some((key, expected)) = rest.split_once("`, expected one of ") else {
        return d;
    };
    let known = expected.split(", ").map(|k| k.trim_matches('`'));
    match yaml::near_miss(key, known) {
        Some(known) => {
            let hint = format!("did you mean `{known}`?");
            d.with_hint(hint)
        }
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let ms = std::time::Duration::from_millis;
        let table = [
            ("500ms", Some(ms(500))),
            ("20s", Some(ms(20_000))),
            ("1d", Some(ms(86_400_000))),
            ("12 h", Some(ms(43_200_000))),
            ("5", None),
            ("s", None),
            ("2w", Some(ms(14 * 86_400_000))),
            ("1h 30m", Some(ms(5_400_000))),
            ("365d", Some(MAX_DURATION)),
            ("366d", None),
            ("999999999999999d", None),
            ("99999999999999999999999ms", None),
        ];
        for (text, want) in table {
            assert_eq!(parse_duration(text), want, "{text}");
        }
    }

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
                "external:\n  exclude: [\"a(\"]\n",
                22,
                "`a(` is not a regular expression",
            ),
            (
                "external:\n  timeout: 3 secondes\n",
                21,
                "`3 secondes` is not a duration",
            ),
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
        // Every problem in one run, each where it is.
        let all =
            parse_all("titre: T\nlangue: fr\nexternal:\n  timeout: 3 secondes\n").unwrap_err();
        let found: Vec<(usize, Option<&str>)> = all
            .iter()
            .map(|d| (d.span.start, d.hint.as_deref()))
            .collect();
        assert_eq!(found.len(), 3, "{all:?}");
        assert_eq!(found[0], (0, Some("did you mean `title`?")));
        assert_eq!(found[1].0, 9);
        assert_eq!(found[2].0, 41);
        assert!(parse_all("title: T\n").is_ok());
        let typo = parse_text("titre: T\n").unwrap_err();
        assert_eq!(typo.hint.as_deref(), Some("did you mean `title`?"));
        let far = parse_text("couleur: bleu\n").unwrap_err();
        assert!(!far.hint.unwrap_or_default().contains("did you mean"));
        for (text, offset, message) in table {
            let d = parse(text).unwrap_err();
            assert!(d.message.starts_with(message), "{text:?}: {}", d.message);
            assert_eq!(d.span.start, offset, "{text:?}: {}", d.message);
        }
    }
}
