//! Fixture sites for each link form and each kind of user error, checked by the real binary.
//! Each case is one file in `tests/cmd/` (trycmd, as typos drives its CLI): `NAME.toml` names
//! the arguments, the exit code and the fixture site under `tests/fixtures/`, which trycmd
//! copies to a sandbox so a build writes there; `NAME.stdout` and `NAME.stderr` are compared
//! exactly, `[..]` standing for what changes between runs (timings) and `[ROOT]` for the
//! sandbox's path. Every case runs and every failure is reported in one run.
//! `TRYCMD=overwrite cargo test --test diagnostics` rewrites the expected files; a new case is
//! a new `NAME.toml` (copy one) whose `.stdout` and `.stderr` that command writes, to be read
//! before committing.

mod common;
use common::{copy_tree, faqsite, fixture};

#[test]
fn fixtures_report_exactly_what_is_expected() {
    trycmd::TestCases::new()
        .register_bin(
            "faqsite",
            std::path::Path::new(env!("CARGO_BIN_EXE_faqsite")),
        )
        // Colours depend on the terminal; a CLICOLOR_FORCE in the caller's shell must not
        // turn them on in the compared output.
        .env("NO_COLOR", "1")
        .case("tests/cmd/*.toml");
}

/// trycmd compares only the files a case expects, so the absence of `out/` after a failed
/// build is checked here, on the two cases whose build fails.
#[test]
fn a_failed_build_writes_no_output() {
    for name in ["bad_template", "template_syntax"] {
        let tmp = tempfile::tempdir().unwrap();
        copy_tree(&fixture(name), tmp.path());
        let run = faqsite(
            tmp.path(),
            &["build", "site", "--offline", "--output", "out"],
        );
        assert_eq!(run.code, 1, "{name}\n{}{}", run.stdout, run.stderr);
        assert!(
            !tmp.path().join("out").exists(),
            "{name}: a failed build wrote its output"
        );
    }
}

#[test]
fn nothing_hidden_or_draft_is_loaded() {
    let run = faqsite(
        &fixture("link_forms"),
        &["check", "site", "--offline", "--format", "json"],
    );
    assert!(
        !run.stdout.contains("nulle-part"),
        "a hidden folder was read"
    );
    let run = faqsite(
        &fixture("front_matter"),
        &["check", "site", "--offline", "--format", "json"],
    );
    assert!(!run.stdout.contains("draft.md"), "a draft was checked");
}
