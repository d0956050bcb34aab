//! The README's Rust example is the crate's tested one, shown without rustdoc's hidden lines
//! (issue #14: GitHub renders `# ` lines of a README as they are).
//!
//! `crates/x402-spec/README.md` is compiled and run as a doctest of `x402-spec`
//! (`ReadmeDoctests` in its `lib.rs`); the repository README shows the same block. This test
//! fails when the two drift apart or when either shows a hidden line.
#![allow(clippy::panic, clippy::indexing_slicing)]

use std::path::Path;

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The bodies of the ```` ```rust ```` blocks of a markdown text.
fn rust_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match current.as_mut() {
            None if line.trim_start().starts_with("```rust") => current = Some(String::new()),
            None => {}
            Some(_) if line.trim_start().starts_with("```") => {
                blocks.extend(current.take());
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
        }
    }
    assert!(current.is_none(), "an unterminated ```rust block");
    blocks
}

/// A line rustdoc hides: `#` alone or `# ` followed by code (`#[attr]` and `#!` are not hidden).
fn is_hidden(line: &str) -> bool {
    let t = line.trim_start();
    t == "#" || t.starts_with("# ")
}

#[test]
fn readme_rust_blocks_show_no_hidden_lines() {
    for file in ["README.md", "crates/x402-spec/README.md"] {
        let text = read(file);
        let blocks = rust_blocks(&text);
        assert!(!blocks.is_empty(), "{file} has no ```rust block");
        for block in blocks {
            let hidden: Vec<&str> = block.lines().filter(|l| is_hidden(l)).collect();
            assert!(
                hidden.is_empty(),
                "{file}: rustdoc-hidden lines render verbatim on GitHub: {hidden:?}"
            );
        }
    }
}

#[test]
fn repository_readme_shows_the_doctested_example() {
    let root = rust_blocks(&read("README.md"));
    let crate_readme = rust_blocks(&read("crates/x402-spec/README.md"));
    assert_eq!(
        root.first(),
        crate_readme.first(),
        "README.md's Rust example differs from crates/x402-spec/README.md's (the doctested one)"
    );
}

#[test]
fn hidden_line_detection() {
    assert!(is_hidden("# fn demo() {"));
    assert!(is_hidden("    #"));
    assert!(!is_hidden("#[derive(Debug)]"));
    assert!(!is_hidden("let x = 1; // # not hidden"));
    let blocks = rust_blocks("text\n```rust\n# hidden\nshown\n```\n```sh\nls\n```\n");
    assert_eq!(blocks, vec!["# hidden\nshown\n".to_owned()]);
}
