//! End-to-end tests of `wasm-bindgen-async` live in `tests/`; they run in Node through
//! `wasm-bindgen-test-runner` (`cargo xtask test`).
