//! The CGU registry: the legal documents partners must accept, their versions (oldest
//! first, the last one current) and the files that carry them.

use serde::Deserialize;
use serde_saphyr::Spanned;

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
    /// Relative to `content/`.
    #[serde(default)]
    pub file: Option<Spanned<String>>,
    #[serde(default)]
    pub changes: Option<String>,
}
