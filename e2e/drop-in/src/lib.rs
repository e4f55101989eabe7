//! Programs that upstream `#[wasm_bindgen]` accepts, written once and built twice: with
//! upstream's attribute (no feature) and with ours (`--features ours`, the one `use`
//! line a user adds). `cargo xtask test` builds both warning-free under clippy and runs
//! `drop-in/run.mjs`, which calls `results()` of each build and requires the same
//! values, and the values the guide promises.
#![deny(warnings, clippy::all, clippy::pedantic)]

use std::fmt::Write as _;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsGeneric;
#[cfg(feature = "ours")]
use wasm_bindgen_async::wasm_bindgen;

mod surface;

#[wasm_bindgen(module = "/js/forms.js")]
extern "C" {
    /// Generic imports: `-> T`, no return, and `catch` with `Result<T, JsValue>`.
    async fn echo<T: JsGeneric + wasm_bindgen::convert::FromWasmAbi>(x: T) -> T;
    async fn sink<T: JsGeneric>(x: T);
    #[wasm_bindgen(catch)]
    async fn echo_or_throw<T: JsGeneric + wasm_bindgen::convert::FromWasmAbi>(
        x: T,
    ) -> Result<T, JsValue>;

    /// A concrete return with a generic argument, the per-monomorphisation option, and a
    /// generic class with a generic method and a generic static method.
    async fn listed<T: JsGeneric>(x: T) -> js_sys::Array<T>;
    #[wasm_bindgen(experimental_generic_mono)]
    async fn mono<
        T: JsGeneric + wasm_bindgen::convert::FromWasmAbi + wasm_bindgen::convert::IntoWasmAbi,
    >(
        x: T,
    ) -> T;
    #[wasm_bindgen(typescript_type = "Holder<T>")]
    type Holder<T = JsValue>;
    #[wasm_bindgen(method)]
    async fn get<T: JsGeneric + wasm_bindgen::convert::FromWasmAbi>(this: &Holder<T>) -> T;
    #[wasm_bindgen(static_method_of = Holder)]
    async fn of<T: JsGeneric>(v: T) -> Holder<T>;

    /// A stack closure, called by JS before its promise settles.
    async fn call_twice(f: &dyn Fn(u32)) -> u32;
    async fn call_mut(f: &mut dyn FnMut(u32));

    /// JS-style names and eight arguments.
    async fn sumEight(
        firstValue: u32,
        b: u32,
        c: u32,
        d: u32,
        e: u32,
        f: u32,
        g: u32,
        h: u32,
    ) -> u32;

    async unsafe fn unsafe_answer() -> u32;

    /// `Result` by other names under `catch`.
    #[wasm_bindgen(catch)]
    async fn fails_alias() -> JsResult<u32>;
    #[wasm_bindgen(catch)]
    async fn resolves_alias() -> JsResult<u32>;
    #[wasm_bindgen(catch)]
    async fn fails_default() -> defaults::Result<()>;

    type Maker;
    /// String forms of a path, raw strings.
    #[wasm_bindgen(static_method_of = "Maker", js_name = r"make")]
    async fn make_one() -> Maker;
    #[wasm_bindgen(method, js_name = r#"label"#)]
    async fn label(this: &Maker) -> String;
    /// A property and an element that hold promises.
    #[wasm_bindgen(method, getter)]
    async fn ready(this: &Maker) -> String;
    #[wasm_bindgen(method, indexing_getter)]
    async fn slot(this: &Maker, index: u32) -> u32;

    /// Values exactly as upstream converts them.
    async fn resolve_char(which: u32) -> char;
    async fn resolve_number(n: f64) -> usize;
    async fn resolve_signed(n: f64) -> isize;
}

/// `Result` with its error fixed.
pub type JsResult<T> = Result<T, JsValue>;

mod defaults {
    /// `Result` with a default error type.
    pub type Result<T, E = wasm_bindgen::JsValue> = core::result::Result<T, E>;
}

/// Tokens from `macro_rules!`: every fragment kind in option values, types and names.
macro_rules! imports {
    ($module:literal, $name:ident, $js:expr, $ret:ty, $this:ty, $arg:ident: $arg_ty:ty, $m:meta) => {
        #[wasm_bindgen(module = $module)]
        extern "C" {
            #[wasm_bindgen(catch, js_name = $js)]
            async fn $name($arg: $arg_ty) -> $ret;
            #[$m]
            async fn from_macro_label(this: $this) -> String;
        }
    };
}
/// `path`, `tt` and `pat` fragments.
macro_rules! more_imports {
    ($class:path, $name:tt, $arg:pat, $ns:expr) => {
        #[wasm_bindgen(module = "/js/forms.js")]
        extern "C" {
            #[wasm_bindgen(static_method_of = $class, js_name = $name)]
            async fn make_from_macro() -> Maker;
            #[wasm_bindgen(js_namespace = $ns, js_name = "twice")]
            async fn twice_in_namespace($arg: u32) -> u32;
        }
    };
}
more_imports!(Maker, "make", x, ["math"]);

