// Edition 2021: `+ '_` borrows `self`, which a stream or iterator export cannot hold
// past the call; the error points at the return type.
use futures_core::Stream;
use wasm_bindgen_async::wasm_bindgen;

#[wasm_bindgen]
pub struct Bag {
    items: Vec<u32>,
}

#[wasm_bindgen]
impl Bag {
    pub fn values(&self) -> impl Iterator<Item = u32> + '_ {
        self.items.iter().copied()
    }

    pub fn ticks(&self) -> impl Stream<Item = u32> + '_ {
        let _ = &self.items;
        wasm_bindgen_async::__rt::Unreachable::<u32>::NEW
    }
}

fn main() {}
