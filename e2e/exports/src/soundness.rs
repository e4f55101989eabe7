//! The runtime under waking patterns, throws and panics (`test/soundness.test.mjs`):
//! futures that wake their own task and complete, throw or panic in the same poll;
//! destructors that must never run after a trap; JS that throws a `RuntimeError` of its
//! own. Each export notes what ran (`note`), so that JS sees code that ran twice.

use core::cell::RefCell;
use core::future::poll_fn;
use core::task::Poll;

use futures_util::future::{join, FutureExt};
use futures_util::stream::{FuturesUnordered, StreamExt};
use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;

use super::{note, sleep};

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    /// Throws `new WebAssembly.RuntimeError("thrown by JS")` (no `catch`: through Rust).
    fn throw_runtime_error();
}

/// Notes its name when dropped.
struct Noted(&'static str);

impl Drop for Noted {
    fn drop(&mut self) {
        note(self.0);
    }
}

/// Wakes the task polling it, and is ready: what the clone of a `Shared` future that
/// completes does to the other clones' task, or a channel's send to its own receiver.
async fn wake_self_and_complete() {
    poll_fn(|cx| {
        cx.waker().wake_by_ref();
        Poll::Ready(())
    })
    .await;
}

/// Wakes its own task and completes in the same poll, after two awaits (so that the
/// runtime polls it from its queue).
#[wasm_bindgen]
pub async fn wakes_itself_and_completes() -> u32 {
    sleep(1).await;
    sleep(1).await;
    wake_self_and_complete().await;
    note("wakes_itself_and_completes: after its last await");
    42
}

/// `join` of two clones of a `Shared` future: the clone that completes wakes the
/// other's waker, this task's.
#[wasm_bindgen]
pub async fn joins_a_shared_future() -> u32 {
    sleep(1).await;
    sleep(1).await;
    let shared = sleep(2).shared();
    join(shared.clone(), shared).await;
    note("joins_a_shared_future: joined");
    7
}

/// `n` futures through a `FuturesUnordered`, each waking itself once before it is
/// ready: the set yields (wakes its task and returns `Pending`) as it polls them.
#[wasm_bindgen]
pub async fn futures_unordered(n: u32) -> u32 {
    sleep(1).await;
    sleep(1).await;
    let mut all: FuturesUnordered<_> = (0..n)
        .map(|i| async move {
            let mut woke = false;
            poll_fn(|cx| {
                if woke {
                    Poll::Ready(i)
                } else {
                    woke = true;
                    cx.waker().wake_by_ref();
                    Poll::Pending
                }
            })
            .await
        })
        .collect();
    let mut count = 0;
    while all.next().await.is_some() {
        count += 1;
    }
    count
}

/// Wakes its own task, then a JS exception goes through it: the code after its last
/// await runs once, and it is never dropped (a throw skipped its frames' destructors).
#[wasm_bindgen]
pub async fn wakes_itself_and_throws() -> u32 {
    let _guard = Noted("wakes_itself_and_throws: dropped");
    sleep(1).await;
    sleep(1).await;
    note("wakes_itself_and_throws: after its last await");
    wake_self_and_complete().await;
    wasm_bindgen::throw_val(JsValue::from_str("thrown after waking itself"))
}

/// Wakes its own task, then panics.
///
/// # Panics
///
/// Always.
#[wasm_bindgen]
pub async fn wakes_itself_and_panics() -> u32 {
    let _guard = Noted("wakes_itself_and_panics: dropped");
    sleep(1).await;
    sleep(1).await;
    note("wakes_itself_and_panics: after its last await");
    wake_self_and_complete().await;
    panic!("boom after waking itself")
}

thread_local! {
    /// State shared by futures: a panic while it is borrowed leaves it borrowed.
    static SHARED: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

/// Touches the shared state when dropped.
struct Toucher;

impl Drop for Toucher {
    fn drop(&mut self) {
        SHARED.with(|shared| shared.borrow_mut().push(1));
        note("toucher dropped");
    }
}

/// Pending for `ms`, holding a value whose `Drop` touches the shared state.
#[wasm_bindgen]
pub async fn holds_a_toucher(ms: u32) -> u32 {
    let _toucher = Toucher;
    sleep(ms).await;
    1
}

/// Moves a value out (dropping it once, noted), then panics while holding the shared
/// state borrowed.
///
/// # Panics
///
/// Always.
#[wasm_bindgen]
pub async fn panics_holding_shared_state() -> u32 {
    let moved = Noted("moved value dropped");
    sleep(1).await;
    drop(moved);
    SHARED.with(|shared| {
        let _borrowed = shared.borrow_mut();
        panic!("boom holding the shared state")
    })
}

/// JS throws a `WebAssembly.RuntimeError` of its own through the export after two
/// awaits: an exception, not a panic.
#[wasm_bindgen]
pub async fn js_throws_a_runtime_error() -> u32 {
    sleep(1).await;
    sleep(1).await;
    throw_runtime_error();
    1
}

/// The same under upstream's attribute.
#[::wasm_bindgen::prelude::wasm_bindgen]
pub async fn upstream_js_throws_a_runtime_error() -> u32 {
    sleep(1).await;
    sleep(1).await;
    throw_runtime_error();
    1
}

/// Panics after `ms`.
///
/// # Panics
///
/// Always.
#[wasm_bindgen]
pub async fn panics_later(ms: u32) -> u32 {
    sleep(ms).await;
    panic!("boom later")
}

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    fn hook_saw(message: &str);
}

/// Installs a panic hook of the user's that reports each panic's message to JS and does
/// not chain the hook it replaces (as `console_error_panic_hook::set_once` does not).
#[wasm_bindgen]
pub fn set_user_hook_alone() {
    std::panic::set_hook(Box::new(|info| {
        hook_saw(
            info.payload()
                .downcast_ref::<&str>()
                .copied()
                .unwrap_or("(not a &str)"),
        );
    }));
}

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    /// Calls `globalThis.exportsE2eCallBack()` (which calls an async export of this
    /// module) and returns what it returned.
    fn call_back() -> JsValue;
    /// The same, as an async import: an import served by an export.
    #[wasm_bindgen(js_name = call_back)]
    async fn call_back_async() -> JsValue;
}

