//! Sync iterators across the boundary: a Rust `Iterator` handed to JS as an iterable
//! iterator (`export`, on the `state` machine), and a JS sync iterable read as a Rust
//! `Iterator` (`import`, on the `reader` machine).

mod export;
mod import;
mod reader;
mod state;

pub use export::export_iter;
pub use import::ImportIter;
