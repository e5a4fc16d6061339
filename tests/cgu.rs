//! The CGU check on the example site: when a newer version is published, every stale
//! reference is flagged, `check --fix` rewrites them all, and a second `--fix` changes nothing.

mod common;
use common::{assert_matches, copy_tree, faqsite, fixture, repo, snapshot};

#[test]
fn a_new_version_flags_every_stale_reference_and_fix_clears_them() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &tmp.path().join("content"));
    let config = std::fs::read_to_string(repo().join("faqsite.yaml")).unwrap();
    let newer = "        file: \"cgu_fca/20210528-DINUM-AC-CGU_FS-v1.2.pdf\"\n        changes: \"Ajout des formulaires DataPass.\"\n";
    assert!(
        config.contains(newer),
        "the example registry changed: update this test"
    );
    let with_v13 = config.replace(
        newer,
        &format!("{newer}      - version: \"1.3\"\n        date: 2024-01-15\n        file: \"cgu_fca/20240115-DINUM-AC-CGU_FS-v1.3.pdf\"\n"),
    );
    std::fs::write(tmp.path().join("faqsite.yaml"), with_v13).unwrap();
    std::fs::write(
        tmp.path()
            .join("content/cgu_fca/20240115-DINUM-AC-CGU_FS-v1.3.pdf"),
        "%PDF-1.4\n",
    )
    .unwrap();

    let run = faqsite(tmp.path(), &["check", "--offline"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_matches(&fixture("cgu_newer_version.txt"), &run.stdout);
    assert!(
        !run.stdout
            .lines()
            .any(|l| l.starts_with("content/cgu_fca/index.md:")),
        "the history page cites old versions on purpose"
    );

    let fixed = faqsite(tmp.path(), &["check", "--offline", "--fix"]);
    assert_eq!(fixed.code, 0, "{}{}", fixed.stdout, fixed.stderr);
    assert!(
        fixed.stderr.contains(
            "--- a/content/pilotage_fca/pilotage_fca_etapes.md\n+++ b/content/pilotage_fca/pilotage_fca_etapes.md\n@@ "
        ),
        "{}",
        fixed.stderr
    );
    assert!(fixed.stderr.contains("\n+"), "{}", fixed.stderr);
    assert!(
        fixed.stderr.contains(" outdated CGU references in "),
        "{}",
        fixed.stderr
    );
    let after = snapshot(&tmp.path().join("content"));

    let again = faqsite(tmp.path(), &["check", "--offline", "--fix"]);
    assert_eq!(again.code, 0);
    assert!(again.stderr.contains("nothing to fix"), "{}", again.stderr);
    assert_eq!(
        snapshot(&tmp.path().join("content")),
        after,
        "a second --fix changed files"
    );
}
