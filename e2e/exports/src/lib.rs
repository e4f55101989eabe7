//! Async exports, awaited from JS by `test/*.test.mjs` (`cargo xtask test`).
//!
//! Every lint is denied, clippy's pedantic group included: what the attribute generates
//! must add nothing to a strict crate.
#![deny(warnings, missing_docs, clippy::all, clippy::pedantic)]
// About this file's own code, not the generated one: exported functions return what JS
// sees (`must_use` means nothing there), the error cases are the point of the tests, and
// the argument names mirror the parameter lists JS sees.
#![allow(
    clippy::must_use_candidate,
    clippy::unused_async,
    clippy::missing_errors_doc,
    clippy::many_single_char_names
)]

use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;

mod soundness;

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    async fn sleep(ms: u32);
    fn record_start();
    fn hook_saw(message: &str);
    fn note(event: &str);
    async fn reject_plain(reason: &str);

    /// Any JS object with a `name` property.
    pub type Named;
    #[wasm_bindgen(method, getter)]
    fn name(this: &Named) -> String;
}

/// Runs once when the module is instantiated.
#[wasm_bindgen(start)]
async fn start() {
    sleep(1).await;
    record_start();
}

// ---- return types -------------------------------------------------------------------

/// Resolves `undefined`.
#[wasm_bindgen]
pub async fn unit() {
    sleep(1).await;
}

/// Resolves a JS value.
#[wasm_bindgen]
pub async fn js_value() -> JsValue {
    JsValue::from_str("a js value")
}

/// Resolves `u32::MAX`.
#[wasm_bindgen]
pub async fn number() -> u32 {
    u32::MAX
}

/// Resolves a string.
#[wasm_bindgen]
pub async fn text() -> String {
    String::from("grüße, 世界")
}

/// An exported struct.
#[wasm_bindgen]
pub struct Point {
    /// x
    pub x: i32,
    /// y
    pub y: i32,
}

/// Resolves an exported struct.
#[wasm_bindgen]
pub async fn point() -> Point {
    Point { x: 1, y: -2 }
}

/// `Ok(())` resolves `undefined`, `Err` rejects.
#[wasm_bindgen]
pub async fn result_unit(fail: bool) -> Result<(), JsValue> {
    if fail {
        Err(JsValue::from_str("result_unit failed"))
    } else {
        Ok(())
    }
}

/// `Ok(u32)` or a rejection.
#[wasm_bindgen]
pub async fn result_number(fail: bool) -> Result<u32, JsValue> {
    if fail {
        Err(JsValue::from_f64(13.0))
    } else {
        Ok(7)
    }
}

/// `Ok(Point)` or a rejection.
#[wasm_bindgen]
pub async fn result_point(fail: bool) -> Result<Point, JsValue> {
    if fail {
        Err(JsValue::from_str("no point"))
    } else {
        Ok(Point { x: 3, y: 4 })
    }
}

/// Rejects with a JS `Error` carrying the message.
#[wasm_bindgen]
pub async fn result_js_error(fail: bool) -> Result<u32, JsError> {
    if fail {
        Err(JsError::new("js error message"))
    } else {
        Ok(1)
    }
}

/// A user error type that converts into a JS value.
pub struct MyError {
    code: u32,
}

impl From<MyError> for JsValue {
    fn from(error: MyError) -> JsValue {
        JsValue::from_str(&format!("MyError {}", error.code))
    }
}

/// Rejects with the user error, converted.
#[wasm_bindgen]
pub async fn result_my_error(fail: bool) -> Result<String, MyError> {
    if fail {
        Err(MyError { code: 42 })
    } else {
        Ok(String::from("fine"))
    }
}

// ---- arguments ----------------------------------------------------------------------

/// Primitives.
#[wasm_bindgen]
pub async fn primitives(a: u8, b: i64, c: f64, d: bool, e: char) -> String {
    format!("{a}|{b}|{c}|{d}|{e}")
}

