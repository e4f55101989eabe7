//! More forms upstream accepts, each once broken under ours: private async helpers in an
//! exported `impl`, the attribute by another path and under `cfg_attr`, option values
//! with commas inside generic arguments, raw option names, attributes on the arguments
//! of async imports, one import in two `cfg`-exclusive blocks, and pattern arguments
//! (whose names `.d.ts` shows).
// The forms are the point: helpers that need no await, `ref` arguments.
#![allow(clippy::unused_async, clippy::toplevel_ref_arg)]

use std::fmt::Write as _;

use js_sys::{JsString, Number};
use wasm_bindgen::prelude::*;
#[cfg(feature = "ours")]
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen(module = "/js/forms.js")]
extern "C" {
    /// The attribute by its full path: `catch` must still apply.
    #[wasm_bindgen::prelude::wasm_bindgen(catch)]
    async fn reject_with(reason: &str) -> Result<JsValue, JsValue>;

    /// A generic imported class, and a static method whose option value has a comma
    /// inside its generic arguments.
    #[wasm_bindgen(typescript_type = "Pair")]
    pub type Pair<A = JsValue, B = JsValue>;
    #[wasm_bindgen(static_method_of = Pair<JsString, Number>, js_name = make)]
    async fn make_pair() -> Pair<JsString, Number>;
    #[wasm_bindgen(method, getter, js_name = first)]
    fn first(this: &Pair<JsString, Number>) -> JsString;

    /// Raw identifiers as option names.
    pub type Greeter;
    #[wasm_bindgen(js_name = greeter)]
    fn greeter() -> Greeter;
    #[wasm_bindgen(method, r#final, js_name = greet)]
    async fn greet_final(this: &Greeter, name: &str) -> String;

    /// Attributes on arguments, which describe the JS side.
    #[wasm_bindgen(js_name = sum_array)]
    async fn sum_array(#[wasm_bindgen(slice = array)] values: &[u32]) -> u32;
    #[wasm_bindgen(js_name = sum_array)]
    async fn sum_vec(#[wasm_bindgen(vec = array)] values: Vec<u32>) -> u32;
    #[wasm_bindgen(js_name = describe)]
    async fn describe(
        #[wasm_bindgen(js_name = "theValue", unchecked_param_type = "number")] value: u32,
    ) -> String;
}

/// The same async import in two blocks, under exclusive `cfg`s on the items (the
/// attribute sees both blocks: rustc evaluates a block's own `cfg` first, not its items').
#[wasm_bindgen(inline_js = "export async function mode() { return 'the mode'; }")]
extern "C" {
    #[cfg(debug_assertions)]
    async fn mode() -> Option<JsString>;
}

#[wasm_bindgen(inline_js = "export async function mode() { return 'the mode'; }")]
extern "C" {
    #[cfg(not(debug_assertions))]
    async fn mode() -> Option<JsString>;
}

/// A type whose exported `impl` has private async helpers and methods renamed by the
/// attribute's full path or under `cfg_attr`.
#[wasm_bindgen]
pub struct Helper {
    base: u32,
}

/// An error type the exported methods convert.
pub struct TooBig(u32);

impl From<TooBig> for JsValue {
    fn from(error: TooBig) -> JsValue {
        JsValue::from(format!("too big: {}", error.0))
    }
}

#[wasm_bindgen]
impl Helper {
    /// A helper.
    #[wasm_bindgen(constructor)]
    #[must_use]
    pub fn new(base: u32) -> Helper {
        Helper { base }
    }

    async fn add<T: Into<u32>>(&self, x: T) -> u32 {
        self.base + x.into()
    }

    async fn label(&self, prefix: impl AsRef<str>) -> String {
        format!("{}{}", prefix.as_ref(), self.base)
    }

    async fn name(&self) -> &str {
        "helper"
    }

    async fn checked(&self, x: u32) -> Result<u32, String> {
        if x > 100 {
            Err(format!("{x} is over 100"))
        } else {
            Ok(x)
        }
    }

    pub(crate) async fn in_the_crate(&self) -> u32 {
        self.base * 2
    }

    /// Calls the private helpers.
    ///
    /// # Errors
    /// When the sum is over 100.
    pub async fn api(&self, x: u32) -> Result<String, JsValue> {
        let sum = self.add(x).await;
        let label = self.label("#").await;
        let name = self.name().await;
        let checked = self.checked(sum).await.map_err(JsValue::from)?;
        Ok(format!(
            "{name} {label} {checked} {}",
            self.in_the_crate().await
        ))
    }

    /// Renamed under a `cfg_attr` that holds.
    #[cfg_attr(all(), wasm_bindgen(js_name = renamedWhenTrue))]
    pub async fn cfg_named(&self) -> u32 {
        self.base + 1
    }

    /// Under a `cfg_attr` that does not hold: its Rust name.
    #[cfg_attr(any(), wasm_bindgen(js_name = neverApplied))]
    pub async fn cfg_not_named(&self) -> u32 {
        self.base + 2
    }

    /// Renamed under a `cfg_attr`, with an error type converted (behind a wrapper).
    ///
    /// # Errors
    /// When `x` is over 10.
    #[cfg_attr(all(), wasm_bindgen(js_name = renamedAndChecked))]
    pub async fn cfg_named_checked(&self, x: u32) -> Result<u32, TooBig> {
        if x > 10 {
            Err(TooBig(x))
        } else {
            Ok(self.base + x)
        }
    }

    /// Renamed by the attribute's full path.
    #[wasm_bindgen::prelude::wasm_bindgen(js_name = pathNamed)]
    pub async fn path_named(&self) -> u32 {
        self.base + 3
    }

    /// Pattern arguments, behind a wrapper: `.d.ts` names them as upstream does.
    ///
    /// # Errors
    /// When the sum is over 10.
    pub async fn patterns(
        &self,
        _: u32,
        mut n: u32,
        ref name: String,
        _: bool,
    ) -> Result<String, TooBig> {
        n += self.base;
        if n > 10 {
            return Err(TooBig(n));
        }
        Ok(format!("{name}{n}"))
    }
}

/// A free function with pattern arguments, behind a wrapper.
///
/// # Errors
/// When `n` is over 10.
#[wasm_bindgen]
pub async fn free_patterns(_: u32, mut n: u32, ref label: String) -> Result<String, TooBig> {
    n += 1;
    if n > 10 {
        return Err(TooBig(n));
    }
    Ok(format!("{label}{n}"))
}

/// The imports above, awaited; one line per check.
///
/// # Errors
/// A rejection the checks did not expect.
#[wasm_bindgen]
pub async fn surface_results() -> Result<String, JsValue> {
    let mut out = String::new();
    let mut line = |name: &str, value: &dyn std::fmt::Debug| {
        let _ = writeln!(out, "{name}: {value:?}");
    };
    line("full path, catch", &reject_with("refused").await.err());
    line(
        "static_method_of with a generic comma",
        &Pair::<JsString, Number>::make_pair().await.first(),
    );
    line("raw option name", &greeter().greet_final("ada").await);
    line("slice = array", &sum_array(&[1, 2, 3]).await);
    line("vec = array", &sum_vec(vec![4, 5]).await);
    line("argument js_name", &describe(7).await);
    line("cfg-exclusive blocks", &mode().await.map(String::from));
    Ok(out)
}
