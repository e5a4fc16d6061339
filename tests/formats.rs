//! The machine formats read back: SARIF for code-scanning dashboards, JUnit for CI systems.

mod common;
use common::{faqsite, fixture};
use serde_json::{json, Value};

/// The official SARIF 2.1.0 schema (draft-07; where it comes from: tests/fixtures/sarif/SOURCE.md),
/// with format assertions on, so that `artifactLocation.uri` must be an RFC 3986 URI reference.
fn sarif_schema() -> (boon::Schemas, boon::SchemaIndex) {
    let path = fixture("sarif/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    // The schema's own `$id`, so that nothing is looked up on the network.
    let id = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json";
    compiler.add_resource(id, schema).unwrap();
    let mut schemas = boon::Schemas::new();
    let index = compiler.compile(id, &mut schemas).unwrap();
    (schemas, index)
}

fn sarif_of(dir: &std::path::Path) -> Value {
    let run = faqsite(dir, &["check", "site", "--offline", "--format", "sarif"]);
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{}: {e}\n{}{}", dir.display(), run.stdout, run.stderr))
}

/// Every fixture site's log, and one whose page names need escaping in a URI (an accent, a
/// space, brackets), is valid against the schema.
#[test]
fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
    let (schemas, schema) = sarif_schema();
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("site/content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        content.join("index.md"),
        "# Accueil\n\n[Fiche](Fiche%20%C3%A9t%C3%A9%20%5B2%5D.md)\n",
    )
    .unwrap();
    std::fs::write(
        content.join("Fiche été [2].md"),
        "# Fiche\n\n[absent](absent.md)\n",
    )
    .unwrap();
    let mut dirs = vec![tmp.path().to_path_buf()];
    for entry in std::fs::read_dir(fixture("")).unwrap() {
        let dir = entry.unwrap().path();
        if dir.join("site").is_dir() {
            dirs.push(dir);
        }
    }
    let mut results = 0;
    for dir in dirs {
        let log = sarif_of(&dir);
        if let Err(err) = schemas.validate(&log, schema) {
            panic!("{}: {err:#}", dir.display());
        }
        results += log["runs"][0]["results"].as_array().unwrap().len();
    }
    // Valid, and not because there was nothing to validate.
    assert!(results > 30, "{results} results");
    let log = sarif_of(tmp.path());
    let uris: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(
        uris.contains(&"site/content/Fiche%20%C3%A9t%C3%A9%20%5B2%5D.md"),
        "{uris:?}"
    );
}

/// The schema test can fail: each of these breaks a valid log in one place, and the schema
/// must reject it.
#[test]
fn the_sarif_schema_rejects_a_broken_log() {
    let (schemas, schema) = sarif_schema();
    let valid = sarif_of(&fixture("link_forms"));
    schemas.validate(&valid, schema).unwrap();
    let breaks: &[(&str, &str, Option<Value>)] = &[
        ("no version", "/version", None),
        ("another version", "/version", Some(json!("2.0.0"))),
        (
            "a level SARIF does not know",
            "/runs/0/results/0/level",
            Some(json!("fatal")),
        ),
        (
            "a message without text",
            "/runs/0/results/0/message",
            Some(json!({})),
        ),
        (
            "a line before the first",
            "/runs/0/results/0/locations/0/physicalLocation/region/startLine",
            Some(json!(0)),
        ),
        (
            "a column that is a string",
            "/runs/0/results/0/locations/0/physicalLocation/region/startColumn",
            Some(json!("47")),
        ),
        (
            "a path that is no URI",
            "/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri",
            Some(json!("guide/faq é.md")),
        ),
        (
            "a result field SARIF does not define",
            "/runs/0/results/0/line",
            Some(json!(9)),
        ),
        ("a rule without id", "/runs/0/tool/driver/rules/0/id", None),
        ("a tool without name", "/runs/0/tool/driver/name", None),
    ];
    for (what, pointer, value) in breaks {
        let mut log = valid.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let parent = log
            .pointer_mut(parent)
            .unwrap_or_else(|| panic!("{what}: {parent}"));
        match value {
            Some(value) => parent[key] = value.clone(),
            None => {
                parent
                    .as_object_mut()
                    .unwrap()
                    .remove(key)
                    .unwrap_or_else(|| panic!("{what}: no {key}"));
            }
        }
        assert!(schemas.validate(&log, schema).is_err(), "{what}: accepted");
    }
}