/// An owned string.
#[wasm_bindgen]
pub async fn owned_string(s: String) -> String {
    sleep(1).await;
    format!("owned:{s}")
}

/// A borrowed string, read after an await.
#[wasm_bindgen]
pub async fn borrowed_str(s: &str) -> String {
    sleep(5).await;
    format!("borrowed:{s}")
}

/// A borrowed slice, read after JS has changed its array.
#[wasm_bindgen]
pub async fn borrowed_bytes(bytes: &[u8]) -> u32 {
    sleep(10).await;
    bytes.iter().map(|&b| u32::from(b)).sum()
}

/// An owned vector.
#[wasm_bindgen]
pub async fn owned_bytes(bytes: Vec<u8>) -> u32 {
    sleep(1).await;
    bytes.iter().map(|&b| u32::from(b)).sum()
}

/// A borrowed JS value, read after an await.
#[wasm_bindgen]
pub async fn borrowed_js_value(value: &JsValue) -> String {
    sleep(5).await;
    value
        .as_string()
        .unwrap_or_else(|| String::from("not a string"))
}

/// A borrowed imported object, read after an await.
#[wasm_bindgen]
pub async fn borrowed_imported(named: &Named) -> String {
    sleep(5).await;
    format!("named:{}", named.name())
}

/// An optional argument.
#[wasm_bindgen]
pub async fn optional(x: Option<u32>) -> String {
    format!("{x:?}")
}

/// The synchronous form of `async_signature`, for comparing the `.d.ts`.
#[wasm_bindgen]
#[allow(clippy::needless_pass_by_value)]
pub fn sync_signature(a: u8, s: &str, b: &[u8], v: &JsValue, n: &Named, x: Option<u32>) {
    let _ = (a, s, b, v, n, x);
}

/// Every argument kind; JS sees the same parameter types as `sync_signature`'s.
#[wasm_bindgen]
pub async fn async_signature(a: u8, s: &str, b: &[u8], v: &JsValue, n: &Named, x: Option<u32>) {
    let _ = (a, s, b, v, n, x);
}

// ---- impl blocks --------------------------------------------------------------------

/// A counter with async methods of every receiver kind.
#[wasm_bindgen]
pub struct Counter {
    count: u32,
}

#[wasm_bindgen]
impl Counter {
    /// A synchronous constructor next to async methods.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Counter {
        Counter { count: 0 }
    }

    /// An async factory returning the struct.
    pub async fn create(start: u32) -> Counter {
        sleep(1).await;
        Counter { count: start }
    }

    /// An async factory written with `Self`.
    #[wasm_bindgen(js_name = createLater)]
    pub async fn create_later(start: u32) -> Self {
        sleep(5).await;
        Self { count: start }
    }

    /// Consumes the counter (JS's object is spent afterwards).
    pub async fn into_total(self) -> u32 {
        sleep(1).await;
        self.count
    }

    /// Reads after a delay; the object stays usable from JS meanwhile.
    pub async fn get_later(&self, ms: u32) -> u32 {
        sleep(ms).await;
        self.count
    }

    /// Adds after a delay, holding `&mut self` for the whole future.
    pub async fn add_later(&mut self, k: u32, ms: u32) -> u32 {
        sleep(ms).await;
        self.count += k;
        self.count
    }

    /// The current count.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// Panics after an await, holding `&mut self`.
    ///
    /// # Panics
    ///
    /// Always.
    pub async fn panic_later(&mut self) -> u32 {
        sleep(1).await;
        self.count += 1;
        panic!("boom in a method")
    }
}

impl Default for Counter {
    fn default() -> Self {
        Self::new()
    }
}

// ---- concurrency and panics ---------------------------------------------------------

/// Awaits a JS timer of `ms` milliseconds, then resolves `ms`.
#[wasm_bindgen]
pub async fn wait(ms: u32) -> u32 {
    sleep(ms).await;
    ms
}

