//! `cargo xtask bench-check CHAPTER [KATA] [--edits N] [--watch | --hang |
//! --alternate | --session K]`: how long a learner waits between saving a
//! file and reading the verdict.
//!
//! Each round edits the file of the kata a learner is on the way typing does
//! (one more line of code at the top of its body, above the `todo!()`, so the
//! kata counts as begun and rustc has code to generate again), then runs
//! `cargo xtask check` exactly as a learner types it, and times the whole
//! command. With `--watch`, one `cargo xtask watch CHAPTER [KATA]` session
//! runs instead, and each round is timed from the write to the line that ends
//! the next verdict's screen. With `--solved N` (or `P%`), the chapter's first
//! N katas in book order hold their solutions and the rest their stubs: a
//! learner part-way through, saving the file of the kata they are on. With
//! `--hang KATA`, every kata of the chapter but KATA holds its solution, and
//! KATA its stub with `loop {}` for a body: each save is timed to the whole
//! chapter's verdict, which must name KATA. With `--alternate`, the saves take
//! turns between `check CHAPTER` and `check CHAPTER KATA`, as a learner who
//! runs both does, and each command gets its own figures. With `--session K`,
//! a learner writes the next K katas in book order: `--edits` typed lines into
//! each, then its solution, a whole-chapter `check` after every save; the
//! figures are each kata's first save (the one that begins it), the median of
//! the others, and the total. The files are restored afterwards, whatever
//! happens. It prints every round and the minimum, median and maximum;
//! CONTRIBUTING.md keeps the figures. `bench-check all` times every written
//! chapter at each quarter solved, whole and one kata at a time, and prints
//! the two tables CONTRIBUTING.md shows.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::cargo::kill_group;
use crate::chapters::{Chapter, Workspace};
use crate::files::files_with_extension;
use crate::katas::{Kata, Katas};
use crate::{reset, stubs};

/// Options of `bench-check`.
#[derive(Debug, clap::Args)]
pub struct BenchCheckArgs {
    /// The chapter: `chapter-2`, `2`, `ch02` or `async-io`; `all` for the
    /// tables of every written chapter (whole at each quarter solved, and a
    /// kata on its own at four points)
    pub chapter: String,
    /// Time `check CHAPTER KATA` instead of the whole chapter.
    pub kata: Option<String>,
    /// How many edits to time (after one warm-up).
    #[arg(long, default_value_t = 10)]
    pub edits: usize,
    /// Time saves under `watch CHAPTER [KATA]` instead of a `check` per save.
    #[arg(long)]
    pub watch: bool,
    /// Time a `loop {}` in KATA's stub, the other katas solved, whole-chapter checks
    #[arg(long, requires = "kata", conflicts_with = "watch")]
    pub hang: bool,
    /// Alternate `check CHAPTER` and `check CHAPTER KATA`, a save before each
    #[arg(long, requires = "kata", conflicts_with_all = ["watch", "hang"])]
    pub alternate: bool,
    /// Write the next K katas in book order (`--edits` lines into each, then
    /// its solution), a whole-chapter `check` after each save
    #[arg(
        long,
        value_name = "K",
        conflicts_with_all = ["kata", "watch", "hang", "alternate"]
    )]
    pub session: Option<usize>,
    /// Solve the first N katas in book order first (`N`, or `P%` of them,
    /// rounded down); the rest keep their stubs
    #[arg(long, value_name = "N|P%", conflicts_with = "hang")]
    pub solved: Option<String>,
}

/// The longest a verdict may take before the benchmark gives up.
const PATIENCE: Duration = Duration::from_secs(120);

/// Puts a file back as it was when dropped, even after an error or a panic.
struct Restore {
    /// The edited file.
    path: PathBuf,
    /// Its text before the first edit.
    text: String,
}

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = std::fs::write(&self.path, &self.text);
    }
}

/// What a benchmark times after each save.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// `cargo xtask check`, timed whole.
    Check,
    /// One `cargo xtask watch` session, each save to its verdict.
    Watch,
    /// `check` of the whole chapter with the kata's body a `loop {}`.
    Hang,
    /// `check CHAPTER` and `check CHAPTER KATA` in turn.
    Alternate,
}

