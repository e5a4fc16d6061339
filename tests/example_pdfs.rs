//! Generates the stand-in CGU PDFs of the example site (`content/cgu_fca/`) and checks
//! that the files in that folder are exactly what this generator produces.
//!
//! The official CGU PDFs are not ours to redistribute, so the example site ships small
//! one-page substitutes, each saying in French which official document and version it
//! stands in for. The generator uses only std and writes a minimal PDF 1.4 by hand, so
//! the bytes are deterministic. To rewrite the files after changing this generator:
//!
//! ```text
//! FAQSITE_BLESS=1 cargo test --test example_pdfs
//! ```

use std::fs;
use std::path::{Path, PathBuf};

const CGU_TITLE: &str = "Conditions Générales d'Utilisation — Fournisseurs de Services";
const ANNEX_TITLE: &str = "Annexe des CGU — Fournisseurs de Services";

/// One version of one CGU document, as listed in the registry of `faqsite.yaml`.
struct StandIn {
    file: &'static str,
    title: &'static str,
    version: &'static str,
    /// Approval date as printed in the document (dd/mm/yyyy).
    date: &'static str,
    changes: &'static str,
}

const STAND_INS: [StandIn; 7] = [
    StandIn {
        file: "20210528-DINUM-AC-CGU_FS-v1.0.pdf",
        title: CGU_TITLE,
        version: "1.0",
        date: "28/05/2021",
        changes: "Création du document.",
    },
    StandIn {
        file: "20210528-DINUM-AC-CGU_FS-v1.1.pdf",
        title: CGU_TITLE,
        version: "1.1",
        date: "21/10/2021",
        changes: "Le conventionnement entre FI et FS est remplacé par une demande d'habilitation.",
    },
    StandIn {
        file: "20210528-DINUM-AC-CGU_FS-v1.2.pdf",
        title: CGU_TITLE,
        version: "1.2",
        date: "08/06/2022",
        changes: "Ajout des formulaires DataPass.",
    },
    StandIn {
        file: "20210528-DINUM-AC-Annexe CGU FS-v1.0.pdf",
        title: ANNEX_TITLE,
        version: "1.0",
        date: "28/05/2021",
        changes: "Création du document.",
    },
    StandIn {
        file: "20210528-DINUM-AC-Annexe CGU FS-v1.1.pdf",
        title: ANNEX_TITLE,
        version: "1.1",
        date: "21/10/2021",
        changes: "Mise à jour du bouton AgentConnect.",
    },
    StandIn {
        file: "20210528-DINUM-AC-Annexe CGU FS-v1.2.pdf",
        title: ANNEX_TITLE,
        version: "1.2",
        date: "10/02/2022",
        changes: "Ajout des règles sur les paramètres state et nonce.",
    },
    StandIn {
        file: "20210528-DINUM-AC-Annexe CGU FS-v1.3.pdf",
        title: ANNEX_TITLE,
        version: "1.3",
        date: "10/06/2022",
        changes: "Ajout des formulaires DataPass.",
    },
];

/// A line of text on the page: font resource, size in points, text.
struct Line<'a> {
    font: &'static str,
    size: u32,
    text: std::borrow::Cow<'a, str>,
}

fn page_lines(doc: &StandIn) -> Vec<Line<'_>> {
    let regular = |text: String| Line {
        font: "F1",
        size: 11,
        text: text.into(),
    };
    vec![
        Line {
            font: "F2",
            size: 18,
            text: "Document de substitution".into(),
        },
        Line {
            font: "F2",
            size: 12,
            text: doc.title.into(),
        },
        Line {
            font: "F1",
            size: 12,
            text: format!("Version {} du {}", doc.version, doc.date).into(),
        },
        regular(String::new()),
        regular(
            "Ce fichier n'est pas le document officiel. Dans le site d'exemple de faqsite,".into(),
        ),
        regular(format!(
            "il remplace la version {} du {} du document :",
            doc.version, doc.date
        )),
        regular(format!("« {} »,", doc.title)),
        regular("publié par la DINUM pour AgentConnect.".into()),
        regular("Il n'en reproduit pas le texte et n'a aucune valeur juridique.".into()),
        regular(String::new()),
        regular("Modification apportée par cette version :".into()),
        regular(doc.changes.into()),
        regular(String::new()),
        regular("Pour le texte officiel, reportez-vous à la documentation partenaires".into()),
        regular("d'AgentConnect, devenu ProConnect en septembre 2024.".into()),
    ]
}

/// Encodes text for a Helvetica font with /WinAnsiEncoding, as a PDF literal string body.
fn win_ansi_literal(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let byte = match c {
            '(' | ')' | '\\' => {
                out.push(b'\\');
                c as u8
            }
            ' '..='~' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '–' => 0x96,
            '—' => 0x97,
            'Œ' => 0x8c,
            'œ' => 0x9c,
            _ => panic!("{c:?} has no WinAnsi code"),
        };
        out.push(byte);
    }
    out
}

