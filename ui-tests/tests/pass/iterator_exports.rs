//! Iterator and stream exports in the forms upstream's attribute takes elsewhere: a
//! `where` clause, the user's own `unchecked_return_type`, the iterator traits built on
//! `Iterator`.
#![deny(warnings)]

use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;

/// A `where` clause alone, as upstream takes it on any export.
#[wasm_bindgen]
pub fn evens(n: u32) -> impl Iterator<Item = u32>
where
    u32: Copy,
{
    (0..n).filter(|x| x % 2 == 0)
}

/// The user's `.d.ts` type replaces ours.
#[wasm_bindgen(unchecked_return_type = "IterableIterator<0 | 1>")]
pub fn bits() -> impl Iterator<Item = u32> {
    [0, 1].into_iter()
}

/// `IntoIterator`, `DoubleEndedIterator`, `ExactSizeIterator`.
#[wasm_bindgen]
pub fn listed() -> impl IntoIterator<Item = String> {
    vec!["a".to_owned()]
}

/// Backwards.
#[wasm_bindgen]
pub fn backwards(n: u32) -> impl DoubleEndedIterator<Item = u32> + ExactSizeIterator {
    (0..n).rev()
}

/// An async export with a `where` clause.
#[wasm_bindgen]
pub async fn later() -> u32
where
    u32: Copy,
{
    1
}

#[wasm_bindgen]
extern "C" {
    /// An iterator import as `IntoIterator`.
    #[wasm_bindgen(js_namespace = Object)]
    fn keys(o: &JsValue) -> impl IntoIterator<Item = String>;
}

/// Uses the import.
#[wasm_bindgen]
pub fn key_count(o: &JsValue) -> usize {
    keys(o).into_iter().count()
}

fn main() {}
