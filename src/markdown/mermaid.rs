//! ```` ```mermaid ```` blocks drawn at build time as inline SVG (mermaid-svg: pure Rust, one
//! dependency, MIT; chosen over merman, mermaid-rs-renderer, rusty-mermaid and flowmaid on
//! fidelity, weight and licence): no JavaScript, so diagrams show offline and from the file
//! system. The source stays reachable below the drawing, as its text alternative.

use crate::html::escape as html_escape;

/// A diagram that does not parse: the 1-based line within the block, and why.
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// Parses a diagram's source; the problem if it does not parse.
pub fn check(source: &str) -> Option<Problem> {
    match mermaid_svg::parse(source) {
        Ok(_) => None,
        Err(mermaid_svg::ParseError::Syntax { line, message, .. }) => {
            Some(Problem { line, message })
        }
        Err(other) => Some(Problem {
            line: 1,
            message: other.to_string(),
        }),
    }
}

/// The diagram as HTML: the drawing, then its source in a `<details>`; `None` when it does not
/// parse (the block then stays visible as code).
pub fn render(source: &str) -> Option<String> {
    let svg = mermaid_svg::render_with(source, &mermaid_svg::Theme::neutral()).ok()?;
    let svg = without_inline_style(&svg);
    Some(format!(
        "<figure class=\"diagram\">\n<div class=\"diagram__drawing\" role=\"img\" aria-label=\"Diagramme : sa description textuelle suit\">{svg}</div>\n\
         <figcaption><details><summary>Description textuelle du diagramme</summary>\n\
         <pre><code class=\"language-mermaid\">{}</code></pre>\n</details></figcaption>\n</figure>\n",
        html_escape(source)
    ))
}

/// The theme's Content-Security-Policy allows no inline style: mermaid-svg's
/// `width="100%" style="max-width: Wpx;"` becomes `width="W"`, and the stylesheet keeps the
/// drawing within the column (`max-width: 100%`).
fn without_inline_style(svg: &str) -> String {
    static MAX_WIDTH: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#" style="max-width: ?([0-9.]+)px;?""#).unwrap()
    });
    let Some(found) = MAX_WIDTH.captures(svg) else {
        return svg.to_string();
    };
    let width = format!("width=\"{}\"", &found[1]);
    let svg = MAX_WIDTH.replace(svg, "");
    svg.replacen("width=\"100%\"", &width, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLOW: &str = "flowchart TD\n    A[Fournisseur de service] -->|redirige l'agent| B(ProConnect)\n    B --> C{Fournisseur d'identité ?}\n";

    #[test]
    fn diagrams_draw_with_their_source_beside() {
        let html = render(FLOW).unwrap();
        assert!(html.contains("<svg"), "{html}");
        assert!(
            !html.contains("style="),
            "the CSP forbids inline styles: {html}"
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("Fournisseur de service"));
        assert!(html.contains("<details><summary>Description textuelle du diagramme</summary>"));
        assert!(html.contains("redirige l&#x27;agent") || html.contains("redirige l&#39;agent"));
        assert!(check(FLOW).is_none());
    }

    #[test]
    fn broken_diagrams_say_where() {
        let problem = check("flowchart TD\n    A --> \n    B[[[\n").unwrap();
        assert_eq!(problem.line, 2, "{}", problem.message);
        assert!(render("flowchart TD\n    A --> \n    B[[[\n").is_none());
        let unknown = check("diagrammeInconnu\n  a\n").unwrap();
        assert!(
            unknown.message.contains("unknown diagram type"),
            "{}",
            unknown.message
        );
    }
}
