//! What generated code calls: not an API. Nothing here is covered by semver.
//!
//! Leaves and layers (no module imports one that imports it back):
//!
//! | layer | modules | what |
//! | --- | --- | --- |
//! | leaves | `local`, `js`, `invariant`, `keys`, `foreign` | per-thread statics; the JS built-ins we call; how machines are borrowed; the iterators' keys and prototypes; calls into foreign JS |
//! | state | `panic` | the panic hook's records and the poison |
//! | machines | `table`, `task` | the await table; the export driver (each owns its closure) |
//! | on top | `abort`, `convert`, `cold`, `stream`, `iter` | cancellation; conversions of settled values; cold paths; streams and sync iterators across the boundary |
//!
//! - [`settle`]: the future of a promise an async import returned (`table`);
//! - [`JsCastValue`] and [`Number`]: how a settled `JsValue` becomes the declared return
//!   type without a closure per await (`convert`);
//! - [`spawn_export`] and [`spawn_start`]: an async export's promise, its future driven
//!   by the runtime, its panics turned into rejections (`task`, `panic`);
//! - [`Abort`], [`settle_armed`], [`Tracked`] and [`abortable`]: `abortable` imports and
//!   exports (`abort`);
//! - [`ImportStream`] and [`export_stream`]: stream imports and exports (`stream`);
//! - [`ImportIter`] and [`export_iter`]: iterator imports and exports (`iter`);
//! - the cold paths of the import table ([`rejected`], [`mismatch`], ...).

// Generated code hands its values over: taking them by value keeps its calls simple.
#![allow(clippy::needless_pass_by_value)]

mod abort;
mod cold;
mod convert;
mod foreign;
mod invariant;
mod iter;
mod js;
mod keys;
pub(crate) mod local;
mod panic;
mod stream;
mod table;
mod task;

pub use abort::{abortable, settle_armed, Abort, Tracked};
pub use cold::{
    item_mismatch, item_mismatch_error, items_failed, mismatch, mismatch_error, rejected,
};
pub use convert::{adopt, char_from, number, optional, JsCastValue, Number, SettleAs, Typed};
pub use foreign::caught_call;
pub use iter::{export_iter, ImportIter};
pub use stream::{
    export_stream, ExportItem, ImportStream, Request, Spawn, StreamItem, Unreachable,
};
pub use table::{live_slots, settle, Settle};
pub use task::{
    live_tasks, spawn_export, spawn_export_unguarded, spawn_start, spawn_start_unguarded,
};