/// Encodes a document-information string as UTF-16BE with a byte-order mark, in hex.
fn utf16_hex_string(text: &str) -> String {
    let mut hex = String::from("<FEFF");
    for unit in text.encode_utf16() {
        hex.push_str(&format!("{unit:04X}"));
    }
    hex.push('>');
    hex
}

fn content_stream(doc: &StandIn) -> Vec<u8> {
    let mut stream = Vec::new();
    let mut y = 770;
    for line in page_lines(doc) {
        if !line.text.is_empty() {
            stream.extend_from_slice(
                format!("BT /{} {} Tf 72 {y} Td (", line.font, line.size).as_bytes(),
            );
            stream.extend(win_ansi_literal(&line.text));
            stream.extend_from_slice(b") Tj ET\n");
        }
        y -= if line.size > 12 { 30 } else { 18 };
    }
    stream
}

/// Builds the whole PDF file: header, numbered objects, cross-reference table, trailer.
fn render_pdf(doc: &StandIn) -> Vec<u8> {
    let stream = content_stream(doc);
    let mut stream_object = format!("<< /Length {} >>\nstream\n", stream.len()).into_bytes();
    stream_object.extend(stream);
    stream_object.extend_from_slice(b"endstream");

    let info = format!(
        "<< /Title {} /Producer (faqsite tests/example_pdfs.rs) >>",
        utf16_hex_string(&format!(
            "{} v{} (document de substitution)",
            doc.title, doc.version
        ))
    );
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
            .to_vec(),
        stream_object,
        info.into_bytes(),
    ];

    // The second line's high bytes tell transfer tools the file is binary.
    let mut pdf = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (index, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref_offset = pdf.len();
    // Each cross-reference entry is exactly 20 bytes, end of line included.
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in &offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 7 0 R >>\nstartxref\n{xref_offset}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

fn cgu_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("content")
        .join("cgu_fca")
}

fn blessing() -> bool {
    std::env::var_os("FAQSITE_BLESS").is_some_and(|value| value == "1")
}

#[test]
fn cgu_pdfs_in_content_match_the_generator() {
    let dir = cgu_dir();
    if blessing() {
        fs::create_dir_all(&dir).expect("create content/cgu_fca");
    }
    for doc in &STAND_INS {
        let path = dir.join(doc.file);
        let expected = render_pdf(doc);
        if blessing() {
            fs::write(&path, &expected).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
            continue;
        }
        let actual = fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        assert!(
            actual == expected,
            "{} differs from the generator; rewrite it with FAQSITE_BLESS=1 cargo test --test example_pdfs",
            path.display()
        );
    }

    let mut on_disk: Vec<String> = fs::read_dir(&dir)
        .expect("list content/cgu_fca")
        .map(|entry| {
            entry
                .expect("directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".pdf"))
        .collect();
    on_disk.sort();
    let mut generated: Vec<String> = STAND_INS.iter().map(|doc| doc.file.to_owned()).collect();
    generated.sort();
    assert_eq!(
        on_disk, generated,
        "content/cgu_fca holds a PDF the generator does not make"
    );
}

#[test]
fn cross_reference_offsets_point_at_their_objects() {
    for doc in &STAND_INS {
        let pdf = render_pdf(doc);
        let text = String::from_utf8_lossy(&pdf);
        let start: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|tail| tail.lines().next())
            .and_then(|line| line.parse().ok())
            .expect("startxref value");
        assert!(
            pdf[start..].starts_with(b"xref\n"),
            "{}: startxref is off",
            doc.file
        );
        let table = String::from_utf8_lossy(&pdf[start..]);
        let entries: Vec<&str> = table
            .lines()
            .skip(3)
            .take_while(|line| line.ends_with(" n "))
            .collect();
        assert_eq!(entries.len(), 7, "{}: object count", doc.file);
        for (index, entry) in entries.iter().enumerate() {
            let offset: usize = entry[..10].parse().expect("xref offset");
            let header = format!("{} 0 obj\n", index + 1);
            assert!(
                pdf[offset..].starts_with(header.as_bytes()),
                "{}: object {} misplaced",
                doc.file,
                index + 1
            );
        }
    }
}

#[test]
fn every_stand_in_says_what_it_replaces() {
    for doc in &STAND_INS {
        let pdf = render_pdf(doc);
        for needle in [
            win_ansi_literal("Document de substitution"),
            win_ansi_literal(doc.title),
            win_ansi_literal(&format!("Version {} du {}", doc.version, doc.date)),
        ] {
            assert!(
                pdf.windows(needle.len())
                    .any(|window| window == needle.as_slice()),
                "{}: missing {:?}",
                doc.file,
                String::from_utf8_lossy(&needle)
            );
        }
    }
}
