//! With `START_MAIN_PANICS` set, `start` panics after its await instead of returning an
//! error (`cfg(start_main_panics)`), for the test of a panic in an async `start`.

fn main() {
    println!("cargo::rerun-if-env-changed=START_MAIN_PANICS");
    println!("cargo::rustc-check-cfg=cfg(start_main_panics)");
    if std::env::var_os("START_MAIN_PANICS").is_some() {
        println!("cargo::rustc-cfg=start_main_panics");
    }
}
