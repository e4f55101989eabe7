//! How a settled `JsValue` becomes an async import's declared return type, without a
//! closure per await.

use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use wasm_bindgen::{JsCast, JsValue};

use super::abort::{self, Abort};
use super::table::{settle, Settle};

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

/// `ToNumber`, then `ToUint32`: truncated, modulo 2^32 (`NaN` and infinities are 0), as JS
/// converts a value for a wasm `i32` parameter and as `x >>> 0` does, whatever the
/// magnitude (`1e20` is 1661992960; a cast through `i64` would saturate).
fn modulo_32(value: &JsValue) -> u32 {
    let n = value.unchecked_into_f64().trunc();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    if n.abs() < 9.2e18 {
        // Exact through `i64` (wasm's `i64.trunc_sat_f64_s` and a wrap): the usual case.
        (n as i64) as u32
    } else if n.is_finite() {
        // Beyond 2^63 a cast saturates; `fmod` (a library call in wasm) does not.
        n.rem_euclid(4_294_967_296.0) as u32
    } else {
        0
    }
}

/// A number type, checked (`typeof` is `number`: the check of builds with
/// `debug_assertions`) and converted as [`Number`] converts it.
///
/// # Errors
/// The value itself, when it is not a number.
pub fn number<T: Number>(value: JsValue) -> Result<T, JsValue> {
    if value.as_f64().is_some() {
        Ok(T::from_settled(&value))
    } else {
        Err(value)
    }
}

/// `value` adopted as `await` adopts it (a thenable through its own `then`; a value
/// without one as its own result), for the futures crate's `JsFuture`, which calls `then`
/// on whatever it is given.
#[must_use]
pub fn adopt(value: JsValue) -> JsValue {
    super::js::adopt(value)
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

    /// The same, with an `abortable` import's abort armed.
    fn settle_armed(&self, promise: JsValue, abort: Abort) -> SettleAs<T>;
}

impl<T: JsCast> JsCastValue<T> for Typed<T> {
    #[inline]
    fn settle(&self, promise: JsValue) -> SettleAs<T> {
        SettleAs(settle(promise), PhantomData)
    }

    #[inline]
    fn settle_armed(&self, promise: JsValue, abort: Abort) -> SettleAs<T> {
        SettleAs(abort::settle_armed(promise, abort), PhantomData)
    }
}

/// [`Settle`], its value cast to `T`.
pub struct SettleAs<T>(Settle, PhantomData<fn() -> T>);

impl<T: JsCast> Future for SettleAs<T> {
    type Output = Result<T, JsValue>;

    #[inline]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0)
            .poll(cx)
            .map(|settled| settled.map(JsCast::unchecked_into))
    }
}
