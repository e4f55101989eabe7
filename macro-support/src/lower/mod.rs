//! Lower: decides what to generate for a checked model, as data for emit.
//!
//! - [`imports`]: each `async fn` import becomes a hidden synchronous import returning
//!   the promise, and an `async fn` wrapper awaiting it.
//! - [`exports`]: async exports go to the real attribute, with the futures crate it
//!   uses resolved through a hidden module that the user's crate configures; some go
//!   through a hidden wrapper export.

pub mod exports;
pub mod imports;

use proc_macro2::{Ident, Span};

/// `__wbga_<what>_<hash of text>`: a name no user writes by accident, stable across
/// builds (a 32-bit FNV-1a hash of `text`).
pub(crate) fn hidden_name(what: &str, text: &str) -> Ident {
    let hash = text.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    quote::format_ident!("__wbga_{}_{:08x}", what, hash, span = Span::call_site())
}