#[test]
fn sarif_has_a_rule_per_code_and_a_located_result_per_diagnostic() {
    let human = faqsite(&fixture("link_forms"), &["check", "site", "--offline"]);
    let errors = human.stdout.matches(": error[").count();
    let run = faqsite(
        &fixture("link_forms"),
        &["check", "site", "--offline", "--format", "sarif"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "faqsite");
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"broken-link") && ids.contains(&"outdated-cgu"));
    for rule in rules {
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty());
    }
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), errors);
    for r in results {
        let rule = r["ruleId"].as_str().unwrap();
        assert_eq!(ids[r["ruleIndex"].as_u64().unwrap() as usize], rule);
        let location = &r["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        // Relative to the folder faqsite ran in, as every format names files.
        assert!(uri.starts_with("site/content/"), "{uri}");
        assert!(fixture("link_forms").join(uri).is_file(), "{uri}");
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(location["region"]["startColumn"].as_u64().unwrap() >= 1);
        assert!(matches!(r["level"].as_str(), Some("error" | "warning")));
    }
}

#[test]
fn junit_has_a_case_per_page_and_a_failure_per_error() {
    let run = faqsite(
        &fixture("link_forms"),
        &["check", "site", "--offline", "--format", "junit"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = roxmltree::Document::parse(&run.stdout).unwrap();
    let cases: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let pages = std::fs::read_dir(fixture("link_forms/site/content"))
        .unwrap()
        .count();
    assert!(cases.len() >= pages, "{} cases", cases.len());
    let failures = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(
        suite.attribute("failures"),
        Some(failures.to_string().as_str())
    );
    assert_eq!(
        suite.attribute("tests"),
        Some(cases.len().to_string().as_str())
    );
    let faq = cases
        .iter()
        .find(|c| c.attribute("name") == Some("site/content/guide/faq.md"))
        .unwrap();
    let first = faq.children().find(|n| n.has_tag_name("failure")).unwrap();
    assert_eq!(first.attribute("type"), Some("broken-anchor"));
    assert!(first
        .text()
        .unwrap()
        .starts_with("site/content/guide/faq.md:9:47: "));
}

/// The workflow parses, and runs the commands the README documents.
#[test]
fn the_ci_workflow_runs_the_documented_commands() {
    let repo = common::repo();
    let text = std::fs::read_to_string(repo.join(".github/workflows/docs.yml")).unwrap();
    let workflow: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    let steps = workflow["jobs"]["check-and-build"]["steps"]
        .as_array()
        .unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    let readme = std::fs::read_to_string(repo.join("README.md")).unwrap();
    let changed = "faqsite check . --format github --changed origin/";
    assert!(
        runs.iter().any(|r| r.contains(changed)),
        "{changed} not run: {runs:?}"
    );
    assert!(readme.contains(changed), "{changed} not in the README");
    for command in [
        "faqsite check . --format github",
        "faqsite build . --offline",
    ] {
        assert!(
            runs.iter().any(|r| r.ends_with(command)),
            "{command} not run: {runs:?}"
        );
        assert!(readme.contains(command), "{command} not in the README");
    }
    let hooks = std::fs::read_to_string(repo.join(".pre-commit-hooks.yaml")).unwrap();
    let hooks: serde_json::Value = serde_saphyr::from_str(&hooks).unwrap();
    assert_eq!(hooks[0]["entry"], "faqsite check --offline");
}
