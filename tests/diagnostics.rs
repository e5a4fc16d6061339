//! Fixture sites for each link form and each kind of user error, checked by the real binary;
//! the expected output of every format is compared exactly.

mod common;
use common::{assert_matches, faqsite, fixture};

/// (fixture, arguments, exit code, expected-output file)
const CASES: &[(&str, &[&str], i32, &str)] = &[
    (
        "link_forms",
        &["check", "site", "--offline"],
        1,
        "human.txt",
    ),
    (
        "link_forms",
        &["check", "site", "--offline", "--format", "json"],
        1,
        "json.txt",
    ),
    (
        "link_forms",
        &["check", "site", "--offline", "--format", "github"],
        1,
        "github.txt",
    ),
    (
        "front_matter",
        &["check", "site", "--offline"],
        1,
        "human.txt",
    ),
    ("levels", &["check", "site", "--offline"], 1, "human.txt"),
    (
        "link_graph",
        &["check", "site", "--offline"],
        0,
        "human.txt",
    ),
    ("safety", &["check", "site", "--offline"], 1, "human.txt"),
    (
        "bad_config",
        &["check", "site", "--offline"],
        2,
        "human.txt",
    ),
    (
        "bad_template",
        &["build", "site", "--offline", "--output", "out"],
        1,
        "human.txt",
    ),
    (
        "template_syntax",
        &["build", "site", "--offline", "--output", "out"],
        1,
        "human.txt",
    ),
    ("cgu_forms", &["check", "site", "--offline"], 1, "human.txt"),
    (
        "cgu_registry",
        &["check", "site", "--offline"],
        2,
        "human.txt",
    ),
];

#[test]
fn fixtures_report_exactly_what_is_expected() {
    for (name, args, code, expected) in CASES {
        let dir = fixture(name);
        let run = faqsite(&dir, args);
        assert_eq!(
            run.code, *code,
            "{name} {args:?}\n{}{}",
            run.stdout, run.stderr
        );
        assert_matches(&dir.join(expected), &run.stdout);
        assert!(
            !dir.join("out").exists(),
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
