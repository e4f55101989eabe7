//! Lower: decides what to generate for a checked model.
//!
//! - [`imports`]: each `async fn` import becomes a hidden synchronous import returning
//!   the promise, and an `async fn` wrapper awaiting it.
//! - [`exports`]: async exports go to the real attribute, with the futures crate it
//!   uses resolved through a hidden module that the user's crate configures.

pub mod exports;
pub mod imports;

/// A 32-bit FNV-1a hash: stable across builds, for generated names nobody writes.
pub(crate) fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}
