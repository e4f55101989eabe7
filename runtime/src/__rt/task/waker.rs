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

#[cfg(test)]
mod tests {
    use super::*;

    /// The vtable's functions on the packed data, as executors call them (under Miri in
    /// the test command): clones, wakes by reference and by value, drops. On the host the
    /// thread's machine has no such task: every wake is a no-op.
    #[test]
    fn wakers_are_plain_data() {
        for bits in [0, 1, 0x000f_ffff, 0xfff0_0000, u32::MAX] {
            let waker = for_task(Id::from_bits(bits));
            let clone = waker.clone();
            assert!(clone.will_wake(&waker) || cfg!(miri));
            assert_eq!(id(clone.data()).to_bits(), bits);
            clone.wake_by_ref();
            clone.wake();
            let other = waker.clone();
            drop(waker);
            other.wake_by_ref();
        }
    }
}
