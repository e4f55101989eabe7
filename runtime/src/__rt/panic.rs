//! Panics in async exports reject instead of hanging (with `panic = "abort"`, the only
//! strategy stable Rust has for wasm32).
//!
//! A panic runs the panic hook, then traps: a `WebAssembly.RuntimeError` unwinds the
//! wasm frames to the nearest JS caller, skipping every destructor on the way. `Drive`
//! polls export futures only where that caller is ours (`drive::single`), so the trap
//! comes back to us as a value. Our hook, chained with the user's (either order of
//! installation: `ensure_hook` re-chains whenever the hook was replaced), records the
//! message.
//!
//! What runs afterwards (the soundness argument, `docs/design.md`): the skipped
//! destructors leave whatever the panicking code held in an unknown state (borrow flags,
//! half-updated user data shared with other futures), and `std::thread::panicking()`
//! stays true, so that any later panic aborts at once. Continuing to run user code is
//! therefore not provably sound, and the instance is poisoned: no user future is polled
//! again; the panicking export's promise rejects with the panic, every other pending
//! export's promise rejects naming it, and every later async export call rejects at
//! once. What we run after the trap touches only state that no poll holds borrowed
//! (our tables) and fresh allocations (the error messages).

use core::cell::{Cell, RefCell};

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsError, JsValue};

use super::state::SingleThreaded;

#[wasm_bindgen]
extern "C" {
    /// `String(value)`: how an error thrown without a panic message is described.
    #[wasm_bindgen(js_name = String)]
    fn js_string(value: &JsValue) -> String;
}

/// The first panic: which export, and its message.
struct Poison {
    export: String,
    message: String,
}

struct State {
    poison: RefCell<Option<Poison>>,
    /// The message of a panic our hook saw that no poll has reported yet.
    last: RefCell<Option<String>>,
    /// The address of the hook we installed, to see whether it was replaced.
    hook: Cell<usize>,
    /// Inside a poll whose panic becomes a rejection (a guarded `Drive`'s).
    surfacing: Cell<bool>,
}

static STATE: SingleThreaded<State> = SingleThreaded(State {
    poison: RefCell::new(None),
    last: RefCell::new(None),
    hook: Cell::new(0),
    surfacing: Cell::new(false),
});

/// Sets whether a panic now would reach JS as a rejection carrying its message (inside a
/// guarded `Drive`'s poll); returns the previous setting, to restore.
pub fn set_surfacing(on: bool) -> bool {
    STATE.0.surfacing.replace(on)
}

/// Whether a panic now would reach JS as a rejection carrying its message: when not, the
/// runtime's own panics (a rejection without `catch`, a mismatch) log their message to
/// the console first, since the trap alone says only `unreachable`.
pub fn surfacing() -> bool {
    STATE.0.surfacing.get()
}

/// Logs `parts` (concatenated), `value` and `after` with `console.error` unless a panic
/// now would surface as a rejection (see [`surfacing`]). Built without `format!`: the
/// cold path stays small in every user's `.wasm`.
pub fn log_unless_surfacing(parts: &[&str], value: &JsValue, after: &str) {
    if !surfacing() {
        super::state::console_error(&concat(parts), value, after);
    }
}

/// The error an export rejects with when the instance is poisoned.
pub struct Poisoned(pub JsValue);

/// Whether an earlier panic poisoned the instance.
pub fn is_poisoned() -> bool {
    STATE
        .0
        .poison
        .try_borrow()
        .map_or(true, |poison| poison.is_some())
}

/// `Err` with the rejection for the export `name` (a `type_name`) if the instance is
/// poisoned.
pub fn check(name: &'static str) -> Result<(), Poisoned> {
    let poison = STATE.0.poison.try_borrow();
    match poison.as_deref() {
        Ok(None) => Ok(()),
        Ok(Some(poison)) => Err(Poisoned(
            JsError::new(&concat(&[
                "async export `",
                export_name(name),
                "` rejected: this instance panicked in async export `",
                &poison.export,
                "`: ",
                &poison.message,
                "; create a new instance",
            ]))
            .into(),
        )),
        Err(_) => Err(Poisoned(JsError::new("this instance is poisoned").into())),
    }
}

