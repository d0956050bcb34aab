//! Every citation in the repository can be followed (issue #10 §6).
//!
//! The code, the case clauses, the schemas and the vectors cite the project's protocol reference
//! (`docs/protocol/<file>.md §N.M`, `docs/protocol/disagreements.md #N`), its design notes
//! (`docs/design/lessons.md Lesson N`, `docs/design/peers.md Probe N`) and upstream clauses. This
//! test reads every text file of the repository and fails on
//! - a citation of a document that is not in the repository (the private notes the first versions
//!   cited),
//! - a `docs/…md` path that does not exist, or a section, disagreement, lesson or probe cited after
//!   it that is not a heading of that file,
//! - a `§` number with no document before it (outside `docs/protocol/`, where a bare number is a
//!   section of the reference itself and must exist there).
//!
//! The citation grammar is the one `docs/protocol/README.md` ("How to cite") describes.
#![allow(
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

/// File extensions whose text is scanned.
const SCANNED: &[&str] = &[
    "rs", "md", "json", "sh", "py", "mjs", "ts", "toml", "txt", "snap", "yml", "yaml", "sol",
];

/// Directories never scanned: build output, installed packages, VCS data.
const SKIPPED_DIRS: &[&str] = &[
    "target",
    ".git",
    "node_modules",
    ".venv",
    "venv",
    "__pycache__",
];

/// Names of documents that are not part of the repository and must never be cited. Written split so
/// that this file does not match itself.
const FORBIDDEN: &[&[&str]] = &[
    &["protocol", ".md"],
    &["anchors", ".md"],
    &["anchors A", "."],
    &["rust-peers", ".md"],
    &["shared/", "reference"],
];

/// A reference after a document: a section (with an optional range end), a disagreement, a lesson or
/// a probe. Line breaks inside comments may separate the pieces.
const REF: &str =
    r"(?:§\d+(?:\.\d+)*(?:\s*[–-]\s*§\d+(?:\.\d+)*)?(?: #\d+)?|#\d+|Lessons? \d+|Probes? \d+)";
/// Separators between the references of one list.
const SEP: &str = r"(?:[\s`]*(?:///?|//!|#|\*)?\s*(?:,|/|;|and|or)?\s*(?:///?|//!|#|\*)?\s*)";

static DOC_CITATION: LazyLock<Regex> = LazyLock::new(|| {
    // A path to a document of the repository, then an optional list of references.
    let re = format!(
        r"(?:(?P<path>(?:\.\./)*docs/[A-Za-z0-9_./-]+\.md)|\[[^\]\n]*\]\((?P<link>[A-Za-z0-9_./-]+\.md)\))(?P<refs>(?:{SEP}{REF}(?:\s*(?:steps? \d+(?:,\s*\d+)*|\(\d+\)))?)*)"
    );
    Regex::new(&re).unwrap_or_else(|e| panic!("citation regex: {e}"))
});

static ONE_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"§(?P<sec>\d+(?:\.\d+)*)(?:\s*[–-]\s*§(?P<end>\d+(?:\.\d+)*))?(?: #(?P<sub>\d+))?|#(?P<dis>\d+)|Lessons? (?P<lesson>\d+)|Probes? (?P<probe>\d+)")
        .unwrap_or_else(|e| panic!("reference regex: {e}"))
});

/// What may stand before a `§` that is not a section of this project's reference: an upstream
/// document or a standard.
static UPSTREAM_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:[A-Za-z0-9_./-]+\.md`?(?:\]\([^)]*\))?|RFC \d+|x402 v[12]|v[12](?: spec(?:ification)?)?|spec(?:ification)?(?: example)?|EIP-\d+|the [A-Za-z0-9-]+ spec)\s*$",
    )
    .unwrap_or_else(|e| panic!("mark regex: {e}"))
});

static SECTION_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"{REF}(?:{SEP}{REF})*")).unwrap_or_else(|e| panic!("list regex: {e}"))
});

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn scanned_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !SKIPPED_DIRS.contains(&name.as_str()) {
                scanned_files(&path, out);
            }
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| SCANNED.contains(&e))
        {
            out.push(path);
        }
    }
}

/// The headings of one markdown file, without the leading `#`s.
fn headings(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let t = l.trim_start_matches('#');
            (t.len() < l.len() && t.starts_with(' ')).then(|| t.trim().to_owned())
        })
        .collect()
}

