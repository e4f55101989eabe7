//! What the runtime knows of panics: the hook that records their messages, and the
//! poison (a leaf above `js` and `local`: it polls nothing and wakes nothing; the
//! driver, `task`, acts on what it says).
//!
//! With `panic = "abort"` (the only strategy stable Rust has for wasm32) a panic runs
//! the panic hook, then traps: a `WebAssembly.RuntimeError` unwinds the wasm frames to
//! the nearest JS caller, skipping every destructor on the way. The driver polls export
//! futures only inside a catch of its own, so the trap comes back to it at once, in the
//! same reaction. A throw there was a panic when the standard library is panicking and
//! either our hook recorded a panic during that poll, or it started panicking during it
//! (`std::thread::panicking()` turned true: a hook that replaced ours in the very poll
//! that panicked took the message, not the fact). Our hook records only inside a guarded
//! poll ([`enter`] .. [`leave`]), and the record is cleared when the next poll starts.
//! So a `WebAssembly.RuntimeError` thrown by JS, a panic outside our polls (a
//! `spawn_local` task, a synchronous export JS catches), or a trap that is not a panic
//! (a stack overflow) is not taken for one of our exports' panics.
//!
//! Our hook is chained with the user's, whichever was installed first: [`ensure_hook`]
//! runs before every run of the driver's queue that polls a guarded task, and re-chains
//! when the hook was replaced (a hook installed while an export is pending included). It
//! recognizes its own hook by its pointer *and* vtable, so that another hook allocated
//! where ours was freed is not taken for ours.

use core::cell::{Cell, OnceCell};

use wasm_bindgen::{JsError, JsValue};

use super::js;
use super::local::local;

/// A panic hook, as `std::panic::set_hook` takes it.
type Hook = dyn Fn(&std::panic::PanicHookInfo<'_>) + Sync + Send;

/// A panic as our hook saw it: its message, then ` (at file:line:col)` when the location
/// is known.
pub struct Panicked {
    text: String,
    /// How many bytes of `text` are the bare message.
    message_len: usize,
}

impl Panicked {
    fn bare(text: String) -> Self {
        let message_len = text.len();
        Panicked { text, message_len }
    }

    /// The bare message, as upstream's `PanicError` carries it.
    fn message(&self) -> &str {
        self.text.get(..self.message_len).unwrap_or(&self.text)
    }
}

/// The first panic: which export, and its message (with its location).
struct Poison {
    export: String,
    message: String,
}

struct State {
    poison: OnceCell<Poison>,
    /// The panic inside the current guarded poll.
    last: Cell<Option<Panicked>>,
    /// The hook we installed (pointer and vtable), to see whether it was replaced. Only
    /// compared, never dereferenced.
    hook: Cell<Option<*const Hook>>,
    /// Whether the standard library was already panicking when the poll started.
    panicking: Cell<bool>,
    /// Inside a guarded poll: a panic now reaches JS as a rejection carrying its message.
    surfacing: Cell<bool>,
}

local! {
    static STATE: State = State {
        poison: OnceCell::new(),
        last: Cell::new(None),
        hook: Cell::new(None),
        panicking: Cell::new(false),
        surfacing: Cell::new(false),
    };
}

/// A guarded poll starts: a panic from now on is recorded (an earlier record is dropped).
pub fn enter() {
    let panicking = std::thread::panicking();
    let earlier = STATE.with(|state| {
        state.surfacing.set(true);
        state.panicking.set(panicking);
        state.last.take()
    });
    drop(earlier);
}

/// The guarded poll ended (returned, or trapped: then the driver calls this when the
/// throw reaches it).
pub fn leave() {
    STATE.with(|state| state.surfacing.set(false));
}

/// Whether the throw that just ended a guarded poll was a panic, and its message: the
/// standard library started panicking during the poll (what our hook recorded then, or
/// a stand-in when a hook installed during the poll took the message). A JS exception
/// thrown through the poll, even a `WebAssembly.RuntimeError` thrown by JS, is no panic;
/// nor is a panic caught and recovered inside the poll (with `panic = "unwind"`: the
/// standard library is no longer panicking), whatever was thrown after it.
pub fn take_panic() -> Option<Panicked> {
    let (recorded, was_panicking) = STATE.with(|state| (state.last.take(), state.panicking.get()));
    if !std::thread::panicking() {
        return None;
    }
    match recorded {
        Some(message) => Some(message),
        None if !was_panicking => Some(Panicked::bare(
            "(its message went to a panic hook installed while it ran, instead of ours)".to_owned(),
        )),
        None => None,
    }
}

/// Whether a panic now would reach JS as a rejection carrying its message: when not, the
/// runtime's own panics (a rejection without `catch`, a mismatch) log their message to
/// the console first, since the trap alone says only `unreachable`.
pub fn surfacing() -> bool {
    STATE.with(|state| state.surfacing.get())
}

/// Logs `parts` (concatenated), `value` and `after` with `console.error` unless a panic
/// now would surface as a rejection (see [`surfacing`]). Built without `format!`: the
/// cold path stays small in every user's `.wasm`.
pub fn log_unless_surfacing(parts: &[&str], value: &JsValue, after: &str) {
    if !surfacing() {
        js::console_error(&concat(parts), value, after);
    }
}

/// Whether an earlier panic poisoned the instance (a panic in an async export).
pub fn is_poisoned() -> bool {
    STATE.with(|state| state.poison.get().is_some())
}

/// Whether a panic trapped (`panic = "abort"`: the standard library stays panicking
/// after a trap), wherever it was (an async export, a sync export, a callback, an
/// exported iterator's `next()`), or the instance is poisoned. Streams and iterators
/// handed to JS check it before they run the user's code: after a trap, none runs again.
/// (Async exports do not: a page that catches a synchronous export's panic and goes on
/// works under upstream's attribute, and keeps working; see `docs/design.md`.)
pub fn trapped_or_poisoned() -> bool {
    is_poisoned() || (cfg!(panic = "abort") && std::thread::panicking())
}

/// The rejection of a call of the export `name` once the instance is poisoned.
pub fn poisoned_error(name: &str) -> Option<JsValue> {
    STATE.with(|state| {
        state.poison.get().map(|poison| {
            JsError::new(&concat(&[
                "async export `",
                name,
                "` rejected: this instance panicked in async export `",
                &poison.export,
                "`: ",
                &poison.message,
                "; create a new instance",
            ]))
            .into()
        })
    })
}

/// A panic in the export `name`: poisons the instance (the first time) and returns the
/// error its promise rejects with: a `PanicError` as upstream's under `panic =
/// "unwind"` (so that one `catch` handles both builds), whose message adds the export's
/// name, the location and the poison, and which carries the bare message and the
/// export's name as properties of their own (`js::mark_panic_error`).
pub fn poison(name: &str, panic: Panicked) -> JsValue {
    let error = JsError::new(&concat(&[
        "panic in async export `",
        name,
        "`: ",
        &panic.text,
        "; this instance is poisoned: every async export now rejects; create a new instance",
    ]))
    .into();
    js::mark_panic_error(&error, panic.message(), name);
    STATE.with(|state| {
        let _ = state.poison.set(Poison {
            export: name.to_owned(),
            message: panic.text,
        });
    });
    error
}

/// The export's name in a `type_name` of its future (`..::__wasm_bindgen_generated_<name>
/// ::{{closure}}`, where one support module serves several exports), else `name` itself.
pub fn export_name(name: &str) -> &str {
    // Byte searches and `get`: no `str::find` pattern machinery, no slicing panics (and
    // their formatting) in every user's `.wasm`.
    const PREFIX: &[u8] = b"__wasm_bindgen_generated_";
    let bytes = name.as_bytes();
    let Some(start) = bytes
        .windows(PREFIX.len())
        .position(|window| window == PREFIX)
        .map(|at| at + PREFIX.len())
    else {
        return name;
    };
    let end = bytes
        .get(start..)
        .and_then(|rest| rest.iter().position(|&byte| byte == b':'))
        .map_or(bytes.len(), |at| start + at);
    name.get(start..end).unwrap_or(name)
}

/// `parts` joined (no formatting machinery).
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut joined = String::with_capacity(parts.iter().map(|part| part.len()).sum());
    for part in parts {
        joined.push_str(part);
    }
    joined
}