/// Runs `bench-check`.
pub fn run(args: &BenchCheckArgs) -> Result<ExitCode> {
    let workspace = Workspace::load()?;
    if args.chapter == "all" {
        anyhow::ensure!(
            args.kata.is_none()
                && args.solved.is_none()
                && !args.watch
                && !args.hang
                && !args.alternate
                && args.session.is_none(),
            "`bench-check all` times whole chapters and katas at set points: \
             give only --edits"
        );
        return tables(&workspace, args.edits);
    }
    let (chapter, katas) = workspace.resolve_written(&args.chapter)?;
    let kata = args.kata.as_deref().map(|k| katas.find(k)).transpose()?;
    let solved = match &args.solved {
        Some(count) => solved_count(count, katas.list.len())?,
        None => 0,
    };
    if let Some(count) = args.session {
        return session(&workspace, chapter, &katas, solved, count, args.edits);
    }
    let mode = match (args.watch, args.hang, args.alternate) {
        (true, _, _) => Mode::Watch,
        (_, true, _) => Mode::Hang,
        (_, _, true) => Mode::Alternate,
        _ => Mode::Check,
    };
    let times =
        time_saves(&workspace, chapter, &katas, kata, solved, mode, args.edits)?;
    let solved_note = if solved > 0 {
        format!(" ({solved} of {} katas solved)", katas.list.len())
    } else {
        String::new()
    };
    let command = match mode {
        Mode::Watch => "watch",
        Mode::Hang => "check with a loop in",
        Mode::Check => "check",
        Mode::Alternate => "check, alternating,",
    };
    // With `--alternate`, the even rounds ran the chapter, the odd ones the kata.
    let runs: Vec<(Option<&Kata>, Vec<Duration>)> = if mode == Mode::Alternate {
        let every_other = |first: usize| -> Vec<Duration> {
            times.iter().skip(first).step_by(2).copied().collect()
        };
        vec![(None, every_other(0)), (kata, every_other(1))]
    } else {
        vec![(kata, times)]
    };
    for (kata, times) in runs {
        let Some(stats) = Stats::of(times) else {
            println!("no edits timed");
            continue;
        };
        let what = kata.map_or_else(
            || chapter.cli_name(),
            |k| format!("{} {}", chapter.cli_name(), k.name),
        );
        println!(
            "{command} {what}{solved_note}, save → verdict over {} edits: \
             min {:.2} s, median {:.2} s, max {:.2} s",
            stats.edits,
            stats.min.as_secs_f64(),
            stats.median.as_secs_f64(),
            stats.max.as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Files put back in the reverse order they were written, whatever happens:
/// each layer holds the texts from before it, so the first layer goes last.
struct Layers(Vec<Vec<Restore>>);

impl Drop for Layers {
    fn drop(&mut self) {
        while let Some(layer) = self.0.pop() {
            drop(layer);
        }
    }
}

/// `bench-check CHAPTER --session K`: from `solved` katas solved, the next
/// `count` in book order, each begun by typing `edits` lines and ended by its
/// solution, with a whole-chapter `check` timed after every save.
fn session(
    workspace: &Workspace,
    chapter: &Chapter,
    katas: &Katas,
    solved: usize,
    count: usize,
    edits: usize,
) -> Result<ExitCode> {
    let names: Vec<&str> = katas.list.iter().map(|k| k.name.as_str()).collect();
    anyhow::ensure!(
        solved + count <= names.len(),
        "{} has {} katas: {solved} solved leaves {} to write, not {count}",
        chapter.cli_name(),
        names.len(),
        names.len() - solved.min(names.len())
    );
    anyhow::ensure!(edits > 0, "--session needs at least one typed line a kata");
    let root = &workspace.root;
    let solve_up_to = |upto: usize| {
        tree(
            root,
            chapter,
            &names,
            &|name| names[..upto].contains(&name),
            None,
        )
    };
    let mut layers = Layers(vec![solve_up_to(solved)?]);
    let src = stubs::learner_src(root, chapter);
    let sources = files_with_extension(&src, "rs")?;
    let (mut firsts, mut others, mut total) =
        (Vec::new(), Vec::new(), Duration::ZERO);
    // A first run warms the build up, as round 0 does in every other mode.
    let time_check = || timed_check(root, chapter, None).map(|(took, _)| took);
    time_check()?;
    for kata in &katas.list[solved..solved + count] {
        let module = kata.module();
        let path = sources
            .iter()
            .find(|p| p.file_stem().is_some_and(|s| s.to_string_lossy() == module))
            .with_context(|| format!("no {module}.rs in {}", src.display()))?;
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading {}", path.display()))?;
        let spot = Spot::in_text(&text, &kata.name).with_context(|| {
            format!("no body of {} in {}", kata.name, path.display())
        })?;
        for round in 0..edits {
            save(path, spot, round)?;
            let took = time_check()?;
            eprintln!(
                "{} line {}: {:.2} s",
                kata.name,
                round + 1,
                took.as_secs_f64()
            );
            total += took;
            if round == 0 {
                firsts.push(took)
            } else {
                others.push(took)
            }
        }
        // Its solution pasted in: the next kata is the one at work.
        layers.0.push(solve_up_to(solved + firsts.len())?);
        let took = time_check()?;
        eprintln!("{} solved: {:.2} s", kata.name, took.as_secs_f64());
        total += took;
        others.push(took);
    }
    drop(layers);
    let seconds = |times: &[Duration]| -> String {
        let list: Vec<String> = times
            .iter()
            .map(|t| format!("{:.2}", t.as_secs_f64()))
            .collect();
        list.join(" ")
    };
    println!(
        "session in {}, katas {}–{} of {} ({edits} typed lines and the solution each): \
         first saves {} s; the other {} saves' median {:.2} s; total {:.1} s over {} saves",
        chapter.cli_name(),
        solved + 1,
        solved + count,
        names.len(),
        seconds(&firsts),
        others.len(),
        median(&others).as_secs_f64(),
        total.as_secs_f64(),
        firsts.len() + others.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// Times `edits` saves of the file a learner with the first `solved` katas
/// of `chapter` written would be editing (or `kata`'s own), in `mode`.
fn time_saves(
    workspace: &Workspace,
    chapter: &Chapter,
    katas: &Katas,
    kata: Option<&Kata>,
    solved: usize,
    mode: Mode,
    edits: usize,
) -> Result<Vec<Duration>> {
    let names: Vec<&str> = katas.list.iter().map(|k| k.name.as_str()).collect();
    // The kata a learner is at work on, whose body each save types into: the
    // one asked for (or that hangs), else the first unsolved, else the last.
    // An edit in its file rebuilds the crate that holds the tests.
    let at_work = kata
        .or_else(|| katas.list.get(solved))
        .or(katas.list.last())
        .context("the chapter has no kata")?;
    let module = at_work.module();
    let src = stubs::learner_src(&workspace.root, chapter);
    let path = files_with_extension(&src, "rs")?
        .into_iter()
        .find(|p| p.file_stem().is_some_and(|s| s.to_string_lossy() == module))
        .with_context(|| format!("no {module}.rs in {}", src.display()))?;
    // Dropped last: every file the tree overwrote gets its text back.
    let _tree = match kata {
        Some(kata) if mode == Mode::Hang => tree(
            &workspace.root,
            chapter,
            &names,
            &|name| name != kata.name,
            Some(&kata.name),
        )?,
        _ if solved > 0 => tree(
            &workspace.root,
            chapter,
            &names,
            &|name| names[..solved].contains(&name),
            None,
        )?,
        _ => Vec::new(),
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("reading {}", path.display()))?;
    let restore = Restore {
        path: path.clone(),
        text: text.clone(),
    };
    let spot = Spot::in_text(&text, &at_work.name).with_context(|| {
        format!(
            "no body of {} between its anchors in {}",
            at_work.name,
            path.display()
        )
    })?;
    let times = if mode == Mode::Watch {
        let only = kata.map(|k| k.name.as_str());
        watch_rounds(&workspace.root, chapter, only, &path, spot, edits)?
    } else {
        // A hang is timed to the whole chapter's verdict, as a learner sees it.
        let only = kata.filter(|_| mode != Mode::Hang).map(|k| k.name.as_str());
        let runs: Vec<Option<&str>> = if mode == Mode::Alternate {
            vec![None, only]
        } else {
            vec![only]
        };
        let (times, shown, tally) =
            check_rounds(&workspace.root, chapter, &runs, &path, spot, edits)?;
        // A state that is not what it claims would time something else.
        if solved > 0 && only.is_none() {
            let expected = format!("{solved} of {} katas", names.len());
            anyhow::ensure!(
                tally.as_deref() == Some(expected.as_str()),
                "with {solved} katas solved the verdict should be `{expected}`, not {}",
                tally.map_or("missing".to_owned(), |t| format!("`{t}`"))
            );
        }
        if let Some(kata) = kata.filter(|_| mode == Mode::Hang) {
            println!(
                "the verdict shows: {}",
                shown.as_deref().unwrap_or("no failure")
            );
            anyhow::ensure!(
                shown.is_some_and(|s| s.starts_with(&format!("{}::", kata.name))),
                "the verdict does not show {}, whose body loops",
                kata.name
            );
        }
        times
    };
    drop(restore);
    Ok(times)
}

/// The minimum, median and maximum of a cell's edits.
struct Stats {
    edits: usize,
    min: Duration,
    median: Duration,
    max: Duration,
}

impl Stats {
    /// `None` when no edit was timed.
    fn of(mut times: Vec<Duration>) -> Option<Stats> {
        times.sort();
        let (min, max) = (*times.first()?, *times.last()?);
        Some(Stats {
            edits: times.len(),
            min,
            median: median(&times),
            max,
        })
    }

    /// A table cell: `0.45 (0.43–0.50)`, in seconds.
    fn cell(&self) -> String {
        format!(
            "{:.2} ({:.2}–{:.2})",
            self.median.as_secs_f64(),
            self.min.as_secs_f64(),
            self.max.as_secs_f64()
        )
    }
}

/// How much of a chapter the whole-chapter table has solved, in per cent.
const QUARTERS: [usize; 5] = [0, 25, 50, 75, 100];

/// `bench-check all`: for every written chapter, the whole chapter's `check`
/// at each of [`QUARTERS`] solved, and `check CHAPTER KATA` of the kata a
/// learner is on with none, half, three quarters and all but the last solved.
/// Each cell is printed to stderr as it is timed, the tables at the end.
fn tables(workspace: &Workspace, edits: usize) -> Result<ExitCode> {
    let (mut whole, mut alone) = (Vec::new(), Vec::new());
    for chapter in workspace.written() {
        let (chapter, katas) = workspace.resolve_written(&chapter.cli_name())?;
        let count = katas.list.len();
        if count == 0 {
            continue;
        }
        // One cell: `check` (of `kata` alone, if given) with `solved` katas solved.
        let cell = |kata: Option<&Kata>, solved: usize| -> Result<String> {
            let times = time_saves(
                workspace,
                chapter,
                &katas,
                kata,
                solved,
                Mode::Check,
                edits,
            )?;
            let cell = Stats::of(times).map_or_else(String::new, |s| s.cell());
            let what = kata.map_or("the chapter", |k| k.name.as_str());
            eprintln!("{} {what}, {solved} solved: {cell}", chapter.cli_name());
            Ok(cell)
        };
        let mut row = vec![chapter.number.to_string()];
        for percent in QUARTERS {
            row.push(cell(None, count * percent / 100)?);
        }
        whole.push(row);
        let mut row = vec![chapter.number.to_string()];
        for solved in [0, count / 2, (count * 3 / 4).min(count - 1), count - 1] {
            let kata = &katas.list[solved];
            row.push(format!("`{}` {}", kata.name, cell(Some(kata), solved)?));
        }
        alone.push(row);
    }
    println!(
        "`check chapter-N`, save → verdict over {edits} edits, median (min–max), in seconds:"
    );
    println!();
    print_table(
        &["N", "stubs", "25 % solved", "50 %", "75 %", "100 %"],
        &whole,
    );
    println!();
    println!("`check chapter-N KATA`, the kata a learner is on, {edits} edits:");
    println!();
    print_table(
        &["N", "stubs", "half solved", "¾ solved", "all but the last"],
        &alone,
    );
    Ok(ExitCode::SUCCESS)
}

/// A Markdown table.
fn print_table(header: &[&str], rows: &[Vec<String>]) {
    println!("| {} |", header.join(" | "));
    println!("|{}", " --- |".repeat(header.len()));
    for row in rows {
        println!("| {} |", row.join(" | "));
    }
}

/// Where in a learner's file each save types: above the first line of the
/// body of the kata at work.
///
/// Each save adds one line of code there, as typing does. The function's code
/// changes, and everything below it in the file moves down a line, so rustc
/// generates code again for what changed and for every function below that
/// can panic (a panic's location names its line). A comment changed in place,
/// which these saves once were, costs rustc almost nothing and timed the best
/// case: chapter 2 three quarters solved, 0.65 s against 1.23 s for a line of
/// code (CONTRIBUTING.md, "Speed").
#[derive(Clone, Copy)]
struct Spot<'a> {
    /// The text before the line.
    before: &'a str,
    /// The indentation of the line after it, which each new line takes.
    indent: &'a str,
    /// The text after it.
    after: &'a str,
}

impl<'a> Spot<'a> {
    /// In `kata`'s region of `text`: above its stub's `todo!()` (a learner at
    /// work on a kata has begun it, so `check` compiles and runs all its
    /// tests, which it does not for a kata still untouched), above the
    /// `loop {}` of a kata that hangs, or else at the top of its solution.
    fn in_text(text: &'a str, kata: &str) -> Option<Spot<'a>> {
        let item = kata.rsplit("::").next()?;
        let begin = text.find(&format!("// ANCHOR: {item}\n"))?;
        let end = begin + text[begin..].find(&format!("// ANCHOR_END: {item}\n"))?;
        let region = &text[begin..end];
        let line = [todo_of(kata), "loop {}".to_owned()]
            .iter()
            .find_map(|body| region.find(body.as_str()))
            .map(|at| region[..at].rfind('\n').map_or(0, |i| i + 1))
            .or_else(|| {
                let marker = "// ANCHOR: solution\n";
                region.find(marker).map(|at| at + marker.len())
            })?;
        let start = begin + line;
        let after = &text[start..];
        let body = after.trim_start_matches([' ', '\t']);
        Some(Spot {
            before: &text[..start],
            indent: &after[..after.len() - body.len()],
            after,
        })
    }

    /// The file's text at round `round`: `round + 1` lines of code, one more
    /// than the round before, so cargo and rustc have a change to build.
    fn edited(&self, round: usize) -> String {
        let Spot {
            before,
            indent,
            after,
        } = self;
        let typed: String = (0..=round)
            .map(|line| format!("{indent}std::hint::black_box({line});\n"))
            .collect();
        format!("{before}{typed}{after}")
    }
}

/// Writes round `round`'s edit.
fn save(path: &Path, spot: Spot<'_>, round: usize) -> Result<()> {
    std::fs::write(path, spot.edited(round))
        .with_context(|| format!("writing {}", path.display()))
}

/// Prints a counted round's time and keeps it; round 0 warms the build up.
fn keep(times: &mut Vec<Duration>, round: usize, took: Duration) {
    if round > 0 {
        eprintln!("edit {round:>2}: {:.2} s", took.as_secs_f64());
        times.push(took);
    }
}

/// `cargo xtask check CHAPTER [KATA]` after each save, timed whole, for
/// each of `runs` in turn (`None` the chapter, else the kata): `edits` rounds
/// of them. With the test the last verdict shows (its `── ` line), if any,
/// and its tally (`3 of 27 katas`).
fn check_rounds(
    root: &Path,
    chapter: &Chapter,
    runs: &[Option<&str>],
    path: &Path,
    spot: Spot<'_>,
    edits: usize,
) -> Result<(Vec<Duration>, Option<String>, Option<String>)> {
    let mut times = Vec::new();
    let (mut shown, mut tally) = (None, None);
    let saves =
        (0..=edits).flat_map(|round| runs.iter().map(move |kata| (round, kata)));
    for (index, (round, kata)) in saves.enumerate() {
        // Each save types one more line, so every run has something to build.
        save(path, spot, index)?;
        let (took, stdout) = timed_check(root, chapter, *kata)?;
        keep(&mut times, round, took);
        shown = stdout
            .lines()
            .find_map(|line| line.strip_prefix("── "))
            .map(str::to_owned);
        tally = stdout
            .lines()
            .find(|line| line.ends_with(" katas"))
            .map(str::to_owned);
    }
    Ok((times, shown, tally))
}

/// One `cargo xtask check CHAPTER [KATA]` as a learner types it, timed
/// whole; with what it printed.
fn timed_check(
    root: &Path,
    chapter: &Chapter,
    kata: Option<&str>,
) -> Result<(Duration, String)> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(&cargo);
    command
        .current_dir(root)
        .args(["xtask", "check", &chapter.cli_name()])
        .args(kata)
        .stderr(Stdio::null());
    let started = Instant::now();
    let output = command.output().context("running cargo xtask check")?;
    let took = started.elapsed();
    Ok((took, String::from_utf8_lossy(&output.stdout).into_owned()))
}

/// `--solved`'s value as a count of katas: `N`, or `P%` of `total` rounded
/// down.
fn solved_count(value: &str, total: usize) -> Result<usize> {
    let count = match value.strip_suffix('%') {
        Some(percent) => {
            let percent: usize = percent
                .parse()
                .ok()
                .filter(|p| *p <= 100)
                .with_context(|| format!("--solved {value}: not a percentage"))?;
            total * percent / 100
        }
        None => value
            .parse()
            .with_context(|| format!("--solved {value}: not a count of katas"))?,
    };
    anyhow::ensure!(
        count <= total,
        "--solved {value}: the chapter has {total} katas"
    );
    Ok(count)
}

/// Writes the chapter's learner files as a learner part-way through it:
/// the katas `solved` says yes to hold their solutions, the others their
/// stubs, and `looping` its stub with `loop {}` for a body. A file with no
/// solved or looping kata is its generated stub. `names` are the chapter's
/// katas. Returns what puts each file back.
fn tree(
    root: &Path,
    chapter: &Chapter,
    names: &[&str],
    solved: &dyn Fn(&str) -> bool,
    looping: Option<&str>,
) -> Result<Vec<Restore>> {
    let stubs = stubs::generate(root, chapter)?;
    if let Some(kata) = looping {
        anyhow::ensure!(
            stubs.values().any(|text| text.contains(&todo_of(kata))),
            "no stub holds `{}`",
            todo_of(kata)
        );
    }
    let solutions = stubs::solution_src(root, chapter);
    let learner = stubs::learner_src(root, chapter);
    let mut restores = Vec::new();
    for path in files_with_extension(&solutions, "rs")? {
        let relative = path.strip_prefix(&solutions)?;
        let target = learner.join(relative);
        let (Ok(text), Some(stub)) =
            (std::fs::read_to_string(&target), stubs.get(relative))
        else {
            continue;
        };
        let here: Vec<&str> = names
            .iter()
            .copied()
            .filter(|kata| stub.contains(&todo_of(kata)))
            .collect();
        let mut written = stub.clone();
        if here
            .iter()
            .any(|&kata| solved(kata) || looping == Some(kata))
        {
            written = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            for &kata in here.iter().filter(|&&kata| !solved(kata)) {
                written = with_stub(&written, stub, kata, looping == Some(kata))
                    .with_context(|| {
                        format!("{kata}'s anchors differ between stub and solution")
                    })?;
            }
        }
        restores.push(Restore {
            path: target.clone(),
            text,
        });
        std::fs::write(&target, written)
            .with_context(|| format!("writing {}", target.display()))?;
    }
    Ok(restores)
}

/// The `todo!()` that marks `kata`'s stub body.
fn todo_of(kata: &str) -> String {
    format!("todo!(\"kata {kata}\")")
}

/// `solution` with `kata`'s region taken from `stub`; with `looping`, its
/// `todo!()` a `loop {}`, which is what a learner's endless loop looks like.
fn with_stub(
    solution: &str,
    stub: &str,
    kata: &str,
    looping: bool,
) -> Option<String> {
    let region = reset::kata_region(stub, kata)?;
    let stub = if looping {
        stub.replace(&todo_of(kata), "loop {}")
    } else {
        stub.to_owned()
    };
    reset::splice(solution, &stub, &region)
}

/// A `watch` session, killed with its process group however the benchmark ends.
struct Session(Child);

impl Drop for Session {
    fn drop(&mut self) {
        kill_group(&mut self.0);
    }
}

/// One `cargo xtask watch CHAPTER [KATA]` session; each save timed from the
/// write to the footer (`watching …`) under the verdict it causes.
fn watch_rounds(
    root: &Path,
    chapter: &Chapter,
    only: Option<&str>,
    path: &Path,
    spot: Spot<'_>,
    edits: usize,
) -> Result<Vec<Duration>> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut child = Command::new(&cargo)
        .current_dir(root)
        .args(["xtask", "watch", &chapter.cli_name()])
        .args(only)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .context("starting cargo xtask watch")?;
    let stdout = child.stdout.take().context("watch's stdout")?;
    let session = Session(child);
    let (shown, footers) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.starts_with("watching ") && shown.send(Instant::now()).is_err() {
                break;
            }
        }
    });
    let next_footer = || {
        footers
            .recv_timeout(PATIENCE)
            .context("watch showed no verdict within two minutes")
    };
    // The run a session starts with, before any save.
    next_footer()?;
    let mut times = Vec::new();
    for round in 0..=edits {
        save(path, spot, round)?;
        let saved = Instant::now();
        keep(
            &mut times,
            round,
            next_footer()?.saturating_duration_since(saved),
        );
    }
    drop(session);
    Ok(times)
}

