//! What `serve` tells, as data: the events pushed to each open tab (server-sent events: a
//! name and a JSON payload, serialised in one place) and the lines printed on the terminal.
//! Nothing else formats an event.

use crate::project::Update;
use axum::response::sse;
use serde::Serialize;
use std::fmt;
use std::io::Write;
use std::net::IpAddr;
use std::time::Duration;

/// What the live-reload script of each tab is told (`live.js` listens by name).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "lowercase")]
pub enum BrowserEvent {
    /// First on each stream: the tab is connected.
    Hello,
    /// These output paths changed or disappeared: a tab showing one of them reloads.
    Reload { paths: Vec<String> },
    /// A stylesheet changed: tabs swap their stylesheets without reloading.
    Styles,
    /// Problems appeared or were fixed: tabs fetch `diagnostics.json` again.
    Diagnostics,
}

impl BrowserEvent {
    /// The SSE event name, the same as the `event` field of the payload.
    pub fn name(&self) -> &'static str {
        match self {
            BrowserEvent::Hello => "hello",
            BrowserEvent::Reload { .. } => "reload",
            BrowserEvent::Styles => "styles",
            BrowserEvent::Diagnostics => "diagnostics",
        }
    }

    /// What the tabs are told after a batch of changes: the pages to reload, whether
    /// stylesheets changed, whether problems did.
    pub fn for_update(update: &Update) -> Vec<BrowserEvent> {
        let mut events = Vec::new();
        let pages = update.changed.iter().chain(&update.removed);
        let paths: Vec<String> = pages.filter(|p| p.ends_with(".html")).cloned().collect();
        if !paths.is_empty() {
            events.push(BrowserEvent::Reload { paths });
        }
        if update.styles {
            events.push(BrowserEvent::Styles);
        }
        if !update.new_problems.is_empty() || !update.fixed.is_empty() {
            events.push(BrowserEvent::Diagnostics);
        }
        events
    }

    /// The event on the wire: `event: NAME` and the variant as JSON data.
    pub fn to_sse(&self) -> sse::Event {
        sse::Event::default()
            .event(self.name())
            .json_data(self)
            .expect("a BrowserEvent serialises to JSON")
    }
}

/// One file of a batch of changes, as the person who ran faqsite names it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Saved {
    pub path: String,
    pub deleted: bool,
}

/// What the terminal is told, one line each (problems are printed apart, as `check` does).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The first line on standard output (scripts and tests read the address from it).
    Listening { url: String },
    /// Bound to an address others can reach: who is answered.
    Exposed { bind: IpAddr, hosts: Vec<String> },
    /// A batch of changes was applied.
    Rebuilt {
        files: Vec<Saved>,
        /// Pages rendered again.
        pages: usize,
        /// Output files that changed or disappeared (pages, assets, stylesheets).
        outputs: usize,
        took: Duration,
    },
    /// `--open` could not start a browser.
    NoBrowser { url: String, error: String },
}

/// Files named in a rebuild line before "and N more".
const FILES_NAMED: usize = 3;

