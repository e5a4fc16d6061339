//! Bad input never crashes faqsite: each case under `tests/fixtures/bad/` (or made at run
//! time, for what git cannot hold: symbolic links, permissions, a 20 MB page, an empty
//! folder) is built with the real binary, which must answer with its diagnostics — compared
//! with `tests/fixtures/bad/NAME.txt` by snapbox (`[..]` for timings, `[ROOT]` for the
//! temporary folder; `SNAPSHOTS=overwrite` to accept) — the right exit code, no panic, and,
//! when the build fails, the previous output untouched. Every case runs; the failures are
//! listed together at the end.

mod common;
#[allow(dead_code)]
#[path = "common/http.rs"]
mod http;

use common::{copy_tree, fixture, snapshot, without_timing};
use snapbox::IntoData;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;
use std::process::Command;

struct Case {
    name: &'static str,
    /// Prepares what the fixture folder cannot hold (run after copying it, if it exists).
    setup: fn(&Path),
    args: &'static [&'static str],
    code: i32,
}

const BUILD: &[&str] = &["build", ".", "--offline"];

const CASES: &[Case] = &[
    Case {
        name: "invalid_utf8",
        setup: none,
        args: BUILD,
        code: 1,
    },
    Case {
        name: "binary_md",
        setup: none,
        args: BUILD,
        code: 1,
    },
    Case {
        name: "huge_page",
        setup: huge_page,
        args: BUILD,
        code: 0,
    },
    Case {
        name: "page_over_4_gib",
        setup: page_over_4_gib,
        args: BUILD,
        code: 1,
    },
    Case {
        name: "deep_nesting",
        setup: none,
        args: BUILD,
        code: 0,
    },
    Case {
        name: "front_matter",
        setup: none,
        args: BUILD,
        code: 1,
    },
    Case {
        name: "config_types",
        setup: none,
        args: BUILD,
        code: 2,
    },
    Case {
        name: "config_unknown",
        setup: none,
        args: BUILD,
        code: 2,
    },
    Case {
        name: "config_yaml",
        setup: none,
        args: BUILD,
        code: 2,
    },
    Case {
        name: "config_absurd",
        setup: none,
        args: BUILD,
        code: 2,
    },
    Case {
        name: "symlink_loop",
        setup: symlink_loop,
        args: BUILD,
        code: 0,
    },
    Case {
        name: "symlink_outside",
        setup: symlink_outside,
        args: BUILD,
        code: 1,
    },
    Case {
        name: "unreadable",
        setup: unreadable,
        args: BUILD,
        code: 1,
    },
    Case {
        name: "case_clash",
        setup: case_clash,
        args: BUILD,
        code: 1,
    },
    Case {
        name: "html_files",
        setup: html_files,
        args: BUILD,
        code: 1,
    },
    Case {
        name: "empty_content",
        setup: empty_content,
        args: BUILD,
        code: 2,
    },
    Case {
        name: "missing_content",
        setup: none,
        args: BUILD,
        code: 2,
    },
    Case {
        name: "unwritable_output",
        setup: unwritable_output,
        args: &["build", ".", "--offline", "--output", "bloc/public"],
        code: 2,
    },
];

fn none(_: &Path) {}

fn index(root: &Path, links: &str) {
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(content.join("index.md"), format!("# Accueil\n\n{links}")).unwrap();
}

fn huge_page(root: &Path) {
    index(root, "- [La FAQ complète](gros.md)\n");
    let paragraph = "Le fournisseur de service demande ses clés de production après la recette, \
                     puis publie le bouton de connexion sur son site.\n\n";
    let mut text = String::from("# La FAQ complète\n\n");
    while text.len() < 20 << 20 {
        text.push_str(paragraph);
    }
    std::fs::write(root.join("content/gros.md"), text).unwrap();
}

/// A page larger than the 4 GiB the model's offsets can say: sparse, so that it costs no
/// disk, and refused from its size, before a byte of it is read.
fn page_over_4_gib(root: &Path) {
    index(root, "- [Le journal](journal.md)\n");
    let page = std::fs::File::create(root.join("content/journal.md")).unwrap();
    page.set_len(5 << 30).unwrap();
}

