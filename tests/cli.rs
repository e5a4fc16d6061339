//! The command line as a shell uses it: a reader that stops early (`| head`, `| true`) is
//! no error, faqsite's internal command is no command a user is offered, and a terminal gets
//! the text a pipe gets, in colour.

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

/// Colours where asked for (`CLICOLOR_FORCE`), and without them the same text: faqsite draws
/// plain diagnostics itself where the terminal library would strip the colours, so both
/// paths must agree to the byte.
#[test]
fn colours_are_the_only_difference_between_a_terminal_and_a_pipe() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("README.md"),
        "# A\n\nVoir [b](b.md) et [la section](#absente).\n",
    )
    .unwrap();
    let run = |color: (&str, &str)| {
        let out = Command::new(env!("CARGO_BIN_EXE_faqsite"))
            .args(["check", ".", "--offline"])
            .current_dir(tmp.path())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env(color.0, color.1)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let coloured = run(("CLICOLOR_FORCE", "1"));
    let plain = run(("NO_COLOR", "1"));
    assert!(coloured.contains("\x1b[1m"), "{coloured:?}");
    assert!(
        plain.contains("README.md:3:6: error[broken-link]"),
        "{plain}"
    );
    assert!(!plain.contains('\x1b'), "{plain:?}");
    let stripped: String = strip_ansi(&coloured);
    assert_eq!(stripped, plain);
}

/// `text` without its ANSI SGR sequences (`ESC [ … m`).
fn strip_ansi(text: &str) -> String {
    regex::Regex::new("\x1b\\[[0-9;]*m")
        .unwrap()
        .replace_all(text, "")
        .into_owned()
}