impl Notice {
    /// Prints the line: the address on standard output, everything else on standard error.
    pub fn print(&self) {
        match self {
            Notice::Listening { .. } => {
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "{self}");
                let _ = out.flush();
            }
            _ => eprintln!("{self}"),
        }
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::Listening { url } => write!(f, "faqsite serve: {url}"),
            Notice::Exposed { bind, hosts } => write!(
                f,
                "warning: serving on {bind} — anyone on this network can read the site; faqsite answers only to requests addressed to {} (add a name with --allow-host)",
                hosts.join(", ")
            ),
            Notice::Rebuilt {
                files,
                pages,
                outputs,
                took,
            } => {
                for (i, file) in files.iter().take(FILES_NAMED).enumerate() {
                    let verb = if file.deleted { "deleted" } else { "saved" };
                    let sep = if i == 0 { "" } else { ", " };
                    write!(f, "{sep}{} {verb}", file.path)?;
                }
                if files.len() > FILES_NAMED {
                    write!(f, " and {} more files", files.len() - FILES_NAMED)?;
                }
                let ms = took.as_secs_f64() * 1000.0;
                match (pages, outputs) {
                    (0, 0) => write!(f, ": the site is unchanged ({ms:.0} ms)"),
                    (0, n) => write!(f, ": {n} {} updated in {ms:.0} ms", plural(*n, "file")),
                    (n, _) => write!(f, ": {n} {} rebuilt in {ms:.0} ms", plural(*n, "page")),
                }
            }
            Notice::NoBrowser { url, error } => {
                write!(f, "warning: cannot open a browser ({error}); open {url}")
            }
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    match n {
        1 => word.to_string(),
        _ => format!("{word}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_events_name_their_payload() {
        let table = [
            (BrowserEvent::Hello, r#"{"event":"hello"}"#),
            (
                BrowserEvent::Reload {
                    paths: vec!["guide/étapes.html".into()],
                },
                r#"{"event":"reload","paths":["guide/étapes.html"]}"#,
            ),
            (BrowserEvent::Styles, r#"{"event":"styles"}"#),
            (BrowserEvent::Diagnostics, r#"{"event":"diagnostics"}"#),
        ];
        for (event, json) in table {
            assert_eq!(serde_json::to_string(&event).unwrap(), json);
            let value: serde_json::Value = serde_json::from_str(json).unwrap();
            assert_eq!(value["event"], event.name());
        }
    }

    #[test]
    fn events_for_updates() {
        let problem = crate::diagnostics::Diagnostic::new(
            crate::diagnostics::Code::FrontMatter,
            "a.md",
            0..1,
            "x",
        );
        let update = |changed: &[&str], removed: &[&str], styles: bool, problems: bool| Update {
            changed: changed.iter().map(|p| p.to_string()).collect(),
            removed: removed.iter().map(|p| p.to_string()).collect(),
            styles,
            new_problems: if problems {
                vec![problem.clone()]
            } else {
                Vec::new()
            },
            ..Update::default()
        };
        let reload = |paths: &[&str]| BrowserEvent::Reload {
            paths: paths.iter().map(|p| p.to_string()).collect(),
        };
        let table = [
            (update(&[], &[], false, false), vec![]),
            (
                update(&["a.html", "cgu/x.pdf"], &["b.html"], false, false),
                vec![reload(&["a.html", "b.html"])],
            ),
            (
                update(&["static/style.css"], &[], true, false),
                vec![BrowserEvent::Styles],
            ),
            (
                update(&["a.html"], &[], false, true),
                vec![reload(&["a.html"]), BrowserEvent::Diagnostics],
            ),
            (
                update(&[], &[], false, true),
                vec![BrowserEvent::Diagnostics],
            ),
        ];
        for (update, want) in table {
            assert_eq!(BrowserEvent::for_update(&update), want, "{update:?}");
        }
    }

    #[test]
    fn rebuild_lines_name_the_files_saved() {
        let saved = |path: &str| Saved {
            path: path.into(),
            deleted: false,
        };
        let ms = Duration::from_millis(12);
        let table = [
            (
                vec![saved("content/a.md")],
                7,
                7,
                "content/a.md saved: 7 pages rebuilt in 12 ms",
            ),
            (
                vec![
                    saved("content/a.md"),
                    Saved {
                        path: "content/b.md".into(),
                        deleted: true,
                    },
                ],
                1,
                3,
                "content/a.md saved, content/b.md deleted: 1 page rebuilt in 12 ms",
            ),
            (
                vec![saved("themes/t/static/style.css")],
                0,
                1,
                "themes/t/static/style.css saved: 1 file updated in 12 ms",
            ),
            (
                vec![saved("content/a.md")],
                0,
                0,
                "content/a.md saved: the site is unchanged (12 ms)",
            ),
            (
                ["a", "b", "c", "d", "e"]
                    .map(|n| saved(&format!("{n}.md")))
                    .to_vec(),
                5,
                5,
                "a.md saved, b.md saved, c.md saved and 2 more files: 5 pages rebuilt in 12 ms",
            ),
        ];
        for (files, pages, outputs, want) in table {
            let notice = Notice::Rebuilt {
                files,
                pages,
                outputs,
                took: ms,
            };
            assert_eq!(notice.to_string(), want);
        }
    }
}
