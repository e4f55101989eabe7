//! Feeds arbitrary text through the attribute's expansion: the input is split at its
//! first `@` into the attribute's tokens and the item's tokens (both must lex as Rust
//! tokens; anything else is skipped), and `expand_with` must return, never panic.
//!
//! Run it with `cargo fuzz run expand` from the repository root (see the README).
#![no_main]

use libfuzzer_sys::fuzz_target;
use proc_macro2::TokenStream;
use wasm_bindgen_async_support::{expand_with, Env};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (attr, item) = text.split_once('@').unwrap_or(("", text));
    let (Ok(attr), Ok(item)) = (attr.parse::<TokenStream>(), item.parse::<TokenStream>()) else {
        return;
    };
    let use_js_sys = data.first().is_some_and(|byte| byte & 1 == 1);
    let _ = expand_with(Env { use_js_sys }, attr, item);
});