/// Panics after an await.
///
/// # Panics
///
/// Always: JS observes what a panicking async export does.
#[wasm_bindgen]
pub async fn panics() -> u32 {
    sleep(1).await;
    panic!("boom from an async export")
}

/// Awaits `n` timers of 0 ms one after the other (from the second on, our runtime polls
/// the future between its awaits); resolves `n`.
#[wasm_bindgen]
pub async fn awaits(n: u32) -> u32 {
    for _ in 0..n {
        sleep(0).await;
    }
    n
}

/// Panics at its first poll, before any await.
///
/// # Panics
///
/// Always.
#[wasm_bindgen]
pub async fn panics_now() -> u32 {
    panic!("boom at the first poll")
}

/// Awaits another export's function, which panics: the panic happens while this
/// export's future is polled, so this export's promise rejects with it.
///
/// # Panics
///
/// Always (through `panics`).
#[wasm_bindgen]
pub async fn awaits_a_panicking_export() -> u32 {
    sleep(1).await;
    panics().await
}

/// Installs a panic hook of the user's that reports each panic's message to JS
/// (`hook_saw`), chained with whatever hook was there.
#[wasm_bindgen]
pub fn set_user_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .copied()
            .unwrap_or("(not a &str)");
        hook_saw(message);
        previous(info);
    }));
}

/// Throws a JS string (not an `Error`) after two awaits: by then our runtime polls the
/// future.
#[wasm_bindgen]
pub async fn throws_after_awaits() -> u32 {
    sleep(1).await;
    sleep(1).await;
    wasm_bindgen::throw_val(JsValue::from_str("thrown after two awaits"))
}

/// `throws_after_awaits` under upstream's own attribute (the futures crate's executor
/// polls it throughout).
#[::wasm_bindgen::prelude::wasm_bindgen]
pub async fn upstream_throws_after_awaits() -> u32 {
    sleep(1).await;
    sleep(1).await;
    wasm_bindgen::throw_val(JsValue::from_str("thrown after two awaits"))
}

/// Panics after two awaits: by then our runtime polls the future.
///
/// # Panics
///
/// Always.
#[wasm_bindgen]
pub async fn panics_after_awaits() -> u32 {
    sleep(1).await;
    sleep(1).await;
    panic!("boom after two awaits")
}

/// `panics_after_awaits` under upstream's own attribute.
///
/// # Panics
///
/// Always.
#[::wasm_bindgen::prelude::wasm_bindgen]
pub async fn upstream_panics_after_awaits() -> u32 {
    sleep(1).await;
    sleep(1).await;
    panic!("boom after two awaits")
}

/// `panics_now` under upstream's own attribute (for the `panic = "unwind"` build, where
/// both reject: `cargo xtask test unwind`).
///
/// # Panics
///
/// Always.
#[::wasm_bindgen::prelude::wasm_bindgen]
pub async fn upstream_panics_now() -> u32 {
    panic!("boom at the first poll")
}

/// After an await, panics when `n` is odd, with a formatted message (a `String` payload,
/// where the others are `&'static str`); else resolves `n`.
///
/// # Panics
///
/// When `n` is odd.
#[wasm_bindgen]
pub async fn panics_if_odd(n: u32) -> u32 {
    sleep(1).await;
    assert!(n.is_multiple_of(2), "boom number {n}");
    n
}

/// `panics_if_odd` under upstream's own attribute.
///
/// # Panics
///
/// When `n` is odd.
#[::wasm_bindgen::prelude::wasm_bindgen]
pub async fn upstream_panics_if_odd(n: u32) -> u32 {
    sleep(1).await;
    assert!(n.is_multiple_of(2), "boom number {n}");
    n
}

// ---- abortable exports ----------------------------------------------------------------

