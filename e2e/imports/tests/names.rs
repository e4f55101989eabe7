//! Names, visibility and doc comments of generated items (see `src/lib.rs`).
#![deny(warnings, clippy::all, clippy::pedantic)]

use imports::{first, lookalikes, private, second};
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn same_name_in_two_modules() {
    assert_eq!(first::ping().await, "first");
    assert_eq!(second::ping().await, "second");
}

#[wasm_bindgen_test]
async fn user_items_named_like_ours() {
    assert_eq!(lookalikes::__wbga_echo(), 7);
    assert_eq!(std::mem::size_of_val(&lookalikes::__wbga_futures), 0);
    assert_eq!(lookalikes::echo(1, 2, 3, 4).await, 10);
}

#[wasm_bindgen_test]
async fn private_import_behind_public_fn() {
    assert_eq!(private::public_answer().await, 42);
}
