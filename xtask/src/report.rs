//! What `cargo xtask` reports: whether commands' output is shown, and what the step that is
//! running counted (tests passed, failed, skipped). One `Report` is made by
//! `main` and passed to every step and helper that runs commands: nothing is global.

use std::cell::Cell;

/// Tests run by a step, summed over the test harnesses it ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
    pub skipped: u64,
}

/// The report of a command (`test`, `bench`, ...).
#[derive(Debug, Default)]
pub struct Report {
    /// Commands' output is captured and shown only when they fail.
    quiet: bool,
    counts: Cell<Counts>,
    /// A line was announced while a step ran: its result goes on a line of its own.
    announced: Cell<bool>,
}

impl Report {
    /// For `cargo xtask test`: quiet, unless `XTASK_VERBOSE` is set.
    pub fn quiet() -> Report {
        Report {
            quiet: std::env::var_os("XTASK_VERBOSE").is_none(),
            ..Report::default()
        }
    }

    /// Commands' output is shown as it comes (`demo`, `bench`, `soak`).
    pub fn verbose() -> Report {
        Report::default()
    }

    /// Whether commands' output is captured.
    pub fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// A line of information: shown unless quiet.
    pub fn note(&self, line: &str) {
        if !self.quiet {
            println!("xtask: {line}");
        }
    }

    /// A line that must be seen even when quiet (a long install is starting): on its own
    /// line, the step's line continuing after it.
    pub fn announce(&self, line: &str) {
        if self.quiet {
            print!("\n    xtask: {line}");
            std::io::Write::flush(&mut std::io::stdout()).ok();
            self.announced.set(true);
        } else {
            println!("xtask: {line}");
        }
    }

    /// Whether something was announced since the last call.
    pub fn take_announced(&self) -> bool {
        self.announced.replace(false)
    }

    /// Adds the test counts found in a command's output: `test result: ok. N passed;
    /// M failed; K ignored` (libtest, wasm-bindgen-test-runner) and `# pass N` /
    /// `# fail M` / `# skipped K` (`node --test`).
    pub fn count(&self, output: &str) {
        let mut counts = self.counts.get();
        for line in output.lines() {
            let line = line.trim_start_matches(['#', ' ', '\u{2139}']);
            if let Some(rest) = line.strip_prefix("test result: ") {
                for part in rest.split(['.', ';']) {
                    let mut words = part.split_whitespace();
                    if let (Some(n), Some(what)) = (words.next(), words.next()) {
                        if let Ok(n) = n.parse::<u64>() {
                            match what {
                                "passed" => counts.passed += n,
                                "failed" => counts.failed += n,
                                "ignored" => counts.skipped += n,
                                _ => {}
                            }
                        }
                    }
                }
            } else if let Some((what, n)) = line.split_once(' ') {
                if let Ok(n) = n.trim().parse::<u64>() {
                    match what {
                        "pass" => counts.passed += n,
                        "fail" => counts.failed += n,
                        "skipped" | "todo" => counts.skipped += n,
                        _ => {}
                    }
                }
            }
        }
        self.counts.set(counts);
    }

    /// The counts recorded since the last call, reset.
    pub fn take(&self) -> Counts {
        self.counts.take()
    }
}

#[cfg(test)]
mod tests {
    use super::{Counts, Report};

    #[test]
    fn counts_are_read_from_libtest_and_node_output() {
        let report = Report::quiet();
        report.count(
            "test result: ok. 47 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out\n\
             test result: FAILED. 1 passed; 3 failed; 0 ignored; 0 measured\n\
             # pass 12\n# fail 1\n# skipped 4\n# todo 0\n\
             \u{2139} pass 5\n\
             passed 3 of them\n",
        );
        let counts = report.take();
        assert_eq!(
            counts,
            Counts {
                passed: 65,
                failed: 4,
                skipped: 6
            }
        );
        assert_eq!(report.take(), Counts::default(), "taken: reset");
    }
}