fn symlink_loop(root: &Path) {
    index(root, "- [Sous-dossier](a/index.md)\n");
    std::fs::create_dir_all(root.join("content/a")).unwrap();
    std::fs::write(
        root.join("content/a/index.md"),
        "# A\n\n[Accueil](../index.md)\n",
    )
    .unwrap();
    symlink(".", root.join("content/boucle")).unwrap();
    symlink("..", root.join("content/a/retour")).unwrap();
}

fn symlink_outside(root: &Path) {
    index(root, "- [Mots de passe](passwd.md)\n");
    symlink("/etc/passwd", root.join("content/passwd.md")).unwrap();
    symlink("../..", root.join("content/dehors")).unwrap();
}

fn unreadable(root: &Path) {
    index(root, "- [Secret](secret.md)\n- [Privé](prive/index.md)\n");
    let secret = root.join("content/secret.md");
    std::fs::write(&secret, "# Secret\n").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let private = root.join("content/prive");
    std::fs::create_dir(&private).unwrap();
    std::fs::write(private.join("index.md"), "# Privé\n").unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o000)).unwrap();
}

fn case_clash(root: &Path) {
    index(root, "- [Page](Page.md) et [page](page.md)\n");
    std::fs::write(root.join("content/Page.md"), "# Page\n").unwrap();
    std::fs::write(root.join("content/page.md"), "# page\n").unwrap();
}

/// HTML files as they come: UTF-16 and ISO-8859-1 (published unchecked), empty, a comment
/// or a script left open to the end, tag soup, a megabyte of links. In the soup, the quote
/// left open makes an `href` of the text up to the next quote, as a browser reads it; the
/// `href` inside a `title` is text.
fn html_files(root: &Path) {
    index(
        root,
        "- [UTF-16](utf16.html), [Latin-1](latin1.htm), [vide](vide.html)\n\
         - [commentaire](commentaire.html), [script](script.html), [soupe](soupe.html#x)\n\
         - [gros](gros.html#fin)\n",
    );
    let content = root.join("content");
    let utf16: Vec<u8> = "\u{feff}<title>UTF-16</title><a href=\"absent.md\">x</a>"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(content.join("utf16.html"), utf16).unwrap();
    std::fs::write(
        content.join("latin1.htm"),
        b"<p>R\xe9sum\xe9 <a href=\"absent.md\">x</a>",
    )
    .unwrap();
    std::fs::write(content.join("vide.html"), "").unwrap();
    std::fs::write(
        content.join("commentaire.html"),
        "<p>avant</p><!-- <a href=\"absent.md\">jamais fermé\n<img src=absent.png>",
    )
    .unwrap();
    std::fs::write(
        content.join("script.html"),
        "<script>document.write('<a href=\"absent.md\">')\n<img src=absent.png>",
    )
    .unwrap();
    std::fs::write(
        content.join("soupe.html"),
        "<<a id=x href=\"index.html#accueil\"><img src=><a href=\"é\n<p title=\"<a href='y.md'>\">\n<a href=",
    )
    .unwrap();
    let mut big = String::from("<title>Gros</title>\n");
    while big.len() < 1 << 20 {
        big.push_str(
            "<p><a href=\"index.html#accueil\">Accueil</a> <a href=\"#fin\">fin</a></p>\n",
        );
    }
    big.push_str("<h2 id=\"fin\">Fin</h2>\n");
    std::fs::write(content.join("gros.html"), big).unwrap();
}

fn empty_content(root: &Path) {
    std::fs::create_dir_all(root.join("content")).unwrap();
}

fn unwritable_output(root: &Path) {
    index(root, "");
    std::fs::write(root.join("bloc"), "un fichier, pas un dossier\n").unwrap();
}

