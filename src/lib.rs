//! faqsite: turns a tree of Markdown FAQ pages into a cross-linked static site and checks
//! every link on the way. The data flows one way: `content` loads the tree into a `Site`,
//! `check` reads it and returns diagnostics, `render` turns it into HTML with Tera, and
//! `output` writes the result aside and swaps it in.

pub mod cgu;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod markdown;
pub mod output;
pub mod paths;
pub mod pipeline;
pub mod render;
pub mod slug;
mod yaml;
