//! `broken-link` and `link-outside-site`: every relative link (page, asset, image, raw HTML)
//! must reach a file of `content/` once percent-decoded. Fragments go on to the anchor check.
//! A missing target gets the hint of `hints::Hints::for_missing`, and its fix when that hint
//! is sure. An HTML page's links are checked alike, but for `unsafe-link`: a `javascript:`
//! link in an HTML file is its author's code, as its scripts are.

use super::anchors;
use super::hints::Hints;
use crate::content::{Format, Link, LinkKind, Page, Resolved, Site, Target};
use crate::diagnostics::{Code, Diagnostic, Edit};
use crate::paths::{relative, PATH_ESCAPES};

/// The link diagnostics of one page.
pub fn check_page(site: &Site, hints: &Hints, page: &Page) -> Vec<Diagnostic> {
    page.links
        .iter()
        .filter_map(|link| check_link(site, hints, page, link))
        .collect()
}

fn check_link(site: &Site, hints: &Hints, page: &Page, link: &Link) -> Option<Diagnostic> {
    let fragment = link.fragment();
    let resolved = match &link.target {
        Target::Anchor => return anchors::check_fragment(page, link, page, fragment?),
        Target::Local { path } => path,
        Target::Outside => {
            let path = link.written_path();
            return Some(
                Diagnostic::new(Code::LinkOutsideSite, &page.path, link.span(), format!("link `{path}` leaves the content folder"))
                    .with_hint("only the content folder is published: move the target into it, or link to its public URL"),
            );
        }
        Target::OtherScheme if page.format == Format::Html => return None,
        Target::OtherScheme => return unsafe_link(page, link),
        _ => return None,
    };
    match site.resolve(link).unwrap_or(Resolved::Missing) {
        // A folder link shows the folder's page: its anchors are checked like a page link's.
        Resolved::Page(id) | Resolved::Folder(Some(id)) => {
            return anchors::check_fragment(page, link, site.get(id), fragment?)
        }
        Resolved::Asset(_) | Resolved::Folder(None) => return None,
        Resolved::Symlink => {
            let message = format!("link to a symbolic link: `{resolved}` is not published");
            return Some(
                Diagnostic::new(Code::BrokenLink, &page.path, link.span(), message)
                    .with_hint(
                        "faqsite does not follow symbolic links: copy the target into the content folder",
                    ),
            );
        }
        Resolved::Missing => {}
    }
    if let Some(target) = site.page(resolved).filter(|_| link.on_site) {
        return Some(markdown_path_on_site(site, page, link, target));
    }
    if site.is_outside_file(resolved) && link.dest.starts_with('/') {
        let message = format!(
            "link `{}` leads to a file of the repository outside the content folder `{}`",
            link.written_path(),
            site.content_in_root()
        );
        return Some(
            Diagnostic::new(Code::LinkOutsideSite, &page.path, link.span(), message).with_hint(
                "GitHub shows it, but only the content folder is published: move the file into it, or link to its public URL",
            ),
        );
    }
    let what = if resolved.ends_with(".md") {
        "page"
    } else if resolved.ends_with('/') {
        "folder"
    } else {
        "file"
    };
    let message = format!("link to a missing {what}: `{resolved}` does not exist");
    let meant = hints.for_missing(&page.path, link.written_path(), resolved);
    let suggestion = meant.map(|m| {
        // An HTML file's link is an address of the site: a page's is its output file.
        let target = match site.page(m.target).filter(|_| link.on_site) {
            Some(target) => site.output_path(target),
            None => m.target.to_string(),
        };
        percent_encoding::utf8_percent_encode(&relative(&page.path, &target), PATH_ESCAPES)
            .to_string()
    });
    // Only the path is rewritten: the fragment, the query, the title and the text stay.
    let fix: Vec<Edit> = match (meant, &suggestion, link.path_span()) {
        (Some(m), Some(path), Some(span)) if m.sure => vec![Edit {
            span,
            replacement: path.clone(),
        }],
        _ => Vec::new(),
    };
    let hint = meant.zip(suggestion).map(|(m, suggestion)| {
        // Keep the fragment only if the proposed page has that anchor.
        let anchor = fragment.filter(|f| {
            let decoded = crate::paths::decode(f);
            site.page(m.target).is_some_and(|p| p.has_anchor(&decoded))
        });
        match anchor {
            Some(f) => format!("did you mean `{suggestion}#{f}`?"),
            None => format!("did you mean `{suggestion}`?"),
        }
    });
    Some(
        Diagnostic::new(Code::BrokenLink, &page.path, link.span(), message)
            .with_hint_opt(hint)
            .with_fix(fix),
    )
}

/// A link of an HTML file to a Markdown page's file (`guide.md`): the HTML file is published
/// as it is, so its link must be the page's address on the site (`guide.html`). Fixed by
/// `--fix`: only the path changes.
fn markdown_path_on_site(site: &Site, page: &Page, link: &Link, target: &Page) -> Diagnostic {
    let address = site.output_path(target);
    let path = percent_encoding::utf8_percent_encode(&relative(&page.path, &address), PATH_ESCAPES)
        .to_string();
    let message = format!(
        "link to `{}`, which the site publishes as `{address}`: this HTML file is published as it is, so the link would lead nowhere",
        target.path
    );
    let fix = link.path_span().map(|span| Edit {
        span,
        replacement: path.clone(),
    });
    Diagnostic::new(Code::BrokenLink, &page.path, link.span(), message)
        .with_hint(format!("link to the page's address: `{path}`"))
        .with_fix(fix.into_iter().collect())
}

/// `unsafe-link`: `javascript:` and `vbscript:` anywhere, `data:` in a link (an image may
/// embed its picture that way).
fn unsafe_link(page: &Page, link: &Link) -> Option<Diagnostic> {
    let scheme = link.dest.split(':').next()?.trim().to_ascii_lowercase();
    let unsafe_here = match scheme.as_str() {
        "javascript" | "vbscript" => true,
        "data" => !matches!(link.kind, LinkKind::Image | LinkKind::Html),
        _ => false,
    };
    unsafe_here.then(|| {
        Diagnostic::new(
            Code::UnsafeLink,
            &page.path,
            link.span(),
            format!("a `{scheme}:` link runs or smuggles code in the reader's browser"),
        )
        .with_hint("link to a page or a file instead")
    })
}
