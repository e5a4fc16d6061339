//! The postings: term → the pages holding it, with weights. Filled page by page as pages
//! render, merged across threads, and written as `t-XX.js` shards (by the first two letters
//! of each term) and `index.js`.

use super::terms::{add_occurrence, for_each_weighted_term, Terms};
use super::{doc_shard, json, json_array, Doc, OutputFile, DOCS_PER_SHARD};
use crate::content::Page;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// A page number and a weight: 8 bytes, half of `(usize, u32)`, on millions of postings.
type Posting = (u32, u32);

/// The terms of one shard file with their postings, in term order.
type Shard<'a> = BTreeMap<&'a str, &'a Vec<Posting>>;

/// Term → (page number, weight) of the pages holding it. Filled page by page as pages
/// render, on each thread, then merged.
#[derive(Default, Clone)]
pub struct Postings(HashMap<String, Vec<Posting>>);

impl Postings {
    /// Each term's list, to sort them once filled.
    pub fn lists_mut(&mut self) -> impl Iterator<Item = &mut Vec<Posting>> {
        self.0.values_mut()
    }

    /// Adds the terms of page number `doc`.
    pub fn add(&mut self, doc: usize, terms: &Terms) {
        for (term, &w) in terms {
            self.add_term(doc, term, w);
        }
    }

    /// Adds one term of page number `doc`, with its weight.
    pub fn add_term(&mut self, doc: usize, term: &str, weight: u32) {
        let doc = doc as u32; // a site has fewer than 4 billion pages
        match self.0.get_mut(term) {
            Some(list) => list.push((doc, weight)),
            None => {
                self.0.insert(term.to_string(), vec![(doc, weight)]);
            }
        }
    }

    /// Adds page number `doc` from its `prose`, term by term: no map per page, and no
    /// allocation for a term this index already holds. Pages come in increasing numbers.
    pub fn add_page<'p>(&mut self, doc: usize, page: &Page, prose: impl Iterator<Item = &'p str>) {
        let doc = doc as u32;
        for_each_weighted_term(page, prose, |t, weight| match self.0.get_mut(t) {
            Some(list) => match list.last_mut() {
                Some((d, w)) if *d == doc => *w = add_occurrence(*w, weight),
                _ => list.push((doc, add_occurrence(0, weight))),
            },
            None => {
                self.0
                    .insert(t.to_string(), vec![(doc, add_occurrence(0, weight))]);
            }
        });
    }

    pub fn merge(mut self, other: Postings) -> Postings {
        let (mut big, small) = match self.0.len() >= other.0.len() {
            true => (std::mem::take(&mut self.0), other.0),
            false => (other.0, std::mem::take(&mut self.0)),
        };
        for (term, mut list) in small {
            big.entry(term).or_default().append(&mut list);
        }
        Postings(big)
    }
}