/// The reference file that holds section `sec` of the protocol reference.
fn section_file(sec: &str) -> Option<&'static str> {
    let major = sec.split('.').next()?;
    Some(match major {
        "0" | "9" => "docs/protocol/overview.md",
        "1" => "docs/protocol/wire.md",
        "2" => "docs/protocol/transport.md",
        "3" => "docs/protocol/codes.md",
        "4" => "docs/protocol/evm.md",
        "5" => "docs/protocol/networks.md",
        "6" => "docs/protocol/svm.md",
        "7" => "docs/protocol/e2e.md",
        "8" => "docs/protocol/disagreements.md",
        _ => return None,
    })
}

struct Docs {
    root: PathBuf,
    cache: BTreeMap<PathBuf, Option<Vec<String>>>,
}

impl Docs {
    fn headings_of(&mut self, rel: &Path) -> Option<&Vec<String>> {
        let full = self.root.join(rel);
        let key = full.canonicalize().unwrap_or(full);
        self.cache
            .entry(key.clone())
            .or_insert_with(|| fs::read_to_string(&key).ok().map(|t| headings(&t)))
            .as_ref()
    }

    /// Checks one reference against the headings of `doc`; returns a problem, if any.
    fn check_ref(&mut self, doc: &Path, caps: &regex::Captures<'_>) -> Option<String> {
        let heads = self.headings_of(doc)?.clone();
        let has = |prefix: &str| {
            heads
                .iter()
                .any(|h| h == prefix || h.starts_with(&format!("{prefix} ")))
        };
        if let Some(sec) = caps.name("sec") {
            let sec = sec.as_str();
            let mut wanted = vec![match caps.name("sub") {
                Some(sub) if sec != "8" => format!("§{sec} #{}", sub.as_str()),
                _ => format!("§{sec}"),
            }];
            if let (true, Some(sub)) = (sec == "8", caps.name("sub")) {
                wanted = vec![format!("#{}", sub.as_str())];
            }
            if let Some(end) = caps.name("end") {
                wanted.push(format!("§{}", end.as_str()));
            }
            return wanted
                .into_iter()
                .find(|w| !has(w))
                .map(|w| format!("no heading `{w}` in {}", doc.display()));
        }
        let wanted = if let Some(d) = caps.name("dis") {
            format!("#{}", d.as_str())
        } else if let Some(l) = caps.name("lesson") {
            format!("Lesson {}", l.as_str())
        } else if let Some(p) = caps.name("probe") {
            format!("Probe {}", p.as_str())
        } else {
            return None;
        };
        (!has(&wanted)).then(|| format!("no heading `{wanted}` in {}", doc.display()))
    }
}

/// A cited path, relative to the workspace root: `docs/…` as written, anything else relative to the
/// citing file (a markdown link).
fn resolve(citing: &Path, path: &str) -> PathBuf {
    if path.starts_with("docs/") {
        PathBuf::from(path)
    } else {
        citing.parent().unwrap_or(Path::new("")).join(path)
    }
}

/// The text of the current paragraph up to `before`'s end: back to the last line that holds nothing
/// but white space and comment markers, and at most 600 bytes.
fn paragraph_before(before: &str) -> &str {
    let mut start = before.len().saturating_sub(600);
    while !before.is_char_boundary(start) {
        start += 1;
    }
    let tail = before.get(start..).unwrap_or("");
    let mut offset = 0;
    let mut pos = 0;
    for line in tail.split_inclusive('\n') {
        pos += line.len();
        if line
            .trim_matches(|c: char| c.is_whitespace() || "/!#*".contains(c))
            .is_empty()
        {
            offset = pos;
        }
    }
    tail.get(offset..).unwrap_or("")
}

