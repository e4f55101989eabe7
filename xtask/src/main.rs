//! Project commands, run as `cargo xtask <command>` from anywhere in the repository.
//!
//! - `cargo xtask demo [serve]`: builds the demo to wasm and runs it in Node, then in
//!   headless Chromium against a loopback server (`serve`: for your own browser);
//!   `demo.rs`.
//! - `cargo xtask test [step]`: every check and test there is, one line per step;
//!   `test/` (one module per kind of step).
//! - `cargo xtask bench [part]`: ours against upstream's attribute, side by side;
//!   `bench.rs`.
//! - `cargo xtask soak`: a million round trips each way, checking for growth; `bench.rs`.
//!
//! All of them install what they need when it is missing, never over global binaries
//! (`tools.rs`, `browsers.rs`, `nightly.rs`). Commands run through `process.rs`; what a
//! command reports is a `Report` (`report.rs`) made here and passed down.

mod bench;
mod browsers;
mod demo;
mod minimal;
mod nightly;
mod process;
mod report;
mod test;
mod tools;

use std::process::ExitCode;

use report::Report;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (command, argument) = (args.next(), args.next());
    let result = match command.as_deref() {
        Some("demo") => {
            let report = Report::verbose();
            tools::ensure_tools(&report).and_then(|()| match argument.as_deref() {
                None => demo::demo_browser_if_possible(&report),
                Some("serve") => demo::demo_serve(&report),
                Some(other) => Err(format!("usage: cargo xtask demo [serve]; got {other:?}")),
            })
        }
        Some("test") => {
            let report = Report::quiet();
            tools::ensure_tools(&Report::verbose()).and_then(|()| test::test_all(&report, argument))
        }
        Some("bench") => {
            let report = Report::verbose();
            tools::ensure_tools(&report).and_then(|()| bench::bench(&report, argument))
        }
        Some("soak") => {
            let report = Report::verbose();
            tools::ensure_tools(&report).and_then(|()| bench::soak(&report))
        }
        _ => Err("usage: cargo xtask <demo [serve]|test [step]|bench [part]|soak>".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
