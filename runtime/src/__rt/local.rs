//! Per-thread state (a leaf: it knows nothing of what is stored).
//!
//! [`local!`](crate::__rt::local::local) declares a value that each thread has one of.
//! On wasm32 without atomics there is one thread, and the value is a plain `static`
//! (`Local`), as wasm-bindgen's own crates keep theirs: smaller and faster than
//! `thread_local!`, whose lazy initialization and access-error paths would land in every
//! user's `.wasm`. Everywhere else (threads under `+atomics`, host builds for tests and
//! docs, where threads exist) it is a `thread_local!`. Both are used the same way:
//! `NAME.with(|value| ..)`.

/// A value in a `static` on a target with one thread.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
pub struct Local<T>(T);

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
impl<T> Local<T> {
    /// The value.
    pub const fn new(value: T) -> Self {
        Local(value)
    }

    /// `f` with the value (the same signature as `LocalKey::with`).
    #[inline]
    pub fn with<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
        f(&self.0)
    }
}

// SAFETY: compiled only for wasm32 without the atomics feature, where a module instance
// runs on one thread: the value is never reached from two threads.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl<T> Sync for Local<T> {}

/// `static NAME: T = const_expression;`, one per thread (see the module's notes).
macro_rules! local {
    ($(#[$attr:meta])* static $name:ident: $ty:ty = $init:expr;) => {
        #[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
        $(#[$attr])*
        static $name: $crate::__rt::local::Local<$ty> = $crate::__rt::local::Local::new($init);
        #[cfg(not(all(target_arch = "wasm32", not(target_feature = "atomics"))))]
        ::std::thread_local! {
            $(#[$attr])*
            static $name: $ty = const { $init };
        }
    };
}

pub(crate) use local;

/// A marker field for values tied to this thread's state (a slot of the await table):
/// `!Send` and `!Sync` where threads exist, nothing on wasm32 without atomics, where a
/// module instance has one thread and no value can reach another (the reason
/// wasm-bindgen marks `JsValue` `Send` and `Sync` there).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
pub type ThreadBound = core::marker::PhantomData<()>;

/// A marker field for values tied to this thread's state: `!Send` and `!Sync` here.
#[cfg(not(all(target_arch = "wasm32", not(target_feature = "atomics"))))]
pub type ThreadBound = core::marker::PhantomData<*const ()>;
