//! Feature `trap-panics`: the crate opts out of panic catching
//! (`cfg(wasm_bindgen_async_trap_panics)`), for the benchmark of what catching costs.

fn main() {
    if std::env::var_os("CARGO_FEATURE_TRAP_PANICS").is_some() {
        println!("cargo::rustc-cfg=wasm_bindgen_async_trap_panics");
    }
}
