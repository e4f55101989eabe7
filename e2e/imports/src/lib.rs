//! Library-side async imports for the end-to-end tests in `tests/`, which run in Node
//! through `wasm-bindgen-test-runner` (`cargo xtask test`).
//!
//! `missing_docs` is denied here: the doc comments on the imports below must reach the
//! generated `async fn`s. The `pub` items must stay reachable from the test crates.
#![deny(warnings, missing_docs, clippy::all, clippy::pedantic)]

use wasm_bindgen_async::wasm_bindgen;

/// One import named `ping`.
pub mod first {
    use super::wasm_bindgen;

    #[wasm_bindgen(inline_js = "export async function ping() { return 'first'; }")]
    extern "C" {
        /// Pings the first module.
        pub async fn ping() -> String;
    }
}

/// Another import named `ping`, with the same signature, in a different module.
pub mod second {
    use super::wasm_bindgen;

    #[wasm_bindgen(inline_js = "export async function ping() { return 'second'; }")]
    extern "C" {
        /// Pings the second module.
        pub async fn ping() -> String;
    }
}

/// User items named like the generated ones.
pub mod lookalikes {
    use super::wasm_bindgen;

    /// A user function with the prefix of our hidden helpers.
    #[must_use]
    pub fn __wbga_echo() -> u32 {
        7
    }

    /// A user type named like the futures alias inside generated bodies.
    #[allow(non_camel_case_types)]
    pub struct __wbga_futures;

    #[wasm_bindgen(inline_js = "export async function echo(a, b, c, d) { return a + b + c + d; }")]
    extern "C" {
        /// Arguments named like the locals of the generated body.
        pub async fn echo(
            __wbga_promise: u32,
            __wbga_settled: u32,
            __wbga_reason: u32,
            __wbga_value: u32,
        ) -> u32;
    }
}

/// A private import behind a public function: visibility is the user's.
pub mod private {
    use super::wasm_bindgen;

    #[wasm_bindgen(inline_js = "export async function secret() { return 41; }")]
    extern "C" {
        async fn secret() -> u32;
    }

    /// Adds one to the private import's answer.
    pub async fn public_answer() -> u32 {
        secret().await + 1
    }
}