/// Notes its start, sleeps `ms`, notes its end; JS may pass an `AbortSignal` last.
#[wasm_bindgen(abortable)]
pub async fn cancellable(ms: u32) -> u32 {
    note("cancellable started");
    sleep(ms).await;
    note("cancellable finished");
    ms
}

/// `abortable` with `Result<T, E>` and a user error type (through the error check).
#[wasm_bindgen(abortable)]
pub async fn cancellable_result(ms: u32, fail: bool) -> Result<u32, MyError> {
    sleep(ms).await;
    if fail {
        Err(MyError { code: 7 })
    } else {
        Ok(ms)
    }
}

/// `abortable` on a method holding `&mut self`: the borrow ends with the abort.
#[wasm_bindgen]
impl Counter {
    /// Adds `k` after `ms`, unless aborted first.
    #[wasm_bindgen(abortable)]
    pub async fn add_cancellable(&mut self, k: u32, ms: u32) -> u32 {
        sleep(ms).await;
        self.count += k;
        self.count
    }
}

// ---- wrong resolved types: ours against upstream's own async imports ----------------

/// The same misbehaving JS imported twice: by upstream's attribute and by ours.
mod wrong_types {
    /// Upstream `wasm-bindgen`'s own lowering of async imports.
    pub mod upstream {
        use wasm_bindgen::prelude::*;

        #[wasm_bindgen(module = "/js/host.js")]
        extern "C" {
            #[wasm_bindgen(js_name = resolves_string)]
            pub async fn string_for_u32() -> u32;
            #[wasm_bindgen(catch, js_name = resolves_string)]
            pub async fn string_for_u32_caught() -> Result<u32, JsValue>;
            #[wasm_bindgen(js_name = resolves_null)]
            pub async fn null_for_string() -> String;
            #[wasm_bindgen(catch, js_name = throws_sync)]
            pub async fn throws_sync_caught() -> Result<u32, JsValue>;
        }
    }

    /// Ours.
    pub mod ours {
        use wasm_bindgen::prelude::*;
        use wasm_bindgen_async::wasm_bindgen;

        #[wasm_bindgen(module = "/js/host.js")]
        extern "C" {
            #[wasm_bindgen(catch, js_name = resolves_string)]
            pub async fn string_for_u32_caught() -> Result<u32, JsValue>;
            #[wasm_bindgen(catch, js_name = resolves_null)]
            pub async fn null_for_string_caught() -> Result<String, JsValue>;
            #[wasm_bindgen(catch, js_name = throws_sync)]
            pub async fn throws_sync_caught() -> Result<u32, JsValue>;
        }
    }
}

/// Upstream: a string resolved for `u32`.
#[wasm_bindgen]
pub async fn upstream_string_for_u32() -> u32 {
    wrong_types::upstream::string_for_u32().await
}

/// Upstream, with `catch`: a string resolved for `u32`.
#[wasm_bindgen]
pub async fn upstream_string_for_u32_caught() -> Result<u32, JsValue> {
    wrong_types::upstream::string_for_u32_caught().await
}

/// Upstream: `null` resolved for `String`.
#[wasm_bindgen]
pub async fn upstream_null_for_string() -> String {
    wrong_types::upstream::null_for_string().await
}

/// Ours, with `catch`: a string resolved for `u32`.
#[wasm_bindgen]
pub async fn ours_string_for_u32_caught() -> Result<u32, JsValue> {
    wrong_types::ours::string_for_u32_caught().await
}

/// Ours, with `catch`: `null` resolved for `String`.
#[wasm_bindgen]
pub async fn ours_null_for_string_caught() -> Result<String, JsValue> {
    wrong_types::ours::null_for_string_caught().await
}

/// Upstream, with `catch`: the JS function throws before returning a promise.
#[wasm_bindgen]
pub async fn upstream_throws_sync_caught() -> Result<u32, JsValue> {
    wrong_types::upstream::throws_sync_caught().await
}

