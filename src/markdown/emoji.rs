//! GitHub's emoji shortcodes (`:warning:` → ⚠️) in text, from the gemoji names the `emojis`
//! crate carries. Code is never touched; an unknown `:name:` stays as written.

use pulldown_cmark::CowStr;

/// `text` with every known `:shortcode:` replaced by its emoji.
pub fn replace(text: CowStr<'_>) -> CowStr<'_> {
    if memchr::memchr(b':', text.as_bytes()).is_none() {
        return text;
    }
    let mut out = String::new();
    let mut rest: &str = &text;
    let mut changed = false;
    while let Some(start) = rest.find(':') {
        let after = &rest[start + 1..];
        let Some(len) = after.find(|c: char| !(c.is_ascii_alphanumeric() || "_+-".contains(c)))
        else {
            break;
        };
        let name = &after[..len];
        match (
            after[len..].starts_with(':'),
            emojis::get_by_shortcode(name),
        ) {
            (true, Some(emoji)) if !name.is_empty() => {
                out.push_str(&rest[..start]);
                out.push_str(emoji.as_str());
                rest = &after[len + 1..];
                changed = true;
            }
            _ => {
                out.push_str(&rest[..start + 1]);
                rest = after;
            }
        }
    }
    if !changed {
        return text;
    }
    out.push_str(rest);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcodes_table() {
        let table = [
            (":warning: Attention", "⚠️ Attention"),
            ("Bravo :tada::+1:", "Bravo 🎉👍"),
            ("10:30:00 et :pas_un_emoji:", "10:30:00 et :pas_un_emoji:"),
            ("https://x.fr:8080/a", "https://x.fr:8080/a"),
            ("::", "::"),
            ("fin :", "fin :"),
        ];
        for (text, want) in table {
            assert_eq!(&*replace(text.into()), want, "{text}");
        }
    }
}