/// The last document a paragraph names.
enum Nearest {
    /// A document of this repository (`docs/…`, or a markdown link to a `.md` file).
    Doc(String),
    /// An upstream specification file (`specs/…md`, `scheme_exact_evm.md`).
    Upstream,
}

static ANY_DOCUMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<doc>(?:\.\./)*docs/[A-Za-z0-9_./-]+\.md)|\[[^\]\n]*\]\((?P<link>[A-Za-z0-9_./-]+\.md)\)|(?P<up>[A-Za-z0-9_./-]+\.md)",
    )
    .unwrap_or_else(|e| panic!("document regex: {e}"))
});

fn nearest_document(paragraph: &str) -> Option<Nearest> {
    let last = ANY_DOCUMENT.captures_iter(paragraph).last()?;
    match (
        last.name("doc").or_else(|| last.name("link")),
        last.name("up"),
    ) {
        (Some(d), _) => Some(Nearest::Doc(d.as_str().to_owned())),
        (None, Some(_)) => Some(Nearest::Upstream),
        (None, None) => None,
    }
}

fn line_of(text: &str, at: usize) -> usize {
    text.get(..at).map_or(0, |t| t.matches('\n').count()) + 1
}

#[test]
fn every_citation_resolves() {
    let root = workspace_root();
    let mut files = Vec::new();
    scanned_files(&root, &mut files);
    files.sort();
    assert!(
        files.len() > 100,
        "the scan found only {} files under {}",
        files.len(),
        root.display()
    );
    let mut docs = Docs {
        root: root.clone(),
        cache: BTreeMap::new(),
    };
    let this_file = Path::new(file!())
        .file_name()
        .map(|n| n.to_owned())
        .unwrap_or_default();
    let mut problems = Vec::new();
    let mut cited_docs = BTreeSet::new();
    for file in &files {
        let Ok(text) = fs::read_to_string(file) else {
            continue;
        };
        let rel = file.strip_prefix(&root).unwrap_or(file).to_path_buf();
        if file.file_name() == Some(this_file.as_os_str()) {
            continue;
        }
        let in_reference = rel.starts_with("docs/protocol") || rel.starts_with("docs/design");
        for parts in FORBIDDEN {
            let needle = parts.concat();
            for (at, _) in text.match_indices(&needle) {
                problems.push(format!(
                    "{}:{}: cites `{needle}`, which is not in the repository",
                    rel.display(),
                    line_of(&text, at)
                ));
            }
        }
        // Document citations: the file exists, each reference is one of its headings.
        let mut covered = vec![false; text.len()];
        for m in DOC_CITATION.captures_iter(&text) {
            let Some(whole) = m.get(0) else { continue };
            let Some(p) = m.name("path").or_else(|| m.name("link")) else {
                continue;
            };
            let doc = resolve(&rel, p.as_str());
            cited_docs.insert(doc.clone());
            if docs.headings_of(&doc).is_none() {
                problems.push(format!(
                    "{}:{}: cites {}, which does not exist",
                    rel.display(),
                    line_of(&text, whole.start()),
                    doc.display()
                ));
                continue;
            }
            if let Some(refs) = m.name("refs") {
                for r in ONE_REF.captures_iter(refs.as_str()) {
                    if let Some(problem) = docs.check_ref(&doc, &r) {
                        problems.push(format!(
                            "{}:{}: {problem}",
                            rel.display(),
                            line_of(&text, whole.start())
                        ));
                    }
                }
            }
            for c in covered.iter_mut().take(whole.end()).skip(whole.start()) {
                *c = true;
            }
        }
        // Bare section numbers: only upstream documents may stand before them; inside the reference
        // itself a bare number is one of its sections.
        for m in SECTION_LIST.find_iter(&text) {
            if covered.get(m.start()).copied().unwrap_or(false) || !m.as_str().starts_with('§') {
                continue;
            }
            let before = text.get(..m.start()).unwrap_or("");
            let window = before
                .char_indices()
                .rev()
                .nth(60)
                .map_or(before, |(i, _)| before.get(i..).unwrap_or(""));
            let window = window.trim_end_matches(['(', ' ', '\n', '/', '!', '`', '*']);
            if UPSTREAM_MARK.is_match(window) {
                continue;
            }
            // Otherwise the nearest document named earlier in the same paragraph, as a reader
            // would take it: "`specs/x.md` §5.1 (PaymentRequired Schema), §5.1.1".
            match nearest_document(paragraph_before(before)) {
                Some(Nearest::Upstream) => continue,
                Some(Nearest::Doc(p)) if !in_reference => {
                    let doc = resolve(&rel, &p);
                    for r in ONE_REF.captures_iter(m.as_str()) {
                        if let Some(problem) = docs.check_ref(&doc, &r) {
                            problems.push(format!(
                                "{}:{}: {problem}",
                                rel.display(),
                                line_of(&text, m.start())
                            ));
                        }
                    }
                    continue;
                }
                _ => {}
            }
            if in_reference {
                for r in ONE_REF.captures_iter(m.as_str()) {
                    let Some(sec) = r.name("sec") else { continue };
                    let Some(doc) = section_file(sec.as_str()) else {
                        problems.push(format!(
                            "{}:{}: §{} is no section of docs/protocol",
                            rel.display(),
                            line_of(&text, m.start()),
                            sec.as_str()
                        ));
                        continue;
                    };
                    if let Some(problem) = docs.check_ref(Path::new(doc), &r) {
                        problems.push(format!(
                            "{}:{}: {problem}",
                            rel.display(),
                            line_of(&text, m.start())
                        ));
                    }
                }
            } else {
                problems.push(format!(
                    "{}:{}: `{}` names no document (write docs/protocol/<file>.md §…)",
                    rel.display(),
                    line_of(&text, m.start()),
                    m.as_str().lines().next().unwrap_or("")
                ));
            }
        }
    }
    assert!(
        cited_docs.contains(Path::new("docs/protocol/disagreements.md")),
        "the scan saw no citation of the disagreement list; is the grammar still matching?"
    );
    let mut report = String::new();
    for p in &problems {
        let _ = writeln!(report, "{p}");
    }
    assert!(
        problems.is_empty(),
        "{} citations cannot be followed:\n{report}",
        problems.len()
    );
}

