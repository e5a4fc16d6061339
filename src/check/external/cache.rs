//! `.faqsite-cache.json` in ROOT: successful results by request, with the time they were
//! checked; entries older than `external.cache_max_age` are dropped. Failures are never
//! stored, so a passing outage never hides a link that has come back, nor the reverse.

use super::Outcome;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub const CACHE_FILE: &str = ".faqsite-cache.json";

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
    /// Reads the cache; an unreadable or foreign file counts as empty.
    pub fn load(path: &Path, max_age: Duration) -> Cache {
        let Ok(text) = std::fs::read_to_string(path) else {
            return Cache::default();
        };
        let mut cache: Cache = serde_json::from_str(&text).unwrap_or_default();
        let oldest = now().saturating_sub(max_age.as_secs());
        cache
            .entries
            .retain(|_, e| e.checked >= oldest && e.outcome.cacheable());
        cache
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
        self.version = 1;
        if let Ok(text) = serde_json::to_string_pretty(self) {
            let _ = crate::files::replace_file(path, text.as_bytes());
        }
    }
}