/// Ours, with `catch`: the JS function throws before returning a promise.
#[wasm_bindgen]
pub async fn ours_throws_sync_caught() -> Result<u32, JsValue> {
    wrong_types::ours::throws_sync_caught().await
}

// ---- a rejection without `catch` where no export surfaces it -------------------------

/// Spawns a task whose import rejects without `catch`: no async export is being polled,
/// so the runtime logs the message with `console.error` before the panic traps (the trap
/// alone says `unreachable`).
///
/// Always.
#[wasm_bindgen]
pub fn spawn_unhandled_rejection() {
    wasm_bindgen_futures::spawn_local(async {
        reject_plain("nobody catches this").await;
    });
}

/// The same inside an async export: the message is the export's rejection, and nothing
/// is logged.
///
/// Always.
#[wasm_bindgen]
pub async fn awaits_unhandled_rejection() {
    reject_plain("nobody catches this").await;
}

// ---- an exception stored by a `catch` import and never taken ---------------------------

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    /// The JS function that throws, called synchronously under `catch`.
    #[wasm_bindgen(catch, js_name = throws_sync)]
    fn throws_sync_now() -> Result<JsValue, JsValue>;
    /// Calls `f` (not under `catch`: nothing takes a stored exception).
    fn call_it(f: &js_sys::Function);
}

/// Polls upstream's `catch` async import of a JS function that throws at once: upstream's
/// code stores the exception, does not take it, and throws a `TypeError` (which JS
/// catches), leaving the exception stored.
#[wasm_bindgen]
pub fn leave_an_exception_stored() {
    let mut call = Box::pin(wrong_types::upstream::throws_sync_caught());
    let _ = core::future::Future::poll(
        call.as_mut(),
        &mut core::task::Context::from_waker(core::task::Waker::noop()),
    );
}

/// Calls `f` (JS) during its poll, and is ready.
#[wasm_bindgen]
pub async fn calls_back(f: js_sys::Function) -> u32 {
    call_it(&f);
    1
}

/// A synchronous `catch` import that throws: `Err` with what it threw.
///
/// # Errors
/// Always: the JS function throws.
#[wasm_bindgen]
pub async fn sync_catch_that_throws() -> Result<u32, JsValue> {
    throws_sync_now().map(|_| 0)
}

// ---- stream exports -----------------------------------------------------------------

