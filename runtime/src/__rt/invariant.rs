//! Broken invariants, and the one way the machines are borrowed (a leaf).

use core::cell::RefCell;

/// A broken invariant: a panic with a fixed message (no formatting machinery pulled into
/// every user's `.wasm` for messages that never show). Never called while a table of the
/// runtime is borrowed.
#[cold]
#[inline(never)]
pub fn fail(message: &'static str) -> ! {
    panic!("{}", message)
}

/// `machine`, borrowed for one `transition`. A transition runs no foreign code and cannot
/// fail, so nothing can re-enter the machine meanwhile, and a trap can never leave it
/// borrowed: finding it borrowed is a bug of ours, reported as `what`.
#[inline]
pub fn transition<T, R>(
    machine: &RefCell<T>,
    what: &'static str,
    transition: impl FnOnce(&mut T) -> R,
) -> R {
    match machine.try_borrow_mut() {
        Ok(mut machine) => transition(&mut machine),
        Err(_) => fail(what),
    }
}

/// Cases per property test of a machine: `WBGA_PROPTEST_CASES`, else 2000 (8 under Miri,
/// which runs them too).
#[cfg(all(test, not(target_arch = "wasm32")))]
pub fn proptest_cases() -> u32 {
    std::env::var("WBGA_PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(if cfg!(miri) { 8 } else { 2000 })
}
