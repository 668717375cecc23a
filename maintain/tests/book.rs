//! `cargo xtask book --check` on a tiny book: it passes as written, and each
//! rule fails on a page that breaks it (a wide code line, typed or included, a
//! SUMMARY title that is not the H1, an image or include that does not
//! resolve, a link that leaves the book, a drawing a phone cannot read, a
//! callout with no evidence link, a stale width exception).

#[path = "../../xtask/tests/common/mod.rs"]
mod common;

use std::path::Path;

use common::{output, scratch, write, xtask};

/// A line of 87 columns: one more than the column shows at 1280 px.
fn wide() -> String {
    format!("let x = \"{}\";", "a".repeat(87 - 11))
}

/// The tiny book that passes every check.
fn book(root: &Path) {
    write(
        root,
        "curriculum.toml",
        "[[chapter]]\nnumber = 1\nslug = \"sums\"\ntitle = \"Sums\"\nchinese = \"和\"\n",
    );
    write(root, "xtask/README.md", "The fixture's stand-in.\n");
    write(
        root,
        "book/book.toml",
        "[book]\ntitle = \"T\"\nsrc = \"src\"\n\n[output.html]\n\
         git-repository-url = \"https://github.com/o/r\"\n",
    );
    write(
        root,
        "book/src/SUMMARY.md",
        "# Summary\n\n[Introduction](introduction.md)\n\n- [Sums (和)](ch01-sums/index.md)\n\
         - [Later (not written yet)]()\n",
    );
    write(
        root,
        "book/src/introduction.md",
        "# Introduction\n\nHello.\n",
    );
    write(
        root,
        "chapters/ch01-sums/src/lib.rs",
        "//! Sums.\n// ANCHOR: add\npub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n// ANCHOR_END: add\n",
    );
    write(
        root,
        "chapters/ch01-sums/tests/katas/sums.rs",
        "//! The proof.\n",
    );
    write(root, "book/src/img/loop.svg", &drawing(400, 11));
    write(root, "book/src/ch01-sums/index.md", &page(""));
}

/// An SVG `width` units wide whose text is `font_size`.
fn drawing(width: u32, font_size: u32) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} 300\" \
         width=\"{width}\" height=\"300\" font-size=\"{font_size}\"><text>a</text></svg>\n"
    )
}

/// Chapter 1's page, with `extra` appended.
fn page(extra: &str) -> String {
    format!(
        "# Sums (和)\n\n![The loop](../img/loop.svg)\n\n\
         ```rust,ignore\n{{{{#include ../../../chapters/ch01-sums/src/lib.rs:add}}}}\n```\n\n\
         > **Where the notes are out of date.**\n> Node adds differently now.\n\
         > [The test](https://github.com/o/r/blob/main/chapters/ch01-sums/tests/katas/sums.rs) shows it.\n\n\
         ## Where the notes are out of date\n\nSee [the test](https://github.com/o/r/tree/main/chapters/ch01-sums/tests/katas/sums.rs).\n\n\
         ```rust\n# {}\nfn main() {{}}\n```\n{extra}",
        wide()
    )
}

