use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
pub async fn parse(text: String) -> Result<u32, std::num::ParseIntError> {
    text.parse()
}

/// A struct.
#[wasm_bindgen]
pub struct Parser;

#[wasm_bindgen]
impl Parser {
    /// A method with the same mistake.
    pub async fn parse(&self, text: &str) -> Result<u32, std::num::ParseIntError> {
        text.parse()
    }
}

fn main() {}
