//! `broken-anchor`: a fragment must name a heading id or an HTML id of the target page,
//! once percent-decoded. Text fragments (`#:~:text=`) are not anchors. Where the hint is
//! sure of the id meant (`hints::meant_anchor`), the diagnostic carries the fix. An HTML
//! page's anchors are its `id` and `name` attributes, as written: GitHub renders no HTML
//! file, so no `user-content-` prefix reaches them.

use super::hints::meant_anchor;
use crate::content::{Format, Link, Page};
use crate::diagnostics::{Code, Diagnostic, Edit};
use crate::paths::decode;

/// The prefix GitHub gives the ids of rendered Markdown.
pub use crate::slug::USER_CONTENT;

/// Checks `fragment` of `link` (on `page`) against the ids of `target`.
pub fn check_fragment(
    page: &Page,
    link: &Link,
    target: &Page,
    fragment: &str,
) -> Option<Diagnostic> {
    let anchor = fragment.split(":~:").next().unwrap_or("");
    if anchor.is_empty() {
        return None;
    }
    let anchor = decode(anchor);
    // Browsers scroll to the top for `#top` when no element has that id. GitHub prefixes
    // every id with `user-content-` and reaches it with or without the prefix.
    let bare = match target.format {
        Format::Markdown => anchor.strip_prefix(USER_CONTENT).unwrap_or(&anchor),
        Format::Html => &anchor,
    };
    if target.has_anchor(&anchor) || target.has_anchor(bare) || anchor.eq_ignore_ascii_case("top") {
        return None;
    }
    let where_ = if page.id == target.id {
        "this page".to_string()
    } else {
        format!("`{}`", target.path)
    };
    let message = format!("{where_} has no heading or id `{anchor}`");
    let meant = meant_anchor(&anchor, || target.anchors());
    let written = meant.map(|m| crate::paths::encode_anchor(m.target));
    let fix: Vec<Edit> = match (meant, &written, link.anchor_span()) {
        (Some(m), Some(id), Some(span)) if m.sure => vec![Edit {
            span,
            replacement: id.clone(),
        }],
        _ => Vec::new(),
    };
    let hint = written.map(|id| format!("did you mean `#{id}`?"));
    let hint = hint.or_else(|| {
        let ids: Vec<&str> = match target.format {
            Format::Markdown => target
                .headings
                .iter()
                .map(|h| h.id.as_str())
                .take(5)
                .collect(),
            Format::Html => target.html_ids.iter().map(String::as_str).take(5).collect(),
        };
        (!ids.is_empty()).then(|| format!("ids on that page include: {}", ids.join(", ")))
    });
    Some(
        Diagnostic::new(Code::BrokenAnchor, &page.path, link.span(), message)
            .with_hint_opt(hint)
            .with_fix(fix),
    )
}
