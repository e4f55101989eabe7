//! Every diagnostic of `wasm-bindgen-async`, as compile-fail cases with their expected
//! output. Regenerate with `TRYBUILD=overwrite cargo test -p ui-tests` and review the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
    cases.pass("tests/pass/*.rs");
}
