//! The cold paths of async imports, written once here instead of once per extern block.

use wasm_bindgen::JsValue;

use super::panic;

/// A rejected promise of an import without `catch`. The message reaches JS without a
/// panic hook: as the rejection of the async export being polled, or else (a
/// `spawn_local` task, a test, an export whose crate opted out of catching panics) on
/// `console.error` first, since the trap alone says only `unreachable`.
#[cold]
#[inline(never)]
pub fn rejected(import: &str, reason: JsValue) -> ! {
    panic::log_unless_surfacing(
        &["async import `", import, "` rejected and has no `catch`:"],
        &reason,
        "\nhelp: add #[wasm_bindgen(catch)] and return Result<T, JsValue>",
    );
    panic!(
        "async import `{import}` rejected and has no `catch`: {reason:?}\nhelp: add \
         #[wasm_bindgen(catch)] and return Result<T, JsValue>",
    )
}

/// A resolved value of the wrong type, without `catch` (logged as [`rejected`] is).
#[cold]
#[inline(never)]
pub fn mismatch(import: &str, expected: &str, value: JsValue) -> ! {
    panic::log_unless_surfacing(
        &[
            "async import `",
            import,
            "` is declared to resolve to `",
            expected,
            "`, but its promise resolved",
        ],
        &value,
        "",
    );
    panic!(
        "async import `{import}` is declared to resolve to `{expected}`, but its promise \
         resolved {value:?}",
    )
}

/// A resolved value of the wrong type, under `catch`: a JS `Error`.
#[cold]
#[inline(never)]
#[must_use]
pub fn mismatch_error(import: &str, expected: &str, value: &JsValue) -> JsValue {
    wasm_bindgen::JsError::new(&format!(
        "async import `{import}` is declared to resolve to `{expected}`, but its promise \
         resolved {value:?}",
    ))
    .into()
}