/// Whether our hook saw a panic that no poll has reported yet.
pub fn panicked() -> bool {
    STATE
        .0
        .last
        .try_borrow()
        .map_or(true, |last| last.is_some())
}

/// A panic (or a trap, `thrown`) in the export `name`: poisons the instance (the first
/// time), wakes every pending export so that it rejects, and returns the error its
/// promise rejects with.
pub fn poison(name: &'static str, thrown: &JsValue) -> JsValue {
    let message = STATE
        .0
        .last
        .try_borrow_mut()
        .ok()
        .and_then(|mut last| last.take())
        .unwrap_or_else(|| js_string(thrown));
    let export = export_name(name).to_owned();
    let error = JsError::new(&concat(&[
        "panic in async export `",
        &export,
        "`: ",
        &message,
        "; this instance is poisoned: every async export now rejects; create a new instance",
    ]));
    let first = match STATE.0.poison.try_borrow_mut() {
        Ok(mut poison) if poison.is_none() => {
            *poison = Some(Poison { export, message });
            true
        }
        _ => false,
    };
    if first {
        super::drive::wake_all_pending();
    }
    error.into()
}

/// What an async `start` (or `main`) whose `Drive` failed does with the error: throws
/// it (uncaught, as a failed `start` is) if the panic was its own; stops quietly if
/// another export's panic poisoned the instance while it was pending.
pub fn start_failed(error: JsValue, name: &'static str) {
    let own = STATE.0.poison.try_borrow().is_ok_and(|poison| {
        poison
            .as_ref()
            .is_some_and(|p| p.export == export_name(name))
    });
    if own {
        wasm_bindgen::throw_val(error);
    }
}

/// With `panic = "unwind"`: the rejection of an export whose future panicked and
/// unwound (nothing is left broken: no poison).
#[cfg(panic = "unwind")]
pub fn unwound_error(name: &'static str) -> JsValue {
    let message = STATE
        .0
        .last
        .try_borrow_mut()
        .ok()
        .and_then(|mut last| last.take())
        .unwrap_or_else(|| "(no message)".to_owned());
    JsError::new(&concat(&[
        "panic in async export `",
        export_name(name),
        "`: ",
        &message,
    ]))
    .into()
}

/// The export's name in a `type_name` of its future (`..::__wasm_bindgen_generated_<name>
/// ::{{closure}}`), else the `type_name` itself.
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
/// one. Called before each export's first poll, so that a hook the user installs later
/// is chained too (ours first, then theirs).
pub fn ensure_hook() {
    if is_poisoned() || std::thread::panicking() {
        return;
    }
    let current = std::panic::take_hook();
    let address = core::ptr::from_ref(&*current).cast::<()>() as usize;
    if address == STATE.0.hook.get() {
        std::panic::set_hook(current);
        return;
    }
    let ours: Box<dyn Fn(&std::panic::PanicHookInfo<'_>) + Sync + Send> = Box::new(move |info| {
        record(info);
        current(info);
    });
    STATE
        .0
        .hook
        .set(core::ptr::from_ref(&*ours).cast::<()>() as usize);
    std::panic::set_hook(ours);
}

fn record(info: &std::panic::PanicHookInfo<'_>) {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(a panic without a message)");
    let described = match info.location() {
        Some(at) => concat(&[
            message,
            " (at ",
            at.file(),
            ":",
            &decimal(at.line()),
            ":",
            &decimal(at.column()),
            ")",
        ]),
        None => message.to_owned(),
    };
    if let Ok(mut last) = STATE.0.last.try_borrow_mut() {
        *last = Some(described);
    }
}
