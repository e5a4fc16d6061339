//! The search index, as JavaScript files the browser loads with `<script>` (so search works
//! from file:// too, where fetch and ES modules do not). Words are folded the way
//! `static/search.js` folds the query: lower case, no accents, light French plural stemming.
//! Postings are sharded by the first two letters of each word (a prefix typed in the field
//! needs one shard); page titles and excerpts are sharded by page number.

use super::OutputFile;
use crate::content::Page;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Pages per excerpt shard: a query loads the shards of its first results only.
pub const DOCS_PER_SHARD: usize = 64;
/// Characters of body text kept per page for excerpts.
const EXCERPT_CHARS: usize = 1000;
const TITLE_WEIGHT: u32 = 10;
const HEADING_WEIGHT: u32 = 3;

/// Words too common in French to be worth an entry (already folded).
const STOP_WORDS: &[&str] = &[
    "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "est", "et", "il",
    "la", "le", "les", "leur", "ne", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa",
    "se", "ses", "son", "sur", "un", "une",
];

/// Term → (page number, weight) for the pages holding it, by page number.
type Postings<'a> = BTreeMap<&'a str, &'a Vec<(usize, u32)>>;

/// One page of the index: its URL (site-relative), title, section title and plain text.
pub struct Doc<'a> {
    pub url: String,
    pub page: &'a Page,
    pub section: usize,
}

/// Folds a word: lower case, accents removed, ligatures split.
#[cfg(test)]
fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// `fold`, appending to `buf`; French letters take a fast path, others are decomposed.
fn fold_into(word: &str, buf: &mut String) {
    for c in word.chars() {
        let ascii = match c {
            'a'..='z' | '0'..='9' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' | 'Á' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'î' | 'ï' | 'í' | 'Î' | 'Ï' | 'Í' => 'i',
            'ô' | 'ö' | 'ó' | 'Ô' | 'Ö' | 'Ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' | 'Ú' => 'u',
            'ç' | 'Ç' => 'c',
            'ÿ' | 'Ÿ' => 'y',
            'œ' | 'Œ' => {
                buf.push_str("oe");
                continue;
            }
            'æ' | 'Æ' => {
                buf.push_str("ae");
                continue;
            }
            c => {
                decompose_canonical(c, |d| {
                    if !is_combining_mark(d) {
                        buf.extend(d.to_lowercase());
                    }
                });
                continue;
            }
        };
        buf.push(ascii);
    }
}

/// Light French stemming of a folded word: plurals in `-s`, `-x`, `-aux`.
pub fn stem(word: &str) -> &str {
    let n = word.len();
    if n > 4 && word.ends_with("aux") && !word.ends_with("eaux") {
        // `journaux` and `journal` share `journa`.
        &word[..n - 2]
    } else if (n > 4 && (word.ends_with("eaux") || word.ends_with("al")))
        || (n > 3 && (word.ends_with('s') || word.ends_with('x')) && !word.ends_with("ss"))
    {
        &word[..n - 1]
    } else {
        word
    }
}

/// Calls `f` with each index term of `text` (folded, stemmed, stop words and one-letter words
/// out), folding into `buf`: no allocation per word.
fn for_each_term(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.len() < 2 {
            continue;
        }
        buf.clear();
        fold_into(word, buf);
        if buf.chars().nth(1).is_none() || STOP_WORDS.contains(&buf.as_str()) {
            continue;
        }
        f(stem(buf));
    }
}

