//! Test support shared by every chapter's katas, kept deliberately tiny.
//!
//! - [`bounded`] runs a test body with a deadline, so a learner's infinite loop
//!   becomes a failed kata ("timed out") instead of a stuck `cargo test`.
//! - [`snapshot_settings`] points insta at the one shared `snapshots/<chapter>/`
//!   folder used by both the learner crate and the solution crate.
//! - [`oracle`] finds and runs real Node binaries (10, 20, 22) for oracle tests.
//! - [`bench`] helps the bench binaries (medians, load, a Node script side by side).
//! - [`workspace_root`] and [`chapter_file`] locate files the same way from
//!   `chapters/…` and `solutions/…`, which compile the same test sources.
//! - [`cases!`] turns one test function into a named test per case.

pub mod bench;
pub mod oracle;

/// One test per case of a parameterised test function.
///
/// ```
/// use kata_support::cases;
///
/// fn clamps_the_delay(delay: u64, msecs: u64) {
///     assert_eq!(delay.max(1), msecs);
/// }
/// cases!(clamps_the_delay {
///     zero_means_one: (0, 1),
///     ten_stays_ten: (10, 10),
/// });
/// # fn main() {}
/// ```
///
/// makes the tests `clamps_the_delay::zero_means_one` and
/// `clamps_the_delay::ten_stays_ten`, each calling the function with its
/// values. A test's path still starts with its kata's module, which is how
/// `cargo xtask check` files it under a kata.
///
/// It does what rstest's `#[case]` did here, as a declarative macro: a
/// learner's first `check` no longer compiles a proc-macro crate with its own
/// copies of syn and regex (8 s of a cold build on two cores), and a save does
/// not run a proc macro. The function stays a plain `fn`, so rustfmt formats
/// it; the case list is a struct-literal-shaped invocation, formatted too.
#[macro_export]
macro_rules! cases {
    ($test:ident { $($case:ident: ($($value:expr),* $(,)?)),+ $(,)? }) => {
        mod $test {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[test]
                fn $case() {
                    super::$test($($value),*)
                }
            )+
        }
    };
}

use std::any::Any;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// How long one kata test may run before it is reported as timed out.
///
/// nextest enforces its own bound (`.config/nextest.toml`); this one protects
/// plain `cargo test`, which has no per-test timeout of its own.
/// `KATA_TIMEOUT_MS` overrides it (see [`kata_timeout`]).
pub const KATA_TIMEOUT: Duration = Duration::from_secs(20);

/// The message a timed-out test panics with; `cargo xtask check` looks for it.
pub const TIMEOUT_MARKER: &str = "kata timed out after";

/// What a test process writes to stderr, before it exits with
/// [`HANG_EXIT_CODE`], when a test hangs and `KATA_STOP_ON_HANG=1`:
/// `kata-support: hung: <test path> after <N> ms`.
pub const HANG_MARKER: &str = "kata-support: hung:";

/// The exit status of a test process stopped by a hang (as timeout(1) uses).
pub const HANG_EXIT_CODE: i32 = 124;

/// The deadline [`bounded`] uses: `KATA_TIMEOUT_MS` when set, else [`KATA_TIMEOUT`].
///
/// `cargo xtask check` sets a short one: a learner's kata tests answer in
/// milliseconds, and an endless loop should cost seconds, not minutes.
pub fn kata_timeout() -> Duration {
    std::env::var("KATA_TIMEOUT_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(KATA_TIMEOUT, Duration::from_millis)
}

/// The longest deadline any test gets: `KATA_TIMEOUT_MAX_MS` when set.
///
/// Socket and process tests ask [`bounded_for`] for long deadlines (15 s,
/// 40 s) so that a busy CI machine never fails them. A learner's `check`
/// caps them: an endless loop in a kata that such tests call must cost
/// seconds there too, and on an idle machine those tests take about a
/// second.
pub fn deadline_cap() -> Option<Duration> {
    std::env::var("KATA_TIMEOUT_MAX_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map(Duration::from_millis)
}

/// How many generated cases a property test should try: `full` (what
/// `verify` and a plain `cargo test` run), or fewer when `KATA_PROPERTY_CASES`
/// says so. A learner's `check` sets it: a save must answer in well under a
/// second, and the first few dozen cases already catch most wrong katas.
pub fn property_cases(full: u64) -> u64 {
    std::env::var("KATA_PROPERTY_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .map_or(full, |n: u64| n.min(full))
}

/// Runs `body` on its own thread and waits at most [`kata_timeout`] for it.
///
/// A panic in `body` (a failed assertion, a `todo!()`) is re-raised on the
/// calling thread unchanged, so the test reports the learner's own message.
/// On timeout the body's thread is left behind (Rust cannot kill a thread);
/// the test process ends soon after, so nothing leaks past the run.
#[track_caller]
pub fn bounded<T: Send + 'static>(body: impl FnOnce() -> T + Send + 'static) -> T {
    bounded_for(kata_timeout(), body)
}

/// [`bounded`] with an explicit deadline (at most [`deadline_cap`]).
///
/// Under `KATA_ORACLE=live` or `record` (maintainers' runs that start real
/// Node, often hundreds of times per test) the deadline is ten times longer.
#[track_caller]
pub fn bounded_for<T: Send + 'static>(
    limit: Duration,
    body: impl FnOnce() -> T + Send + 'static,
) -> T {
    // Every test calls this, each with its own closure type: anything generic
    // here is compiled once per test, in the chapter's test crate, on every
    // save. So the shell only boxes the body and unboxes its value; the
    // thread, channel and deadline live in `run_bounded`, compiled once.
    let value = run_bounded(
        limit,
        Box::new(move || Box::new(body()) as Box<dyn Any + Send>),
    );
    *value
        .downcast::<T>()
        .unwrap_or_else(|_| unreachable!("run_bounded returns its body's own value"))
}

#[track_caller]
fn run_bounded(
    limit: Duration,
    body: Box<dyn FnOnce() -> Box<dyn Any + Send> + Send>,
) -> Box<dyn Any + Send> {
    let limit = match oracle::Mode::from_env() {
        oracle::Mode::Recorded => limit,
        oracle::Mode::Live | oracle::Mode::Record => limit * 10,
    };
    let limit = deadline_cap().map_or(limit, |cap| limit.min(cap));
    let (done, result) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .name(current_test_name())
        .spawn(move || {
            let outcome =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(body));
            // The receiver is gone only if we already timed out; nothing to tell then.
            let _ = done.send(outcome);
        })
        .expect("spawning a test thread");
    match result.recv_timeout(limit) {
        Ok(Ok(value)) => {
            let _ = worker.join();
            value
        }
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => {
            if std::env::var("KATA_STOP_ON_HANG").is_ok_and(|v| v == "1") {
                stop_the_run(limit);
            }
            panic!(
                "{TIMEOUT_MARKER} {:.1}s (an endless loop, or a queue that never drains?)",
                limit.as_secs_f64()
            )
        }
    }
}