#[test]
fn the_checker_catches_a_missing_heading() {
    let mut docs = Docs {
        root: workspace_root(),
        cache: BTreeMap::new(),
    };
    let doc = Path::new("docs/protocol/evm.md");
    let caps = |s: &'static str| ONE_REF.captures(s).unwrap_or_else(|| panic!("{s}"));
    assert_eq!(docs.check_ref(doc, &caps("§4.2")), None);
    assert_eq!(docs.check_ref(doc, &caps("§4.9 #2")), None);
    assert!(docs.check_ref(doc, &caps("§4.42")).is_some());
    assert!(docs.check_ref(doc, &caps("§4.2–§4.77")).is_some());
    let dis = Path::new("docs/protocol/disagreements.md");
    assert_eq!(docs.check_ref(dis, &caps("#31")), None);
    assert!(docs.check_ref(dis, &caps("#99")).is_some());
    let lessons = Path::new("docs/design/lessons.md");
    assert_eq!(docs.check_ref(lessons, &caps("Lesson 4")), None);
    assert!(docs.check_ref(lessons, &caps("Lesson 40")).is_some());
    let cited = DOC_CITATION
        .captures("see docs/protocol/evm.md §4.2, §4.7 and docs/protocol/disagreements.md #30.")
        .and_then(|c| c.name("refs").map(|r| r.as_str().to_owned()));
    assert_eq!(cited.as_deref(), Some(" §4.2, §4.7"));
}
