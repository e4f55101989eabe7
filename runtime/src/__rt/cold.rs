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

/// A stream or iterator import (`kind`: "stream" or "iterator") without `catch` whose
/// iterator failed: it was not iterable, or its `next()` threw or rejected (logged as
/// [`rejected`] is).
#[cold]
#[inline(never)]
pub fn items_failed(kind: &str, import: &str, reason: JsValue) -> ! {
    panic::log_unless_surfacing(
        &[kind, " import `", import, "` failed and has no `catch`:"],
        &reason,
        "\nhelp: add #[wasm_bindgen(catch)] and make the items Result<T, JsValue>",
    );
    panic!(
        "{kind} import `{import}` failed and has no `catch`: {reason:?}\nhelp: add \
         #[wasm_bindgen(catch)] and make the items Result<T, JsValue>",
    )
}

/// An item of the wrong type from a stream or iterator import, without `catch`.
#[cold]
#[inline(never)]
pub fn item_mismatch(kind: &str, import: &str, expected: &str, value: JsValue) -> ! {
    panic::log_unless_surfacing(
        &[
            kind,
            " import `",
            import,
            "` is declared to yield `",
            expected,
            "`, but it yielded",
        ],
        &value,
        "",
    );
    panic!("{kind} import `{import}` is declared to yield `{expected}`, but it yielded {value:?}")
}

/// An item of the wrong type from a stream or iterator import, under `catch`: a JS
/// `Error`.
#[cold]
#[inline(never)]
#[must_use]
pub fn item_mismatch_error(kind: &str, import: &str, expected: &str, value: &JsValue) -> JsValue {
    wasm_bindgen::JsError::new(&format!(
        "{kind} import `{import}` is declared to yield `{expected}`, but it yielded {value:?}",
    ))
    .into()
}
