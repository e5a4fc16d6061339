//! The command line as a shell uses it: a reader that stops early (`| head`, `| true`) is
//! no error, and faqsite's internal command is no command a user is offered.

mod common;

use std::process::{Command, Stdio};

/// Runs `faqsite ARGS` with its standard output closed before it writes: (exit code, stderr).
fn with_closed_stdout(args: &[&str]) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_faqsite"))
        .args(args)
        .current_dir(common::repo())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("NO_COLOR", "1")
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_reader_that_stops_early_is_no_error() {
    let (code, stderr) = with_closed_stdout(&["completions", "bash"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    // A page with a broken link: the report is cut short, the exit code still says why.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("README.md"), "# A\n\n[b](b.md)\n").unwrap();
    let root = tmp.path().to_str().unwrap();
    let (code, stderr) = with_closed_stdout(&["check", root, "--offline"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("error:"),
        "{stderr}"
    );
}

#[test]
fn completions_offer_only_user_commands() {
    let run = common::faqsite(&common::repo(), &["completions", "bash"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("serve") && run.stdout.contains("init"));
    assert!(
        !run.stdout.contains("remove-trash"),
        "the internal command is offered"
    );
}
