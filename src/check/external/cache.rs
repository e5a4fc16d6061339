//! `.faqsite-cache.json` in ROOT: successful results by request, with the time they were
//! checked; entries older than `external.cache_max_age` are dropped. Failures are never
//! stored, so a passing outage never hides a link that has come back, nor the reverse.

use super::Outcome;
use crate::diagnostics::{Code, Diagnostic};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub use crate::layout::CACHE_FILE;

/// The cache's format version; a cache of another version is ignored and rewritten.
const VERSION: u32 = 1;

fn ignored(why: String) -> Diagnostic {
    Diagnostic::new(
        Code::Cache,
        CACHE_FILE,
        0..0,
        format!("the link cache is ignored: {why}"),
    )
    .with_hint("nothing to do: this run checks every link again and rewrites the cache")
}

#[derive(Default, Serialize, Deserialize)]
pub struct Cache {
    version: u32,
    entries: BTreeMap<String, Entry>,
}

#[derive(Clone, Serialize, Deserialize)]
struct Entry {
    /// Seconds since the Unix epoch.
    checked: u64,
    #[serde(flatten)]
    outcome: Outcome,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Cache {
    /// Reads the cache. A missing file is an empty cache; a truncated, foreign or older one
    /// is too, with a warning (the run then rewrites it whole).
    pub fn load(path: &Path, max_age: Duration) -> (Cache, Option<Diagnostic>) {
        let Ok(bytes) = std::fs::read(path) else {
            return (Cache::default(), None);
        };
        let mut cache = match serde_json::from_slice::<Cache>(&bytes) {
            Ok(cache) if cache.version == VERSION => cache,
            Ok(cache) => {
                let why = format!("it is of format version {}, not {VERSION}", cache.version);
                return (Cache::default(), Some(ignored(why)));
            }
            Err(e) => {
                return (
                    Cache::default(),
                    Some(ignored(format!("it does not parse: {e}"))),
                )
            }
        };
        let oldest = now().saturating_sub(max_age.as_secs());
        cache
            .entries
            .retain(|_, e| e.checked >= oldest && e.outcome.cacheable());
        (cache, None)
    }

    pub fn get(&self, key: &str) -> Option<&Outcome> {
        self.entries.get(key).map(|e| &e.outcome)
    }

    pub fn put(&mut self, key: String, outcome: Outcome) {
        self.entries.insert(
            key,
            Entry {
                checked: now(),
                outcome,
            },
        );
    }

    /// Writes the cache; failing to is not worth failing the run for.
    pub fn save(&mut self, path: &Path) {
        self.version = VERSION;
        if let Ok(text) = serde_json::to_string_pretty(self) {
            let _ = crate::files::replace_file(path, text.as_bytes());
        }
    }
}