/// The median of sorted `times` (the mean of the middle two for an even count).
fn median(times: &[Duration]) -> Duration {
    let mid = times.len() / 2;
    if times.len() % 2 == 0 {
        (times[mid - 1] + times[mid]) / 2
    } else {
        times[mid]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hang_is_the_stub_looping_among_solutions() {
        let stub = "// ANCHOR: add\npub fn add(a: i32, b: i32) -> i32 {\n    \
                    todo!(\"kata sums::add\")\n}\n// ANCHOR_END: add\n\
                    // ANCHOR: mul\npub fn mul(a: i32, b: i32) -> i32 {\n    \
                    todo!(\"kata sums::mul\")\n}\n// ANCHOR_END: mul\n";
        let solution = stub
            .replace("todo!(\"kata sums::add\")", "a + b")
            .replace("todo!(\"kata sums::mul\")", "a * b");
        let tree = with_stub(&solution, stub, "sums::add", true).unwrap();
        assert!(tree.contains("-> i32 {\n    loop {}\n}"), "{tree}");
        assert!(tree.contains("a * b") && !tree.contains("a + b"), "{tree}");
        assert!(!tree.contains("todo!"), "{tree}");
        let part = with_stub(&solution, stub, "sums::add", false).unwrap();
        assert!(part.contains("todo!(\"kata sums::add\")"), "{part}");
        assert!(part.contains("a * b") && !part.contains("loop"), "{part}");
        assert_eq!(with_stub(&solution, stub, "sums::div", true), None);
    }

    #[test]
    fn solved_counts_and_percentages() {
        assert_eq!(solved_count("3", 20).unwrap(), 3);
        assert_eq!(solved_count("50%", 25).unwrap(), 12);
        assert_eq!(solved_count("100%", 25).unwrap(), 25);
        assert!(solved_count("21", 20).is_err());
        assert!(solved_count("150%", 20).is_err());
        assert!(solved_count("half", 20).is_err());
    }

    #[test]
    fn a_save_types_a_line_of_code_into_the_kata_at_work() {
        let stub = "// ANCHOR: add\npub fn add() -> i32 {\n    todo!(\"kata sums::add\")\n}\n\
                    // ANCHOR_END: add\n";
        let spot = Spot::in_text(stub, "sums::add").unwrap();
        // One more line each round: code changes and what follows moves down.
        assert_eq!(
            spot.edited(1),
            "// ANCHOR: add\npub fn add() -> i32 {\n    std::hint::black_box(0);\n    \
             std::hint::black_box(1);\n    todo!(\"kata sums::add\")\n}\n// ANCHOR_END: add\n"
        );
        let hang = stub.replace("todo!(\"kata sums::add\")", "loop {}");
        let spot = Spot::in_text(&hang, "sums::add").unwrap();
        assert!(spot.edited(0).contains("black_box(0);\n    loop {}"));
        let solved = "// ANCHOR: add\npub fn add() -> i32 {\n    // ANCHOR: solution\n    \
                      1 + 1\n    // ANCHOR_END: solution\n}\n// ANCHOR_END: add\n";
        let spot = Spot::in_text(solved, "sums::add").unwrap();
        assert!(
            spot.edited(0)
                .contains("solution\n    std::hint::black_box(0);\n    1 + 1")
        );
        // Another kata's region, or none: nowhere to type.
        assert!(Spot::in_text(stub, "sums::mul").is_none());
    }

    #[test]
    fn a_cell_is_the_median_then_the_range() {
        let ms = Duration::from_millis;
        let stats = Stats::of(vec![ms(500), ms(430), ms(451)]).unwrap();
        assert_eq!(
            (stats.edits, stats.cell()),
            (3, "0.45 (0.43–0.50)".to_owned())
        );
        assert!(Stats::of(Vec::new()).is_none());
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        let ms = Duration::from_millis;
        assert_eq!(median(&[ms(1), ms(2), ms(9)]), ms(2));
        assert_eq!(median(&[ms(1), ms(3), ms(5), ms(9)]), ms(4));
    }
}
