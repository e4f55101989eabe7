//! `wasm_bindgen_async::prelude`: upstream's prelude with our attribute. In a module a
//! `macro_rules!` expands to, the two-line switch (`use wasm_bindgen::prelude::*;` and
//! `use wasm_bindgen_async::wasm_bindgen;`) is E0659 (a macro-expanded import may not
//! shadow a glob import); one glob import of our prelude compiles.
#![deny(warnings)]

macro_rules! bindings {
    ($name:ident) => {
        mod $name {
            use wasm_bindgen_async::prelude::*;

            #[wasm_bindgen(inline_js = "export async function load(key) { return key.length; }")]
            extern "C" {
                #[wasm_bindgen(catch)]
                async fn load(key: &str) -> Result<u32, JsValue>;
            }

            #[wasm_bindgen]
            pub async fn twice(key: String) -> Result<u32, JsValue> {
                Ok(load(&key).await? * 2)
            }
        }
    };
}

bindings!(api);

fn main() {
    let _ = api::twice;
}