/// Ends the test process after saying which test hung.
///
/// A hung thread spins on, and every later test that calls the same kata
/// would wait out its own deadline: one endless loop would cost minutes. So
/// the first hang stops the whole run; `cargo xtask check` reads the marker,
/// reports the kata as timed out and re-runs only what the hang did not reach.
fn stop_the_run(limit: Duration) -> ! {
    use std::io::Write as _;
    // Straight to the process's stderr: libtest captures `eprintln!`, and a
    // captured message would die with the process.
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(
        stderr,
        "{HANG_MARKER} {} after {} ms",
        current_test_name(),
        limit.as_millis()
    );
    let _ = stderr.flush();
    std::process::exit(HANG_EXIT_CODE)
}

/// The current thread's name, which libtest sets to the test's path.
fn current_test_name() -> String {
    std::thread::current().name().unwrap_or("kata").to_owned()
}

/// The workspace root (the folder holding `curriculum.toml`).
pub fn workspace_root() -> PathBuf {
    // This crate lives at `crates/kata-support`.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("kata-support sits two levels below the workspace root")
        .to_path_buf()
}

/// A file of a chapter's learner crate, e.g. `chapter_file("ch02-async-io", "tests/scenarios")`.
///
/// Tests use this instead of `CARGO_MANIFEST_DIR`, because the same test source
/// is compiled by `chapters/<chapter>` and by `solutions/<chapter>`.
pub fn chapter_file(chapter: &str, relative: &str) -> PathBuf {
    workspace_root()
        .join("chapters")
        .join(chapter)
        .join(relative)
}

/// insta settings for a chapter: snapshots live in `snapshots/<chapter>/`,
/// shared by the learner run and the solution run.
///
/// Callers add a suffix per case (`settings.set_snapshot_suffix(..)`)
/// so every snapshot file has a stable, unique name.
#[cfg(feature = "snapshots")]
pub fn snapshot_settings(chapter: &str) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(workspace_root().join("snapshots").join(chapter));
    settings.set_prepend_module_to_snapshot(true);
    // The expression is test code, identical for both crates; leaving it out
    // keeps the files about the output, which is the lesson.
    settings.set_omit_expression(true);
    settings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_returns_the_value() {
        assert_eq!(bounded(|| 6 * 7), 42);
    }

    #[test]
    fn bounded_reraises_the_panic_message() {
        let caught =
            std::panic::catch_unwind(|| bounded(|| panic!("learner's message")));
        let payload = caught.expect_err("the panic must come through");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"learner's message"));
    }

    #[test]
    fn bounded_reports_a_timeout() {
        let caught = std::panic::catch_unwind(|| {
            bounded_for(Duration::from_millis(50), || {
                std::thread::sleep(Duration::from_secs(5))
            })
        });
        let payload = caught.expect_err("a hang must become a panic");
        let message = payload
            .downcast_ref::<String>()
            .expect("a formatted message");
        assert!(message.starts_with(TIMEOUT_MARKER), "{message}");
    }

    #[test]
    fn property_cases_never_exceed_the_full_count() {
        // The variable is unset in this test process unless a caller set it.
        if std::env::var_os("KATA_PROPERTY_CASES").is_none() {
            assert_eq!(property_cases(200), 200);
        }
        assert!(property_cases(3) <= 3);
    }

    #[test]
    fn workspace_root_holds_the_curriculum() {
        assert!(workspace_root().join("curriculum.toml").is_file());
    }
}
