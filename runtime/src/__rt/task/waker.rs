//! A task's waker: its packed [`Id`] as the waker's data, no reference count.
//!
//! Cloning copies the id, dropping does nothing, waking schedules the task through the
//! thread's table ([`super::wake`]), which ignores an id whose task is gone. The data is
//! an integer, never dereferenced: a waker that outlives its task, or crosses to another
//! thread (host builds), can at worst wake some task spuriously, which every future
//! tolerates.

use core::ptr;
use core::task::{RawWaker, RawWakerVTable, Waker};

use super::machine::Id;

static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, wake, wake, drop_waker);

/// The waker of the task `id`.
pub fn for_task(id: Id) -> Waker {
    // SAFETY: the vtable's functions meet `RawWaker`'s contract for this data: they only
    // read it as an integer (never dereference it), so any value is valid, a clone is
    // the same value, and nothing is owned or freed.
    unsafe { Waker::from_raw(raw(id)) }
}

fn raw(id: Id) -> RawWaker {
    // A pointer without provenance: the data is an integer, never dereferenced.
    let data = ptr::null::<()>().wrapping_byte_add(id.to_bits() as usize);
    RawWaker::new(data, &VTABLE)
}

fn id(data: *const ()) -> Id {
    #[allow(clippy::cast_possible_truncation)] // the data was made from a `u32`
    Id::from_bits(data as usize as u32)
}

unsafe fn clone(data: *const ()) -> RawWaker {
    raw(id(data))
}

unsafe fn wake(data: *const ()) {
    super::wake(id(data));
}

unsafe fn drop_waker(_: *const ()) {}
