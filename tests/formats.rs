//! The machine formats read back: SARIF for code-scanning dashboards, JUnit for CI systems.

mod common;
use common::{faqsite, fixture};

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
        assert!(uri.starts_with("content/"), "{uri}");
        assert!(fixture("link_forms/site").join(uri).is_file(), "{uri}");
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
        .find(|c| c.attribute("name") == Some("guide/faq.md"))
        .unwrap();
    let first = faq.children().find(|n| n.has_tag_name("failure")).unwrap();
    assert_eq!(first.attribute("type"), Some("broken-anchor"));
    assert!(first.text().unwrap().starts_with("guide/faq.md:9:47: "));
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
