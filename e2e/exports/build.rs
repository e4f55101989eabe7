//! The opt-out of panic catching, for its test: with `EXPORTS_E2E_TRAP_PANICS` set, this
//! crate is built with `cfg(wasm_bindgen_async_trap_panics)`, under which a panic in an
//! async export traps as with upstream's attribute. The crate declares no `check-cfg` for
//! it: generated code must not need one.

fn main() {
    println!("cargo::rerun-if-env-changed=EXPORTS_E2E_TRAP_PANICS");
    if std::env::var_os("EXPORTS_E2E_TRAP_PANICS").is_some() {
        println!("cargo::rustc-cfg=wasm_bindgen_async_trap_panics");
    }
}