/// Notes `"<name> dropped"` when dropped: JS sees when a stream is.
struct DropNote(&'static str);

impl Drop for DropNote {
    fn drop(&mut self) {
        note(&format!("{} dropped", self.0));
    }
}

/// Yields `0..n`, each after a timer: JS reads it with `for await`; its drop is noted.
#[wasm_bindgen]
pub fn ticks(n: u32) -> impl futures_util::Stream<Item = u32> {
    futures_util::stream::unfold((0, DropNote("ticks")), move |(i, guard)| async move {
        if i < n {
            sleep(1).await;
            Some((i, (i + 1, guard)))
        } else {
            None
        }
    })
}

/// Yields two words at once (no await in between).
#[wasm_bindgen]
pub fn words() -> impl futures_util::Stream<Item = String> {
    futures_util::stream::iter(["alpha".to_owned(), "beta".to_owned()])
}

/// Yields `0..n`, then an error: that `next()` rejects with it and the iteration ends.
#[wasm_bindgen]
pub fn fails_after(n: u32) -> impl futures_util::Stream<Item = Result<u32, JsError>> {
    let items = (0..n)
        .map(Ok)
        .chain([Err(JsError::new(&format!("failed after {n}")))]);
    futures_util::stream::iter(items)
}

/// Yields `0`, then panics while polled.
///
/// # Panics
///
/// At its second item.
#[wasm_bindgen]
pub fn stream_panics() -> impl futures_util::Stream<Item = u32> {
    futures_util::stream::unfold(0u32, |i| async move {
        assert!(i == 0, "boom in a stream");
        Some((i, i + 1))
    })
}

/// Counts forever, a timer between items, until JS aborts its signal (its drop noted).
#[wasm_bindgen(abortable)]
pub fn counts() -> impl futures_util::Stream<Item = u32> {
    futures_util::stream::unfold((0, DropNote("counts")), |(i, guard)| async move {
        sleep(2).await;
        Some((i, (i + 1, guard)))
    })
}

/// A type whose associated function returns a stream.
#[wasm_bindgen]
pub struct Source;

#[wasm_bindgen]
impl Source {
    /// Yields `from..to`.
    pub fn range(from: u32, to: u32) -> impl futures_util::Stream<Item = u32> {
        futures_util::stream::iter(from..to)
    }
}

// ---- iterator exports ---------------------------------------------------------------

/// Yields `0..n`, its drop noted: JS reads it with `for ... of`, spread, `Array.from`.
#[wasm_bindgen]
pub fn numbers(n: u32) -> impl Iterator<Item = u32> {
    let guard = DropNote("numbers");
    (0..n).inspect(move |_| {
        let _ = &guard;
    })
}

/// Yields `0..n`, then an error: that `next()` throws it and the iteration ends.
#[wasm_bindgen]
pub fn numbers_fail_after(n: u32) -> impl Iterator<Item = Result<u32, JsError>> {
    (0..n)
        .map(Ok)
        .chain([Err(JsError::new(&format!("failed after {n}")))])
}

/// Yields the items of `f()`, called for each (JS may call back into this iterator).
#[wasm_bindgen]
pub fn calls_back_in_iterator(f: js_sys::Function) -> impl Iterator<Item = JsValue> {
    let guard = DropNote("calls_back_in_iterator");
    core::iter::from_fn(move || {
        let _ = &guard;
        f.call0(&JsValue::UNDEFINED).ok()
    })
}

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    /// The JS function that throws, called without `catch`: the exception goes through
    /// the Rust frames that called it.
    #[wasm_bindgen(js_name = throws_sync)]
    fn throws_through_rust();
}

/// Yields `0`, then its `next()` calls a JS function that throws through it.
#[wasm_bindgen]
pub fn throws_in_next() -> impl Iterator<Item = u32> {
    (0u32..).inspect(|&i| {
        if i == 1 {
            throws_through_rust();
        }
    })
}

/// Yields `n` chunks of bytes (`Uint8Array`s in JS).
#[wasm_bindgen]
pub fn bytes(n: u8) -> impl Iterator<Item = Vec<u8>> {
    (0..n).map(|i| vec![i; usize::from(i)])
}

/// Yields `0`, then panics.
///
/// # Panics
///
/// At its second item.
#[wasm_bindgen]
pub fn iterator_panics() -> impl Iterator<Item = u32> {
    (0u32..).inspect(|&i| assert!(i == 0, "boom in an iterator"))
}

#[wasm_bindgen]
impl Source {
    /// Yields the letters of `word`, one string each.
    pub fn letters(word: &str) -> impl Iterator<Item = String> {
        word.chars()
            .map(String::from)
            .collect::<Vec<_>>()
            .into_iter()
    }
}

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn calls_back_in_next(
        f: &js_sys::Function,
    ) -> impl futures_util::Stream<Item = Result<u32, JsValue>>;
}

/// Reads a stream import (under `catch`) whose second `next()` calls back into Rust,
/// which panics there: the panic must reach this export (a rejection, the poison), not
/// be an `Err` item that this code would go on after.
///
/// # Panics
///
/// In the callback.
#[wasm_bindgen]
pub async fn reads_a_stream_that_panics_in_next() -> String {
    use futures_util::StreamExt;
    let callback = Closure::<dyn Fn()>::new(|| panic!("boom in a callback"));
    let mut items = Box::pin(calls_back_in_next(callback.as_ref().unchecked_ref()));
    let first = items.next().await;
    let second = items.next().await;
    format!("went on after the panic: {first:?} {second:?}")
}
