//! What generated code calls: not an API. Nothing here is covered by semver.
//!
//! - [`settle`]: the future of a promise an async import returned (see the `slots` module
//!   for the mechanism and why it is sound);
//! - [`JsCastValue`] and [`Number`]: how a settled `JsValue` becomes the declared return
//!   type without a closure per await;
//! - [`Drive`]: an async export's future, polled between its awaits by us, its panics
//!   turned into rejections (the `drive` and `panic` modules);
//! - [`Abort`], [`AbortOnDrop`] and [`abortable`]: `abortable` imports and exports;
//! - the cold paths of the import table ([`rejected`], [`mismatch`], ...), written once
//!   here instead of once per extern block.

// Generated code hands its values over: taking them by value keeps its calls simple.
#![allow(clippy::needless_pass_by_value)]

mod abort;
mod drive;
#[cfg(not(target_feature = "atomics"))]
mod panic;
mod slots;
mod state;

use core::marker::PhantomData;

use wasm_bindgen::{JsCast, JsValue};

pub use abort::{abortable, Abort, AbortOnDrop};
pub use drive::Drive;
#[cfg(not(target_feature = "atomics"))]
pub use panic::start_failed;

/// What an async `start` whose `Drive` failed does with the error: throws it.
#[cfg(target_feature = "atomics")]
pub fn start_failed(error: wasm_bindgen::JsValue, _: &'static str) {
    wasm_bindgen::throw_val(error);
}
pub use slots::{live_slots, settle, Settle};

/// A broken invariant: a panic with a fixed message (no formatting machinery pulled into
/// every user's `.wasm` for messages that never show).
#[cold]
#[inline(never)]
pub(crate) fn fail(message: &'static str) -> ! {
    panic!("{}", message)
}

/// A rejected promise of an import without `catch`. The message reaches JS without a
/// panic hook: as the rejection of the async export being polled, or else (a
/// `spawn_local` task, a test, an export whose crate opted out of catching panics) on
/// `console.error` first, since the trap alone says only `unreachable`.
#[cold]
#[inline(never)]
pub fn rejected(import: &str, reason: JsValue) -> ! {
    #[cfg(not(target_feature = "atomics"))]
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
    #[cfg(not(target_feature = "atomics"))]
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

/// A one-character string as a `char` (any Unicode scalar value, as upstream converts
/// it); anything else is a mismatch.
///
/// # Errors
/// The value itself, when it is not a one-character string.
pub fn char_from(value: JsValue) -> Result<char, JsValue> {
    if let Some(text) = value.as_string() {
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Ok(c);
        }
    }
    Err(value)
}

/// An `Option` of a checked value: `null` and `undefined` are `None`, anything else is
/// converted by `convert` (as `TryFromJsValue` for `Option<T>` does in wasm-bindgen
/// 0.2.130; older releases reject `null`, so the generated code calls this instead).
///
/// # Errors
/// What `convert` returns for a value that is not nullish.
#[inline]
pub fn optional<T>(
    value: JsValue,
    convert: impl FnOnce(JsValue) -> Result<T, JsValue>,
) -> Result<Option<T>, JsValue> {
    if value.is_null() || value.is_undefined() {
        Ok(None)
    } else {
        convert(value).map(Some)
    }
}

/// A number type as an async import's return in builds without `debug_assertions`:
/// converted exactly as a wasm function parameter of its ABI type converts a JS value
/// (`ToNumber`, then `ToInt32`/`ToUint32` modulo 2^32 for integers), which is what
/// upstream's typed closure does with the value; no check.
pub trait Number: Sized {
    /// The value, converted.
    fn from_settled(value: &JsValue) -> Self;
}

/// `ToNumber`, then modulo 2^32 (`NaN` and infinities are 0), as wasm-bindgen's own
/// `to_uint_32`.
fn modulo_32(value: &JsValue) -> u32 {
    let n = value.unchecked_into_f64();
    if n.is_finite() {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n = (n as i64) as u32;
        n
    } else {
        0
    }
}

macro_rules! integers {
    ($($ty:ty)*) => {$(
        impl Number for $ty {
            #[inline]
            #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
            fn from_settled(value: &JsValue) -> Self {
                modulo_32(value) as $ty
            }
        }
    )*};
}
integers!(u8 u16 u32 usize i8 i16 i32 isize);

impl Number for f64 {
    #[inline]
    fn from_settled(value: &JsValue) -> Self {
        value.unchecked_into_f64()
    }
}

impl Number for f32 {
    #[inline]
    #[allow(clippy::cast_possible_truncation)]
    fn from_settled(value: &JsValue) -> Self {
        value.unchecked_into_f64() as f32
    }
}

/// `null` and `undefined` are `None`, as for upstream's optional numbers.
impl<T: Number> Number for Option<T> {
    #[inline]
    fn from_settled(value: &JsValue) -> Self {
        if value.is_null() || value.is_undefined() {
            None
        } else {
            Some(T::from_settled(value))
        }
    }
}

/// The declared return type of an async import whose value is taken as declared, for
/// autoref specialization at the call site: `(&Typed::<T>::NEW).settle(promise)` finds
/// [`JsCastValue::settle`] when `T: JsCast` (a cast, no conversion), and otherwise the
/// fallback the extern block's support module implements for `&Typed<T>`, which awaits
/// through the futures crate's typed `JsFuture<T>` (its closure converts the value).
pub struct Typed<T>(PhantomData<fn() -> T>);

impl<T> Typed<T> {
    /// The only value.
    pub const NEW: Self = Typed(PhantomData);
}

/// The fast path of [`Typed`]: a `JsCast` type is the settled value itself.
pub trait JsCastValue<T> {
    /// The future of `promise`'s value, cast to `T`.
    fn settle(&self, promise: JsValue) -> SettleAs<T>;
}

impl<T: JsCast> JsCastValue<T> for Typed<T> {
    #[inline]
    fn settle(&self, promise: JsValue) -> SettleAs<T> {
        SettleAs(settle(promise), PhantomData)
    }
}

/// [`Settle`], its value cast to `T`.
pub struct SettleAs<T>(Settle, PhantomData<fn() -> T>);

impl<T: JsCast> core::future::Future for SettleAs<T> {
    type Output = Result<T, JsValue>;

    #[inline]
    fn poll(
        mut self: core::pin::Pin<&mut Self>,
        cx: &mut core::task::Context<'_>,
    ) -> core::task::Poll<Self::Output> {
        core::pin::Pin::new(&mut self.0)
            .poll(cx)
            .map(|settled| settled.map(JsCast::unchecked_into))
    }
}
