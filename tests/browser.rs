//! Builds the example site with the faqsite binary and runs the browser tests of
//! `tests/browser/run.mjs` in Debian's chromium (search by file:// and HTTP, keyboard, skip
//! link, axe-core on every page, the `dsfr` theme's acceptance checks from file://, screenshots
//! into `target/browser-artifacts/`). Without
//! chromium or `tests/browser/node_modules` the test says so and is skipped, so that `cargo
//! test` works on a fresh machine — unless `FAQSITE_REQUIRE_BROWSER=1`, which `.ci/run` sets:
//! there a missing browser is a failure.

use std::path::Path;
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";

#[test]
fn example_site_in_chromium() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tests = repo.join("tests/browser");
    let missing = if !Path::new(CHROMIUM).exists() {
        Some(format!(
            "{CHROMIUM} is missing: install it with `apt-get install -y chromium`"
        ))
    } else if !(tests.join("node_modules/playwright-core").is_dir()
        && tests.join("node_modules/axe-core").is_dir())
    {
        Some(
            "tests/browser/node_modules is missing: run `(cd tests/browser && npm ci)`".to_string(),
        )
    } else {
        None
    };
    if let Some(missing) = missing {
        assert!(
            std::env::var("FAQSITE_REQUIRE_BROWSER").as_deref() != Ok("1"),
            "{missing}"
        );
        eprintln!(
            "browser tests SKIPPED: {missing} (FAQSITE_REQUIRE_BROWSER=1 makes this a failure)"
        );
        return;
    }

    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    let build = Command::new(env!("CARGO_BIN_EXE_faqsite"))
        .args(["build".as_ref(), repo.as_os_str(), "--output".as_ref()])
        .arg(&site)
        .output()
        .expect("running faqsite");
    assert!(
        build.status.success(),
        "faqsite build failed:\n{}{}",
        String::from_utf8_lossy(&build.stdout),
        String::from_utf8_lossy(&build.stderr)
    );

    let run = Command::new("node")
        .arg(tests.join("run.mjs"))
        .arg(&site)
        .arg(repo.join("target/browser-artifacts"))
        .env("FAQSITE_BIN", env!("CARGO_BIN_EXE_faqsite"))
        .current_dir(&tests)
        .output()
        .expect("running node (is Node.js installed?)");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    eprintln!("{log}");
    assert!(run.status.success(), "browser tests failed:\n{log}");
}