/// Whether this process runs as root, for whom no permission bit denies anything.
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Runs one case; `Err` says what went wrong.
fn run(case: &Case) -> Result<(), String> {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let source = fixture("bad").join(case.name);
    if source.exists() {
        copy_tree(&source, root);
    }
    (case.setup)(root);
    let old = root.join("public");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("ancien.html"), "le site précédent").unwrap();
    std::fs::write(old.join(".faqsite-output"), "written by faqsite\n").unwrap();
    let before = snapshot(&old);

    let mut cmd = Command::new(env!("CARGO_BIN_EXE_faqsite"));
    cmd.args(case.args).current_dir(root).env("NO_COLOR", "1");
    if case.name == "unreadable" && is_root() {
        // Root reads everything: run as `nobody`, who may write the temporary folder.
        use std::os::unix::process::CommandExt;
        for dir in [root, &old] {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        }
        std::fs::set_permissions(
            old.join("ancien.html"),
            std::fs::Permissions::from_mode(0o666),
        )
        .unwrap();
        cmd.uid(65534).gid(65534);
    }
    let out = cmd.output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    let text = without_timing(&format!("--- stdout\n{stdout}--- stderr\n{stderr}"));
    let mut problems = Vec::new();
    if text.contains("panicked") || out.status.code().is_none() {
        problems.push("faqsite crashed".to_string());
    }
    if out.status.code() != Some(case.code) {
        problems.push(format!(
            "exit code {:?}, expected {}",
            out.status.code(),
            case.code
        ));
    }
    let expected = fixture("bad").join(format!("{}.txt", case.name));
    let mut redactions = snapbox::Redactions::new();
    redactions
        .insert("[ROOT]", root.display().to_string())
        .unwrap();
    let compared = snapbox::Assert::new()
        .action_env("SNAPSHOTS")
        .redact_with(redactions)
        .try_eq(
            Some(&case.name),
            text.into_data(),
            snapbox::Data::read_from(&expected, None),
        );
    if let Err(e) = compared {
        problems.push(e.to_string());
    }
    let after = snapshot(&old);
    match case.code {
        0 if after.iter().any(|(path, _)| path == "ancien.html") => {
            problems.push("the build succeeded but did not replace the output".into())
        }
        0 => {}
        _ if after != before => problems.push("a failed build changed the previous output".into()),
        _ => {}
    }
    // Let the temporary folder be removed.
    let _ = Command::new("chmod")
        .args(["-R", "u+rwx"])
        .arg(root)
        .status();
    match problems.is_empty() {
        true => Ok(()),
        false => Err(format!("{}: {}", case.name, problems.join("; "))),
    }
}

#[test]
fn bad_input_gets_diagnostics_never_a_crash() {
    let failures: Vec<String> = CASES.iter().filter_map(|c| run(c).err()).collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// A cache file that is truncated, not JSON, or of another format version is ignored with a
/// warning, and the run rewrites it whole.
#[test]
fn a_bad_cache_is_ignored_with_a_warning_and_rewritten() {
    let server = http::Server::start();
    let cases = [
        ("truncated", "{\"version\": 1, \"entries\": {\"http://exem"),
        ("not JSON", "<html>cache</html>"),
        ("another version", "{\"version\": 99, \"entries\": {}}"),
    ];
    let mut failures = Vec::new();
    for (what, bad) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        index(root, &format!("Le [service]({}/ok).\n", server.base));
        let cache = root.join(".faqsite-cache.json");
        std::fs::write(&cache, bad).unwrap();
        let run = common::faqsite(root, &["check", "."]);
        let stdout = run.stdout.replace(&server.base, "http://[SERVER]");
        let rewritten: Option<serde_json::Value> = std::fs::read(&cache)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        let ok = run.code == 0
            && stdout.starts_with(
                ".faqsite-cache.json:1:1: warning[cache]: the link cache is ignored: ",
            )
            && rewritten.as_ref().is_some_and(|v| {
                v["version"] == 1 && v["entries"].as_object().is_some_and(|e| e.len() == 1)
            });
        if !ok {
            failures.push(format!(
                "{what}: exit {}, cache {rewritten:?}\n{stdout}{}",
                run.code, run.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}