/// The shard of a term: its first two characters, `_` for anything but `a-z0-9`.
pub fn shard_key(term: &str) -> String {
    term.chars()
        .take(2)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Builds the index files under `search/`: `index.js` (section titles, shard list), one
/// `t-XX.js` per term prefix and one `d-N.js` per `DOCS_PER_SHARD` pages.
pub fn index_files(docs: &[Doc], postings: &mut Postings, sections: &[String]) -> Vec<OutputFile> {
    let mut files = term_files(postings, docs.len(), sections);
    let index = files.pop();
    files.par_extend(
        docs.par_chunks(DOCS_PER_SHARD)
            .enumerate()
            .map(|(n, chunk)| doc_shard(n, chunk)),
    );
    files.extend(index);
    files
}

/// The index files but the `d-N.js` shards of `docs` pages: the `t-XX.js` shards, then
/// `index.js`.
fn term_files(postings: &mut Postings, docs: usize, sections: &[String]) -> Vec<OutputFile> {
    let keys = postings.sort_lists();
    let mut files = postings.term_shards(&keys);
    files.push(postings.index_js(docs, sections));
    files
}

/// `term_files`, each handed to `write` once made (on all cores, the shards first, then
/// `index.js`): a build does not hold them all at once (60 MB at 100,000 pages).
pub fn write_term_files(
    postings: &mut Postings,
    docs: usize,
    sections: &[String],
    write: impl Fn(OutputFile) -> std::io::Result<()> + Sync,
) -> std::io::Result<()> {
    let keys = postings.sort_lists();
    postings
        .shards(&keys)
        .par_iter()
        .try_for_each(|(key, terms)| write(term_shard(key, terms)))?;
    write(postings.index_js(docs, sections))
}

impl Postings {
    /// Replaces the terms of page number `doc` (`old` are those it had); returns the shard
    /// keys whose files change. Lists stay sorted by page number.
    pub fn replace_doc(&mut self, doc: usize, old: &Terms, new: &Terms) -> BTreeSet<String> {
        let doc = doc as u32;
        let mut keys = BTreeSet::new();
        for (term, w) in old {
            if new.get(term) == Some(w) {
                continue;
            }
            keys.insert(shard_key(term));
            if let Some(list) = self.0.get_mut(term.as_str()) {
                list.retain(|&(d, _)| d != doc);
                if list.is_empty() {
                    self.0.remove(term.as_str());
                }
            }
        }
        for (term, &w) in new {
            if old.get(term) == Some(&w) {
                continue;
            }
            keys.insert(shard_key(term));
            let list = self.0.entry(term.clone()).or_default();
            let at = list.partition_point(|&(d, _)| d < doc);
            list.insert(at, (doc, w));
        }
        keys
    }

    /// The `t-XX.js` files of the given shard keys (lists must be sorted by page number).
    pub fn term_shards(&self, keys: &BTreeSet<String>) -> Vec<OutputFile> {
        self.shards(keys)
            .par_iter()
            .map(|(key, terms)| term_shard(key, terms))
            .collect()
    }

    /// Sorts each term's list by page number; returns every shard key.
    fn sort_lists(&mut self) -> BTreeSet<String> {
        for list in self.0.values_mut() {
            list.sort_unstable();
        }
        self.0.keys().map(|t| shard_key(t)).collect()
    }

    /// The terms of each of the given shard keys.
    fn shards(&self, keys: &BTreeSet<String>) -> BTreeMap<String, Shard<'_>> {
        let mut shards: BTreeMap<String, Shard> =
            keys.iter().map(|k| (k.clone(), Shard::new())).collect();
        for (term, list) in &self.0 {
            if let Some(shard) = shards.get_mut(&shard_key(term)) {
                shard.insert(term.as_str(), list);
            }
        }
        shards
    }

    /// Whether some term falls in the shard `key`.
    pub fn has_shard(&self, key: &str) -> bool {
        self.0.keys().any(|t| shard_key(t) == key)
    }

    /// `search/index.js`: the number of pages (for the scores' term rarity), the section
    /// titles and the list of shard keys.
    pub fn index_js(&self, docs: usize, sections: &[String]) -> OutputFile {
        let keys: BTreeSet<String> = self.0.keys().map(|t| shard_key(t)).collect();
        let keys: String = keys.iter().map(String::as_str).collect();
        OutputFile {
            path: "search/index.js".into(),
            contents: format!(
                "faqsiteSearch.init({{docsPerShard:{DOCS_PER_SHARD},docs:{docs},keys:{},sections:{}}});\n",
                json(&keys),
                json_array(sections)
            )
            .into_bytes(),
        }
    }
}

fn term_shard(key: &str, terms: &Shard) -> OutputFile {
    let mut js = format!("faqsiteSearch.t({},{{", json(key));
    for (i, (term, postings)) in terms.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(js, "{sep}{}:[", json(term));
        // Doc numbers as deltas from the previous one: smaller files.
        let mut prev = 0;
        for (j, &(d, w)) in postings.iter().enumerate() {
            let sep = if j == 0 { "" } else { "," };
            let _ = write!(js, "{sep}{},{}", d - prev, w);
            prev = d;
        }
        js.push(']');
    }
    js.push_str("});\n");
    OutputFile {
        path: format!("search/t-{key}.js"),
        contents: js.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_keys() {
        assert_eq!(shard_key("habilitation"), "ha");
        assert_eq!(shard_key("x"), "x");
        assert_eq!(shard_key("ça"), "_a");
    }

    /// What the home page loads when the search field gets focus is `index.js`: the shard
    /// keys (at most 37² two-character prefixes) and the section titles, never the pages.
    /// With every key present, 200,000 pages and 1,000 sections, it stays under 100 kB.
    #[test]
    fn the_index_loaded_on_focus_does_not_grow_with_pages() {
        let alphabet: Vec<char> = ('a'..='z').chain('0'..='9').chain(['é']).collect();
        let mut postings = Postings::default();
        let mut doc = 0;
        for &a in &alphabet {
            for &b in &alphabet {
                let terms: Terms = [(format!("{a}{b}mot"), 1)].into_iter().collect();
                for _ in 0..150 {
                    postings.add(doc, &terms);
                    doc += 1;
                }
            }
        }
        assert!(doc >= 200_000);
        let sections: Vec<String> = (0..1000)
            .map(|i| format!("Section numéro {i} de la documentation partenaire"))
            .collect();
        let size = postings.index_js(doc, &sections).contents.len();
        assert!(size < 100 * 1024, "{size} bytes");
    }
}