/// Runs `book --check` on the book at `root`: (success, stdout).
fn check(root: &Path) -> (bool, String) {
    let out = output(xtask(root).args(["book", "--check"]));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// A fresh copy of the passing book, named `name`.
fn fresh(name: &str) -> std::path::PathBuf {
    let root = scratch(&format!("book-{name}"));
    book(&root);
    root
}

/// Asserts `book --check` fails at `root` and prints `expected`.
fn fails_with(root: &Path, expected: &str) {
    let (ok, stdout) = check(root);
    assert!(!ok, "book --check passed:\n{stdout}");
    assert!(
        stdout.contains(expected),
        "expected {expected:?} in:\n{stdout}"
    );
}

#[test]
fn a_sound_book_passes() {
    let root = fresh("sound");
    let (ok, stdout) = check(&root);
    assert!(ok, "{stdout}");
}

#[test]
fn a_wide_line_typed_in_a_code_block_fails() {
    let root = fresh("wide-typed");
    write(
        &root,
        "book/src/ch01-sums/index.md",
        &page(&format!("\n```text\n{}\n```\n", wide())),
    );
    fails_with(&root, "ch01-sums/index.md:23: a code line 87 columns wide");
}

#[test]
fn a_wide_line_in_a_pre_block_fails() {
    let root = fresh("wide-pre");
    write(
        &root,
        "book/src/ch01-sums/index.md",
        &page(&format!("\n<pre>\n{}\n</pre>\n", wide())),
    );
    fails_with(&root, "ch01-sums/index.md:23: a code line 87 columns wide");
}

#[test]
fn a_wide_line_an_include_pulls_in_fails_unless_listed() {
    let root = fresh("wide-included");
    let source = format!(
        "//! Sums.\n// ANCHOR: add\npub fn add(a: i32, b: i32) -> i32 {{\n    {}\n}}\n// ANCHOR_END: add\n",
        wide()
    );
    write(&root, "chapters/ch01-sums/src/lib.rs", &source);
    fails_with(
        &root,
        "ch01-sums/index.md:6: a code line 91 columns wide, wider than the 86 the column \
         shows at 1280 px (line 2 of what ../../../chapters/ch01-sums/src/lib.rs includes)",
    );
    // Listed as known debt, it passes.
    write(
        &root,
        "book/wide-lines.txt",
        &format!("# debt\nchapters/ch01-sums/src/lib.rs\t{}\n", wide()),
    );
    let (ok, stdout) = check(&root);
    assert!(ok, "{stdout}");
}

#[test]
fn a_stale_width_exception_fails() {
    let root = fresh("stale-exception");
    write(
        &root,
        "book/wide-lines.txt",
        "chapters/ch01-sums/src/lib.rs\tgone\n",
    );
    fails_with(
        &root,
        "book/wide-lines.txt: `chapters/ch01-sums/src/lib.rs` no longer shows the wide line `gone`",
    );
}

#[test]
fn a_summary_title_that_is_not_the_h1_fails() {
    let root = fresh("title");
    let page = page("").replacen("# Sums (和)", "# Adding (和)", 1);
    write(&root, "book/src/ch01-sums/index.md", &page);
    fails_with(
        &root,
        "SUMMARY.md:5: the title \"Sums (和)\" differs from the H1 of ch01-sums/index.md: \"Adding (和)\"",
    );
}

#[test]
fn a_missing_image_fails() {
    let root = fresh("image");
    std::fs::remove_file(root.join("book/src/img/loop.svg")).unwrap();
    fails_with(
        &root,
        "ch01-sums/index.md:3: the image ../img/loop.svg does not exist",
    );
}

#[test]
fn a_link_that_leaves_the_book_fails() {
    let root = fresh("leaves");
    let page = page("\nSee [the kata](../../../chapters/ch01-sums/src/lib.rs).\n");
    write(&root, "book/src/ch01-sums/index.md", &page);
    fails_with(
        &root,
        "ch01-sums/index.md:22: the link ../../../chapters/ch01-sums/src/lib.rs leaves the book",
    );
}

#[test]
fn a_drawing_too_small_for_a_phone_fails() {
    let root = fresh("drawing");
    write(&root, "book/src/img/loop.svg", &drawing(640, 13));
    fails_with(
        &root,
        "ch01-sums/index.md:3: ../img/loop.svg: its 13 px text in a drawing 640 units wide \
         shows at 7.3 px on a 412 px phone",
    );
}

#[test]
fn an_include_of_a_missing_file_or_anchor_fails() {
    let root = fresh("include");
    let page = page(
        "\n```rust,ignore\n{{#include ../../../chapters/ch01-sums/src/lib.rs:sub}}\n```\n",
    );
    write(&root, "book/src/ch01-sums/index.md", &page);
    fails_with(
        &root,
        "ch01-sums/index.md:23: ../../../chapters/ch01-sums/src/lib.rs has no `ANCHOR: sub`",
    );
    let page = page.replace("src/lib.rs:sub", "src/gone.rs");
    write(&root, "book/src/ch01-sums/index.md", &page);
    fails_with(
        &root,
        "ch01-sums/index.md:23: ../../../chapters/ch01-sums/src/gone.rs does not exist",
    );
}

#[test]
fn a_callout_without_evidence_fails() {
    let root = fresh("callout-bare");
    let page = page("\n> **Where the notes are out of date.**\n> Trust me.\n");
    write(&root, "book/src/ch01-sums/index.md", &page);
    fails_with(
        &root,
        "ch01-sums/index.md:22: a \"Where the notes are out of date\" callout without evidence",
    );
}

#[test]
fn a_callout_citing_a_non_test_or_missing_file_fails() {
    let root = fresh("callout-wrong");
    for target in [
        "https://github.com/o/r/blob/main/chapters/ch01-sums/src/lib.rs",
        "https://github.com/o/r/blob/main/chapters/ch01-sums/tests/katas/gone.rs",
        "https://nodejs.org/api/timers.html",
    ] {
        let page = page(&format!(
            "\n## Where the notes are out of date\n\nSee [this]({target}).\n"
        ));
        write(&root, "book/src/ch01-sums/index.md", &page);
        fails_with(
            &root,
            "ch01-sums/index.md:22: a \"Where the notes are out of date\" callout without evidence",
        );
    }
}
