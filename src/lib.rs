//! faqsite: turns a tree of Markdown FAQ pages into a cross-linked static site and checks
//! every link on the way. The data flows one way: `layout` finds the project's folders,
//! `config` reads `faqsite.yaml`, `content` loads the tree into a `Site` (pages with
//! identities, their links, the link graph) with one reader for a full load and for a single
//! change, `check` reads it and returns diagnostics page by page, `policy` applies levels and
//! allow comments, `render` turns pages into HTML with Tera, and `output` writes the result
//! aside and swaps it in (or keeps it in memory). `project` holds all of it for every driver:
//! `pipeline` (check, check --changed, build) and `serve` only say which pages and where.
//! `tests/layers.rs` keeps the dependencies in that one direction.

pub mod cgu;
pub mod changed;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod files;
#[doc(hidden)]
pub mod fuzz;
pub mod html;
pub mod init;
pub mod layout;
pub mod markdown;
pub mod output;
pub mod paths;
pub mod pipeline;
pub mod policy;
pub mod project;
#[cfg(test)]
mod properties;
pub mod render;
pub mod serve;
pub mod slug;
mod yaml;
