//! Opt-in (c): a build script that sets `wasm_bindgen_use_js_sys` for this crate only.
//! It does so when `JS_SYS_ONLY_OPT_IN_BY_BUILD_SCRIPT` is set, so that the xtask can
//! check this opt-in and its toggling on the same crate. The crate declares no
//! `check-cfg` for it: generated code must not need one.

fn main() {
    println!("cargo::rerun-if-env-changed=JS_SYS_ONLY_OPT_IN_BY_BUILD_SCRIPT");
    if std::env::var_os("JS_SYS_ONLY_OPT_IN_BY_BUILD_SCRIPT").is_some() {
        println!("cargo::rustc-cfg=wasm_bindgen_use_js_sys");
    }
}