imports!(
    "/js/forms.js",
    from_macro,
    "fromMacro",
    Result<u32, JsValue>,
    &Maker,
    x: u32,
    wasm_bindgen(method, js_name = "label")
);

/// Crate-path options naming a dependency by its bare name and by a private alias.
mod paths {
    #[cfg(not(feature = "ours"))]
    use wasm_bindgen::prelude::*;
    #[cfg(feature = "ours")]
    use wasm_bindgen_async::wasm_bindgen;

    use wasm_bindgen_futures as futures_alias;

    #[wasm_bindgen(
        module = "/js/forms.js",
        wasm_bindgen = wasm_bindgen,
        wasm_bindgen_futures = wasm_bindgen_futures
    )]
    extern "C" {
        #[wasm_bindgen(js_name = unsafe_answer)]
        pub async fn answer_through_bare_names() -> u32;
    }

    #[wasm_bindgen(module = "/js/forms.js", wasm_bindgen_futures = futures_alias)]
    extern "C" {
        #[wasm_bindgen(js_name = unsafe_answer)]
        pub async fn answer_through_alias() -> u32;
    }

    /// An async export through the same options, with an import declared in its body.
    #[wasm_bindgen(wasm_bindgen_futures = futures_alias)]
    pub async fn paths_export() -> u32 {
        #[wasm_bindgen(module = "/js/forms.js", wasm_bindgen_futures = wasm_bindgen_futures)]
        extern "C" {
            #[wasm_bindgen(js_name = unsafe_answer)]
            async fn answer_in_body() -> u32;
        }
        // A module-level alias, named from inside the function body.
        #[wasm_bindgen(module = "/js/forms.js", wasm_bindgen_futures = futures_alias)]
        extern "C" {
            #[wasm_bindgen(js_name = unsafe_answer)]
            async fn answer_in_body_through_alias() -> u32;
        }
        answer_through_bare_names().await
            + answer_through_alias().await
            + answer_in_body().await
            + answer_in_body_through_alias().await
    }
}

/// Every import above, awaited; one line per check, compared between the builds.
///
/// # Errors
/// A rejection the checks did not expect.
#[wasm_bindgen]
pub async fn results() -> Result<String, JsValue> {
    let mut out = String::new();
    let mut line = |name: &str, value: &dyn std::fmt::Debug| {
        let _ = writeln!(out, "{name}: {value:?}");
    };
    let echoed: JsValue = echo(JsValue::from("generic")).await;
    line("generic -> T", &echoed);
    sink(JsValue::from(1)).await;
    line("generic, no return", &"awaited");
    line(
        "generic argument of a concrete return",
        &listed(JsValue::from(1)).await.length(),
    );
    let mono: JsValue = mono(JsValue::from(2)).await;
    line("experimental_generic_mono", &mono);
    let held: JsValue = Holder::of(JsValue::from(3)).await.get().await;
    line("generic class, method and static method", &held);
    line(
        "generic catch Ok",
        &echo_or_throw(JsValue::from(7)).await.ok(),
    );
    line(
        "generic catch Err",
        &echo_or_throw(JsValue::from("throw")).await.err(),
    );
    let seen = std::cell::Cell::new(0);
    let calls = call_twice(&|x| seen.set(seen.get() + x)).await;
    line("&dyn Fn", &(calls, seen.get()));
    let mut total = 0;
    call_mut(&mut |x| total += x).await;
    line("&mut dyn FnMut", &total);
    line("camelCase, 8 args", &sumEight(1, 2, 3, 4, 5, 6, 7, 8).await);
    // SAFETY: the import has no preconditions; `unsafe` is the user's choice here.
    line("async unsafe fn", &unsafe { unsafe_answer() }.await);
    line("catch alias Err", &fails_alias().await.err());
    line("catch alias Ok", &resolves_alias().await.ok());
    line("catch default E", &fails_default().await.err());
    let maker = Maker::make_one().await;
    let label = maker.label().await;
    line("static_method_of string", &label);
    line("macro_rules catch", &from_macro(4).await);
    let label = maker.from_macro_label().await;
    line("macro_rules method", &label);
    let ready = maker.ready().await;
    line("async getter", &ready);
    line("async indexing_getter", &maker.slot(0).await);
    let label = Maker::make_from_macro().await.label().await;
    line("macro_rules path and tt", &label);
    line(
        "macro_rules pat and namespace",
        &twice_in_namespace(21).await,
    );
    for which in 0..3 {
        line("char", &resolve_char(which).await);
    }
    for n in [-1.0, 4_294_967_297.0, 3.7] {
        line("usize", &resolve_number(n).await);
        line("isize", &resolve_signed(n).await);
    }
    line("crate paths", &paths::paths_export().await);
    Ok(out)
}