/// `n` in decimal (no formatting machinery).
fn decimal(mut n: u32) -> String {
    let mut digits = ['0'; 10];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = char::from_digit(n % 10, 10).unwrap_or('0');
        n /= 10;
        if n == 0 || start == 0 {
            break;
        }
    }
    digits[start..].iter().collect()
}

/// Installs our hook, chained with the current one, unless it is already the current
/// one (so that a hook the user installs later is chained too: ours first, then theirs).
pub fn ensure_hook() {
    if is_poisoned() || std::thread::panicking() {
        return;
    }
    let current = std::panic::take_hook();
    let ours = STATE.with(|state| state.hook.get());
    // The vtable too: another hook allocated where ours was freed is not ours.
    #[allow(ambiguous_wide_pointer_comparisons)]
    if ours.is_some_and(|ours| core::ptr::eq(ours, core::ptr::from_ref(&*current))) {
        std::panic::set_hook(current);
        return;
    }
    let ours: Box<Hook> = Box::new(move |info| {
        record(info);
        current(info);
    });
    let pointer = core::ptr::from_ref(&*ours);
    STATE.with(|state| state.hook.set(Some(pointer)));
    std::panic::set_hook(ours);
}

/// The hook's part: inside a guarded poll, the message and location.
fn record(info: &std::panic::PanicHookInfo<'_>) {
    if !surfacing() {
        return;
    }
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(a panic without a message)");
    let described = match info.location() {
        Some(at) => Panicked {
            message_len: message.len(),
            text: concat(&[
                message,
                " (at ",
                at.file(),
                ":",
                &decimal(at.line()),
                ":",
                &decimal(at.column()),
                ")",
            ]),
        },
        None => Panicked::bare(message.to_owned()),
    };
    let earlier = STATE.with(|state| state.last.replace(Some(described)));
    drop(earlier);
}