/// `n + 1`: what the exports below make JS call while they are polled.
#[wasm_bindgen]
pub async fn inner_value(n: u32) -> u32 {
    n + 1
}

/// Calls JS during its poll, which calls another async export: resolves with that
/// export's promise.
#[wasm_bindgen]
pub async fn calls_js_that_calls_an_export() -> JsValue {
    call_back()
}

/// The same under upstream's attribute.
#[::wasm_bindgen::prelude::wasm_bindgen]
pub async fn upstream_calls_js_that_calls_an_export() -> JsValue {
    call_back()
}

/// Awaits an async import whose JS calls an async export of this module.
#[wasm_bindgen]
pub async fn awaits_an_import_served_by_an_export() -> JsValue {
    call_back_async().await
}

/// Resolves with `value` after an await (a `then` getter of `value` runs as the promise
/// is resolved, inside the runtime's run).
#[wasm_bindgen]
pub async fn resolves_with(value: JsValue) -> JsValue {
    sleep(1).await;
    value
}

/// Replaces the panic hook twice, as two libraries might (the second hook may be
/// allocated where the first was freed).
#[wasm_bindgen]
pub fn set_two_hooks() {
    std::panic::set_hook(Box::new(|_| hook_saw("hook 1")));
    let tag: &'static str = "hook 2";
    std::panic::set_hook(Box::new(move |_| hook_saw(tag)));
}

/// Installs a hook of the user's, not chaining ours, then panics in the same poll (the
/// `console_error_panic_hook::set_once()` at the top of an entry point).
///
/// # Panics
///
/// Always.
#[wasm_bindgen]
pub async fn sets_a_hook_then_panics() -> u32 {
    std::panic::set_hook(Box::new(|_| hook_saw("the user's hook")));
    let config: Option<u32> = core::hint::black_box(None);
    config.expect("config missing")
}

/// Throws a JS `Error` at its first poll.
#[wasm_bindgen]
pub async fn throws_at_once() -> u32 {
    wasm_bindgen::throw_str("thrown at the first poll")
}

/// A synchronous export that panics (JS catches the trap).
///
/// # Panics
///
/// Always.
#[wasm_bindgen]
pub fn sync_panic() {
    panic!("an unrelated synchronous panic")
}

/// A waker of the user's own (not the export task's), noting when it is woken or
/// dropped.
struct ForeignWaker;

impl std::task::Wake for ForeignWaker {
    fn wake(self: std::sync::Arc<Self>) {
        note("foreign waker woken");
    }
}

impl Drop for ForeignWaker {
    fn drop(&mut self) {
        note("foreign waker dropped");
    }
}

/// Polls an await of `sleep(ms)` once with a foreign waker (which the await table keeps
/// until the promise settles), leaks that await, and stays pending.
#[wasm_bindgen]
pub async fn keeps_a_foreign_waker(ms: u32) -> u32 {
    let waker = core::task::Waker::from(std::sync::Arc::new(ForeignWaker));
    let mut slept = Box::pin(sleep(ms));
    let _ =
        core::future::Future::poll(slept.as_mut(), &mut core::task::Context::from_waker(&waker));
    drop(waker);
    core::mem::forget(slept);
    core::future::pending::<u32>().await
}