/// An exported struct with an async constructor, deprecated upstream but accepted.
#[wasm_bindgen]
pub struct Counter {
    n: u32,
}

#[wasm_bindgen]
impl Counter {
    /// JS: `await new Counter(n)`.
    #[allow(deprecated)]
    #[wasm_bindgen(constructor)]
    pub async fn new(n: u32) -> Counter {
        unsafe_answer_later().await;
        Counter { n }
    }

    /// The count.
    #[must_use]
    pub fn n(&self) -> u32 {
        self.n
    }

    /// JS: `await counter.doubled`.
    #[wasm_bindgen(getter)]
    pub async fn doubled(&self) -> u32 {
        unsafe_answer_later().await;
        self.n * 2
    }
}

/// An error that becomes a JS value.
pub struct OverLimit(u32);

impl From<OverLimit> for JsValue {
    fn from(error: OverLimit) -> JsValue {
        JsValue::from_str(&format!("over the limit by {}", error.0))
    }
}

#[wasm_bindgen]
impl Counter {
    /// Adds `by`, up to 10; JS: `await counter.addChecked(by)`.
    ///
    /// # Errors
    /// Past 10, with how far.
    #[wasm_bindgen(js_name = addChecked)]
    pub async fn add_checked(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] by: u32,
    ) -> Result<u32, OverLimit> {
        unsafe_answer_later().await;
        if self.n + by > 10 {
            return Err(OverLimit(self.n + by - 10));
        }
        self.n += by;
        Ok(self.n)
    }
}

/// Synchronous items with the option forms of the async ones: a raw-string `js_name`, a
/// type in a string, an identifier where upstream takes a string.
#[wasm_bindgen(js_name = r"syncTwice")]
#[must_use]
pub fn sync_twice(x: u32) -> u32 {
    2 * x
}

#[wasm_bindgen(module = "/js/forms.js", js_namespace = [r"math"])]
extern "C" {
    #[wasm_bindgen(js_name = r#"twice"#)]
    fn sync_math_twice(x: u32) -> js_sys::Promise;
}

#[wasm_bindgen(module = "/js/forms.js")]
extern "C" {
    #[wasm_bindgen(static_method_of = "Maker", js_name = make)]
    fn sync_make() -> js_sys::Promise;
}

/// Calls the synchronous imports above.
///
/// # Errors
/// When a promise rejects.
#[wasm_bindgen(js_name = syncImports)]
pub async fn sync_imports() -> Result<JsValue, JsValue> {
    let twice = wasm_bindgen_futures::JsFuture::from(sync_math_twice(4)).await?;
    let maker = wasm_bindgen_futures::JsFuture::from(Maker::sync_make()).await?;
    Ok(js_sys::Array::of2(&twice, &JsValue::from(maker.is_object())).into())
}

/// Parses a number; rejects with the parser's message.
///
/// # Errors
/// When `text` is not a number.
#[wasm_bindgen]
pub async fn parse_number(text: String) -> Result<u32, String> {
    unsafe_answer_later().await;
    text.parse()
        .map_err(|error: std::num::ParseIntError| error.to_string())
}

/// `&mut` of an exported struct, held until the future completes.
#[wasm_bindgen]
pub async fn bump(counter: &mut Counter) -> u32 {
    unsafe_answer_later().await;
    counter.n += 1;
    counter.n
}

/// `&mut [T]`: JS sees writes made before and after an `.await`.
#[wasm_bindgen]
pub async fn fill(x: &mut [u8]) {
    x[0] = 1;
    unsafe_answer_later().await;
    x[1] = 2;
}

async fn unsafe_answer_later() {
    // SAFETY: as above.
    let _ = unsafe { unsafe_answer() }.await;
}

/// When an export's promise settles, in microtasks after the call: ready at once.
#[allow(clippy::unused_async)] // an async export ready at once is the point
#[wasm_bindgen]
pub async fn timing_ready(log: &js_sys::Function) -> u32 {
    let _ = log.call1(&JsValue::NULL, &JsValue::from_str("body"));
    1
}

/// Ready at once with `Err`.
///
/// # Errors
/// Always.
#[allow(clippy::unused_async)]
#[wasm_bindgen]
pub async fn timing_err(log: js_sys::Function) -> Result<u32, JsValue> {
    let _ = log.call1(&JsValue::NULL, &JsValue::from_str("body"));
    Err(JsValue::from_str("no"))
}

/// Pending until `promise` settles (through the futures crate's `JsFuture`, the same in
/// both builds): then its value, or its rejection.
///
/// # Errors
/// When `promise` rejects.
#[wasm_bindgen]
pub async fn timing_after(promise: js_sys::Promise) -> Result<JsValue, JsValue> {
    wasm_bindgen_futures::JsFuture::from(promise).await
}
