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

/// A stream import without `catch` whose iterator failed: it was not iterable, or its
/// `next()` threw or rejected (logged as [`rejected`] is).
#[cold]
#[inline(never)]
pub fn stream_failed(import: &str, reason: JsValue) -> ! {
    panic::log_unless_surfacing(
        &["stream import `", import, "` failed and has no `catch`:"],
        &reason,
        "\nhelp: add #[wasm_bindgen(catch)] and make the items Result<T, JsValue>",
    );
    panic!(
        "stream import `{import}` failed and has no `catch`: {reason:?}\nhelp: add \
         #[wasm_bindgen(catch)] and make the items Result<T, JsValue>",
    )
}

/// An item of the wrong type from a stream import, without `catch`.
#[cold]
#[inline(never)]
pub fn stream_mismatch(import: &str, expected: &str, value: JsValue) -> ! {
    panic::log_unless_surfacing(
        &[
            "stream import `",
            import,
            "` is declared to yield `",
            expected,
            "`, but it yielded",
        ],
        &value,
        "",
    );
    panic!("stream import `{import}` is declared to yield `{expected}`, but it yielded {value:?}")
}

/// An item of the wrong type from a stream import, under `catch`: a JS `Error`.
#[cold]
#[inline(never)]
#[must_use]
pub fn stream_mismatch_error(import: &str, expected: &str, value: &JsValue) -> JsValue {
    wasm_bindgen::JsError::new(&format!(
        "stream import `{import}` is declared to yield `{expected}`, but it yielded {value:?}",
    ))
    .into()
}