/// The shard of a term: its first two characters, `_` for anything but `a-z0-9`.
pub fn shard_key(term: &str) -> String {
    term.chars()
        .take(2)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Plain text of rendered HTML: tags dropped, block ends as spaces, common entities decoded.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        if !matches!(
            tag,
            "a" | "/a" | "em" | "/em" | "strong" | "/strong" | "code" | "/code"
        ) && !tag.starts_with("a ")
        {
            out.push(' ');
        }
        rest = &rest[lt + gt + 1..];
    }
    out.push_str(rest);
    if !out.contains('&') {
        return out.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Builds the index files under `search/`: `index.js` (section titles, shard list), one
/// `t-XX.js` per term prefix and one `d-N.js` per `DOCS_PER_SHARD` pages.
pub fn index_files(docs: &[Doc], sections: &[String]) -> Vec<OutputFile> {
    // Pages are indexed by chunks so that only one chunk's term maps live at a time.
    let mut postings: HashMap<String, Vec<(usize, u32)>> = HashMap::new();
    let mut excerpts: Vec<String> = Vec::with_capacity(docs.len());
    for (c, chunk) in docs.chunks(1024).enumerate() {
        let indexed: Vec<(HashMap<String, u32>, String)> =
            chunk.par_iter().map(index_doc).collect();
        for (i, (weights, excerpt)) in indexed.into_iter().enumerate() {
            for (term, w) in weights {
                postings.entry(term).or_default().push((c * 1024 + i, w));
            }
            excerpts.push(excerpt);
        }
    }
    let mut shards: BTreeMap<String, Postings> = BTreeMap::new();
    for (term, list) in &mut postings {
        list.sort_unstable();
        shards
            .entry(shard_key(term))
            .or_default()
            .insert(term.as_str(), list);
    }
    let mut files: Vec<OutputFile> = shards
        .par_iter()
        .map(|(key, terms)| {
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
        })
        .collect();
    files.par_extend(
        docs.par_chunks(DOCS_PER_SHARD)
            .enumerate()
            .map(|(n, chunk)| {
                let mut js = format!("faqsiteSearch.d({n},[");
                for (i, doc) in chunk.iter().enumerate() {
                    let sep = if i == 0 { "" } else { "," };
                    let excerpt = &excerpts[n * DOCS_PER_SHARD + i];
                    let _ = write!(
                        js,
                        "{sep}[{},{},{},{}]",
                        json(&doc.url),
                        json(&doc.page.title),
                        doc.section,
                        json(excerpt)
                    );
                }
                js.push_str("]);\n");
                OutputFile {
                    path: format!("search/d-{n}.js"),
                    contents: js.into_bytes(),
                }
            }),
    );
    let keys: String = shards.keys().map(String::as_str).collect();
    files.push(OutputFile {
        path: "search/index.js".into(),
        contents: format!(
            "faqsiteSearch.init({{docsPerShard:{DOCS_PER_SHARD},keys:{},sections:{}}});\n",
            json(&keys),
            serde_json::to_string(sections).unwrap_or_default()
        )
        .into_bytes(),
    });
    files
}

/// A page's terms with their weights (body 1, headings and title more), and its excerpt.
fn index_doc(doc: &Doc) -> (HashMap<String, u32>, String) {
    let mut weights: HashMap<String, u32> = HashMap::with_capacity(256);
    let mut buf = String::new();
    let (_, body) = super::body::split_after_h1(&doc.page.html);
    let text = html_text(body);
    let mut add = |text: &str, weight: u32| {
        for_each_term(text, &mut buf, |t| match weights.get_mut(t) {
            Some(w) => *w += weight,
            None => {
                weights.insert(t.to_string(), weight);
            }
        })
    };
    add(&text, 1);
    for h in doc.page.headings.iter().filter(|h| h.level > 1) {
        add(&h.text, HEADING_WEIGHT);
    }
    add(&doc.page.title, TITLE_WEIGHT);
    let excerpt: String = text.chars().take(EXCERPT_CHARS).collect();
    (weights, excerpt)
}

/// A JSON string literal, safe inside a `<script>` file.
fn json(s: &str) -> String {
    serde_json::to_string(s)
        .unwrap_or_default()
        .replace("</", "<\\/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_and_stem_table() {
        let table = [
            ("Étapes", "etape"),
            ("habilitations", "habilitation"),
            ("accès", "acce"),
            ("Journaux", "journa"),
            ("journal", "journa"),
            ("bureaux", "bureau"),
            ("classe", "classe"),
            ("process", "process"),
            ("Œuvre", "oeuvre"),
            ("FS", "fs"),
            ("Ǹ", "n"),
            ("ÉLIGIBILITÉ", "eligibilite"),
        ];
        for (word, want) in table {
            assert_eq!(stem(&fold(word)), want, "{word}");
        }
    }

    #[test]
    fn terms_drop_stop_words_and_elisions() {
        let mut got = Vec::new();
        let text = "L'habilitation de DataPass, pour les étapes";
        for_each_term(text, &mut String::new(), |t| got.push(t.to_string()));
        assert_eq!(got, ["habilitation", "datapass", "etape"]);
    }

    #[test]
    fn text_of_html() {
        let html =
            "<h2 id=\"a\">Délai</h2>\n<p>La <a href=\"x.html\">DINUM</a> &amp; l&#39;État</p>";
        assert_eq!(html_text(html), "Délai La DINUM & l'État");
    }

    #[test]
    fn shard_keys() {
        assert_eq!(shard_key("habilitation"), "ha");
        assert_eq!(shard_key("x"), "x");
        assert_eq!(shard_key("ça"), "_a");
    }
}
