//! Table tests of CGU mention matching: French forms, the annex/CGU overlap, look-alikes.

use super::*;
use crate::cgu::{Document, Registry};

fn registry() -> Registry {
    let doc = |id: &str, aliases: &[&str], versions: &[&str]| {
        Document::sketch(id, aliases, versions, |v| format!("cgu/{id}-v{v}.pdf"))
    };
    Registry {
        documents: vec![
            doc(
                "cgu-fs",
                &["CGU FS", "Conditions Générales d'Utilisation FS"],
                &["1.0", "1.1", "1.2"],
            ),
            doc(
                "annexe",
                &["Annexe des CGU FS", "Annexe CGU FS"],
                &["1.0", "1.1", "1.2", "1.3"],
            ),
        ],
    }
}

#[test]
fn mentions_table() {
    let registry = registry();
    let scanner = Scanner::new(&registry);
    let table: &[(&str, &[(&str, &str)])] = &[
        ("Lire les CGU FS v1.1 avant.", &[("cgu-fs", "1.1")]),
        (
            "les Conditions Générales d'Utilisation FS version 1.2",
            &[("cgu-fs", "1.2")],
        ),
        (
            "les Conditions Générales d’Utilisation FS V1.0",
            &[("cgu-fs", "1.0")],
        ),
        (
            "l'Annexe des CGU FS v1.2 et la CGU FS v1.1",
            &[("annexe", "1.2"), ("cgu-fs", "1.1")],
        ),
        ("Annexe des CGU FS v1.3", &[("annexe", "1.3")]),
        ("Annexe CGU FS v1.3", &[("annexe", "1.3")]),
        ("CGU\u{a0}FS\u{a0}v1.2", &[("cgu-fs", "1.2")]),
        ("cgu fs, version 1.1", &[("cgu-fs", "1.1")]),
        ("CGU FS 1.1", &[("cgu-fs", "1.1")]),
        ("TLS 1.2 ou 1.3 uniquement", &[]),
        ("la version 1.0 d'AgentConnect", &[]),
        ("la v1.2 seule", &[]),
        ("les CGU FS en vigueur", &[]),
        ("MesCGU FS v1.1", &[]),
    ];
    for (text, want) in table {
        let got: Vec<(&str, &str)> = scanner
            .mentions(text, 0)
            .iter()
            .map(|m| (m.document.id.as_str(), &text[m.version.clone()]))
            .collect();
        assert_eq!(&got, want, "{text}");
    }
}

/// A registry with thousands of aliases once made a regular expression too big to build.
#[test]
fn thousands_of_aliases() {
    let mut registry = registry();
    registry.documents[0].aliases = (0..5000).map(|i| format!("CGU numéro {i}")).collect();
    let scanner = Scanner::new(&registry);
    let text = "Lire la CGU numéro 4321 v1.1 et la CGU numéro 7 v1.0.";
    let found: Vec<&str> = scanner
        .mentions(text, 0)
        .iter()
        .map(|m| &text[m.span.clone()])
        .collect();
    assert_eq!(found, ["CGU numéro 4321 v1.1", "CGU numéro 7 v1.0"]);
}

#[test]
fn alias_start_table() {
    let table = [
        ("les CGU FS", "CGU FS", Some(4)),
        ("les cgu\u{a0}\u{a0}fs", "CGU FS", Some(4)),
        ("l’Annexe", "l'Annexe", Some(0)),
        ("MesCGU FS", "CGU FS", None),
        ("CGU", "CGU FS", None),
        ("x CGUFS", "CGU FS", None),
    ];
    for (text, alias, want) in table {
        assert_eq!(alias_start(text, alias), want, "{text} / {alias}");
    }
}
