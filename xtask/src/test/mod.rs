//! `cargo xtask test [step]`: every step, one line each.

mod drop_in;
mod engines;
mod futures_path;
mod lint;
mod node;
mod threads;

use std::time::Instant;

use crate::process::Step;
use crate::report::{Counts, Report};
use crate::{demo, minimal, nightly};

/// A named step of `cargo xtask test`.
pub(crate) struct Named(&'static str, fn(&Report) -> Step);

/// Every step of `cargo xtask test`, in order.
pub(crate) const STEPS: &[Named] = &[
    Named("format", lint::format_check),
    Named("clippy (host)", lint::clippy_host),
    Named(
        "clippy pedantic on user crates (wasm32)",
        lint::clippy_user_crates,
    ),
    Named("docs", lint::docs),
    Named(
        "host tests: unit, snapshots, property, UI, doctests",
        lint::host_tests,
    ),
    Named(
        "Miri: the runtime's state machines and waker (nightly)",
        nightly::miri,
    ),
    Named("end-to-end tests in Node: imports", node::node_tests),
    Named("end-to-end tests in Node: exports", node::export_tests),
    Named(
        "panic = \"unwind\": an async export's panic rejects without poisoning",
        node::panic_unwind,
    ),
    Named(
        "Chromium: imports through wasm-bindgen-test-runner, both futures paths",
        engines::imports_in_chromium,
    ),
    Named(
        "Firefox: imports through wasm-bindgen-test-runner, both futures paths",
        engines::imports_in_firefox,
    ),
    Named(
        "Chromium: exports in a page over WebDriver",
        engines::exports_in_chromium,
    ),
    Named(
        "Firefox: exports in a page over WebDriver",
        engines::exports_in_firefox,
    ),
    Named(
        "drop-in: upstream's attribute and ours on the same crate",
        drop_in::drop_in,
    ),
    Named(
        "threads (+atomics): the main thread and a worker in Chromium, drop-in, !Send",
        threads::threads,
    ),
    Named("futures path opt-ins", futures_path::futures_path),
    Named(
        "targets: nodejs, web and no-modules in Node; web and no-modules in Chromium and Firefox",
        engines::targets,
    ),
    Named("demo", demo::demo),
    Named(
        "no duplicate crates in a user's build through ours",
        minimal::no_duplicates_through_us,
    ),
];

/// Runs every step, or those whose name contains `only`: one line per step with its
/// time and its test counts, then `N passed, M failed` (steps). Commands' output is shown only for a failure (all of it with
/// `XTASK_VERBOSE=1`).
pub(crate) fn test_all(report: &Report, only: Option<String>) -> Step {
    let steps: Vec<&Named> = STEPS
        .iter()
        .filter(|Named(name, _)| {
            only.as_ref()
                .is_none_or(|only| name.contains(only.as_str()))
        })
        .collect();
    if steps.is_empty() {
        let names: Vec<&str> = STEPS.iter().map(|Named(name, _)| *name).collect();
        return Err(format!("no step matches {only:?}; the steps: {names:?}"));
    }
    let (mut passed, mut failed) = (0, Vec::new());
    let total = Instant::now();
    for (i, Named(name, step)) in steps.iter().enumerate() {
        print!("[{}/{}] {name} ... ", i + 1, steps.len());
        std::io::Write::flush(&mut std::io::stdout()).ok();
        let start = Instant::now();
        let result = step(report);
        let counts = report.take();
        let elapsed = start.elapsed().as_secs_f64();
        if report.take_announced() {
            print!("\n    ");
        }
        let tests = if counts == Counts::default() {
            String::new()
        } else {
            format!(
                ", tests: {} passed, {} failed, {} skipped",
                counts.passed, counts.failed, counts.skipped
            )
        };
        match result {
            Ok(()) => {
                passed += 1;
                println!("ok ({elapsed:.1} s{tests})");
            }
            Err(message) => {
                failed.push(*name);
                println!("FAILED ({elapsed:.1} s{tests})\n{message}");
            }
        }
    }
    println!(
        "\nxtask: {passed} passed, {} failed ({:.0} s){}",
        failed.len(),
        total.elapsed().as_secs_f64(),
        if failed.is_empty() {
            String::new()
        } else {
            format!("; failed: {}", failed.join(", "))
        }
    );
    if failed.is_empty() {
        Ok(())
    } else {
        Err("some steps failed".to_owned())
    }
}
