//! `unknown-allow`: an `<!-- faqsite: allow CODE -->` comment naming no diagnostic code
//! silences nothing, so it is reported (the comments themselves apply in `policy`).

use crate::content::Page;
use crate::diagnostics::{Code, Diagnostic};

/// `unknown-allow`: an allow comment naming no diagnostic code silences nothing.
pub fn check_page(page: &Page) -> Vec<Diagnostic> {
    page.allows
        .iter()
        .filter(|a| Code::parse(&a.code).is_none())
        .map(|a| {
            let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
            let hint = match super::closest_code(&a.code) {
                Some(code) => format!("did you mean `{code}`?"),
                None => format!("codes: {}", known.join(", ")),
            };
            Diagnostic::new(
                Code::UnknownAllow,
                &page.path,
                a.span.clone(),
                format!(
                    "`{}` is not a diagnostic code: this comment allows nothing",
                    a.code
                ),
            )
            .with_hint(hint)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{read_page, LoadOptions};

    #[test]
    fn unknown_codes_in_allow_comments_are_reported() {
        let text = "<!-- faqsite: allow broken-links -->\n<!-- faqsite: allow outdated-cgu -->\n";
        let page = read_page("p.md", text.as_bytes().to_vec(), LoadOptions::default())
            .page
            .unwrap();
        let found = check_page(&page);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, Code::UnknownAllow);
        assert_eq!(
            found[0].hint.as_deref(),
            Some("did you mean `broken-link`?")
        );
    }
}
