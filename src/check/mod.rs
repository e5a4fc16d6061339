//! The checks. Each reads the site model and returns diagnostics; none renders or prints.

pub mod anchors;
pub mod cgu;
pub mod external;
pub mod links;

use crate::content::Site;
use crate::diagnostics::Diagnostic;

/// Runs every internal check on the site.
pub fn internal(site: &Site) -> Vec<Diagnostic> {
    links::check(site)
}

/// The candidate closest to `wanted` by edit distance, if it is close enough to be a
/// plausible typo rather than noise.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_levenshtein(wanted, c), c))
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}
