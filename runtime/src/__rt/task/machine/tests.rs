//! The driver (`driver::run_all`, `first_guarded`, `poison`) and the machine against a
//! model of JS: random schedules of export calls (a `Fresh` task and its reaction) and
//! `start` tasks, polls whose scripted futures wake themselves or other tasks (before or
//! in the same poll as completing), call exports, complete, throw a JS exception or trap
//! (a panic), or trap in their `Drop`; wakes from outside (a settled promise, in a
//! reaction of the await table that polls the task at once, or elsewhere) of live,
//! finished and long-gone tasks; microtasks in JS order. Throws are caught where they
//! happen, as the wasm host's catch does. The invariants of `machine` are checked after
//! every step, and at the end.

// The model's records are plain flags, as the invariants state them.
#![allow(clippy::struct_excessive_bools)]

use super::super::driver::{self, Host};
use super::*;
use proptest::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Poll, Wake, Waker};

#[derive(Clone, Copy, Debug, PartialEq)]
enum End {
    Pending,
    Ready,
    /// `Ready`, then its `Drop` traps.
    ReadyDropTraps,
    /// A JS exception thrown through the poll.
    Throw,
    /// A panic: a trap.
    Trap,
}

#[derive(Clone, Debug)]
struct Action {
    wake_self: bool,
    wake_other: Option<usize>,
    spawn: bool,
    /// Wake itself after deciding to end (a `Shared` future completing wakes the others).
    wake_self_late: bool,
    end: End,
}

fn action() -> impl Strategy<Value = Action> {
    let end = prop_oneof![
        6 => Just(End::Pending),
        4 => Just(End::Ready),
        1 => Just(End::ReadyDropTraps),
        1 => Just(End::Throw),
        1 => Just(End::Trap),
    ];
    (
        any::<bool>(),
        proptest::option::of(any::<usize>()),
        proptest::bool::weighted(0.1),
        any::<bool>(),
        end,
    )
        .prop_map(
            |(wake_self, wake_other, spawn, wake_self_late, end)| Action {
                wake_self,
                wake_other,
                spawn,
                wake_self_late,
                end,
            },
        )
}

#[derive(Clone, Debug)]
enum Op {
    /// A call of an async export: a `Fresh` task and its reaction.
    Spawn(Vec<Action>),
    /// An async `start`: a task queued for the next run.
    Start(Vec<Action>),
    /// JS wakes a task (any: live, finished, gone) outside our reactions.
    Wake(usize),
    /// The await table's reaction wakes a task: polled at once when the waker is the
    /// task's own (`own`), else woken as usual.
    WakeInReaction(usize, bool),
    Microtask,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => proptest::collection::vec(action(), 0..6).prop_map(Op::Spawn),
        1 => proptest::collection::vec(action(), 0..6).prop_map(Op::Start),
        2 => any::<usize>().prop_map(Op::Wake),
        2 => (any::<usize>(), any::<bool>()).prop_map(|(which, own)| Op::WakeInReaction(which, own)),
        5 => Just(Op::Microtask),
    ]
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Settled {
    Resolved,
    /// Rejected with its own panic.
    Panicked,
    /// Rejected because another task's panic poisoned the instance.
    Poisoned,
    /// A JS exception went through it: its promise stays pending.
    Abandoned,
}

/// What the model knows of one task.
#[derive(Default)]
struct TaskState {
    id: Option<Id>,
    script: VecDeque<Action>,
    polls: usize,
    done: bool,
    /// Threw or trapped (in a poll or in `Drop`): nothing of it may run again.
    dead: bool,
    drops: usize,
    /// Handed out by `poison`: leaked.
    leaked: bool,
    settled: Vec<Settled>,
    /// Woken since its last poll started.
    woken: bool,
}

struct Mock {
    task: usize,
    states: Rc<RefCell<Vec<TaskState>>>,
}

impl Drop for Mock {
    fn drop(&mut self) {
        let mut states = self.states.borrow_mut();
        let state = &mut states[self.task];
        assert!(!state.dead, "a future dropped after it threw");
        assert!(!state.leaked, "a poisoned future dropped");
        state.drops += 1;
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Micro {
    Run,
    /// The reaction of the call that spawned this task.
    First(usize),
}

/// A task's promise: settled through the reaction of its call (`reaction`: until its
/// first poll ended pending), else directly.
#[derive(Clone, Copy, PartialEq, Debug)]
struct Promise {
    task: usize,
    reaction: bool,
}

#[derive(Default)]
struct Model {
    tasks: RefCell<Tasks<Mock, Promise, usize>>,
    states: Rc<RefCell<Vec<TaskState>>>,
    micro: RefCell<VecDeque<Micro>>,
    /// What the throwing poll was: a panic (`true`) or an exception.
    throwing: Cell<Option<bool>>,
    poisoned: Cell<bool>,
    /// The outcome of a first poll, for its reaction.
    first: Cell<Option<Settled>>,
}

thread_local! {
    static MODEL: RefCell<Option<Rc<Model>>> = const { RefCell::new(None) };
}

fn with_model<R>(f: impl FnOnce(&Rc<Model>) -> R) -> R {
    MODEL.with(|model| f(model.borrow().as_ref().expect("a model")))
}

/// A test waker: wakes the task `id` of the thread's model.
struct TestWaker(Id);

impl Wake for TestWaker {
    fn wake(self: Arc<Self>) {
        let id = self.0;
        with_model(|model| model.wake(id));
    }
}

impl Model {
    fn wake(&self, id: Id) {
        if let Some(state) = self
            .states
            .borrow_mut()
            .iter_mut()
            .find(|s| s.id == Some(id))
        {
            state.woken = true;
        }
        // A borrow held across a poll would make this fail: none may be.
        let schedule = self.tasks.try_borrow_mut().expect("not borrowed").wake(id);
        if schedule {
            self.schedule_run();
        }
    }

    fn spawn(&self, script: Vec<Action>, export: bool) {
        let task = {
            let mut states = self.states.borrow_mut();
            states.push(TaskState {
                script: script.into(),
                ..TaskState::default()
            });
            states.len() - 1
        };
        let mock = Mock {
            task,
            states: Rc::clone(&self.states),
        };
        if self.poisoned.get() {
            // As `export`/`start`: rejected at once, the future leaked.
            self.states.borrow_mut()[task].leaked = true;
            std::mem::forget(mock);
            self.states.borrow_mut()[task]
                .settled
                .push(Settled::Poisoned);
            return;
        }
        let promise = Promise {
            task,
            reaction: export,
        };
        if export {
            // The reaction is registered first, then the task spawned.
            self.micro.borrow_mut().push_back(Micro::First(task));
            let Ok(id) = self.tasks.borrow_mut().spawn_fresh(mock, promise, task) else {
                panic!("2^20 tasks")
            };
            self.states.borrow_mut()[task].id = Some(id);
        } else {
            let Ok(schedule) = self.tasks.borrow_mut().spawn(mock, promise, task) else {
                panic!("2^20 tasks")
            };
            // The id is the last one the queue got.
            let id = self.tasks.borrow().last_queued().expect("queued");
            self.states.borrow_mut()[task].id = Some(id);
            if schedule {
                self.schedule_run();
            }
        }
    }

    /// The await table's reaction wakes the task `id`: with its own waker, the task is
    /// polled in this reaction; else the waker wakes it as usual.
    fn wake_in_reaction(&self, id: Id, own: bool) {
        if !own {
            self.wake(id);
            return;
        }
        let polls = {
            let mut states = self.states.borrow_mut();
            let state = states
                .iter_mut()
                .find(|s| s.id == Some(id))
                .expect("a task");
            state.woken = true;
            state.polls
        };
        if self.tasks.borrow_mut().wake(id) {
            driver::run_all(self);
            let states = self.states.borrow();
            let state = states.iter().find(|s| s.id == Some(id)).expect("a task");
            assert!(
                state.polls > polls || state.leaked,
                "a task woken by its own await's reaction is polled in it"
            );
        }
    }

    fn microtask(&self) {
        let next = self.micro.borrow_mut().pop_front();
        match next {
            Some(Micro::Run) => driver::run_all(self),
            Some(Micro::First(task)) => {
                self.first.set(None);
                match driver::first_guarded(self) {
                    None => panic!("a reaction without its task"),
                    Some(Err(meta)) => {
                        assert_eq!(meta, task, "each reaction finds its own task");
                        assert!(self.poisoned.get(), "only the poison frees a Fresh task");
                        self.states.borrow_mut()[task]
                            .settled
                            .push(Settled::Poisoned);
                    }
                    Some(Ok(id)) => {
                        assert_eq!(self.states.borrow()[task].id, Some(id), "its own task");
                        if let Some(outcome) = self.first.take() {
                            self.states.borrow_mut()[task].settled.push(outcome);
                        } else {
                            // Pending: settled directly from now on.
                            let replaced = self.tasks.borrow_mut().replace_promise(
                                id,
                                Promise {
                                    task,
                                    reaction: false,
                                },
                            );
                            assert_eq!(
                                replaced,
                                Ok(Promise {
                                    task,
                                    reaction: true
                                }),
                                "a pending first poll leaves its task waiting"
                            );
                        }
                    }
                }
            }
            None => {}
        }
    }

    /// Records how `promise` settled: through its reaction's outcome, or directly.
    fn settled(&self, promise: Promise, how: Settled) {
        if promise.reaction {
            assert!(
                self.first.replace(Some(how)).is_none(),
                "one outcome per reaction"
            );
        } else {
            self.states.borrow_mut()[promise.task].settled.push(how);
        }
    }

    fn check(&self) {
        let states = self.states.borrow();
        for (task, state) in states.iter().enumerate() {
            assert!(
                state.settled.len() <= 1,
                "task {task}'s promise settled twice: {:?}",
                state.settled
            );
            assert!(state.drops <= 1, "task {task} dropped twice");
            if state.drops == 1 {
                assert!(state.done && !state.dead && !state.leaked);
            }
        }
        let live = states
            .iter()
            .filter(|s| s.settled.is_empty() && !s.leaked)
            .count();
        assert_eq!(self.tasks.borrow().live(), live, "live tasks");
    }
}

impl Host for Model {
    type Future = Mock;
    type Promise = Promise;
    type Meta = usize;
    type Output = u64;
    type Caught = ();

    fn tasks<R>(&self, transition: impl FnOnce(&mut Tasks<Mock, Promise, usize>) -> R) -> R {
        transition(&mut self.tasks.try_borrow_mut().expect("not re-entered"))
    }

    fn poll(&self, id: Id, future: &mut Mock, task: usize) -> Option<Poll<u64>> {
        assert_eq!(future.task, task);
        let action = {
            let mut states = self.states.borrow_mut();
            let state = &mut states[task];
            assert!(!state.done, "polled after Ready");
            assert!(!state.dead, "polled after a throw");
            assert!(!state.leaked, "polled after the poison");
            assert!(!self.poisoned.get(), "polled after a panic");
            assert_eq!(state.id, Some(id));
            state.polls += 1;
            state.woken = false;
            state.script.pop_front().unwrap_or(Action {
                wake_self: false,
                wake_other: None,
                spawn: false,
                wake_self_late: false,
                end: End::Pending,
            })
        };
        let waker = Waker::from(Arc::new(TestWaker(id)));
        if action.wake_self {
            waker.wake_by_ref();
        }
        if let Some(other) = action.wake_other {
            let other = {
                let states = self.states.borrow();
                states[other % states.len()].id
            };
            if let Some(other) = other {
                self.wake(other);
            }
        }
        if action.spawn {
            self.spawn(vec![], true);
        }
        if action.wake_self_late {
            waker.wake_by_ref();
        }
        let mut states = self.states.borrow_mut();
        let state = &mut states[task];
        match action.end {
            End::Pending => Some(Poll::Pending),
            End::Ready => {
                state.done = true;
                Some(Poll::Ready(task as u64))
            }
            End::ReadyDropTraps => {
                state.done = true;
                state.script.push_front(Action {
                    wake_self: false,
                    wake_other: None,
                    spawn: false,
                    wake_self_late: false,
                    end: End::Trap,
                });
                Some(Poll::Ready(task as u64))
            }
            End::Throw | End::Trap => {
                state.dead = true;
                self.throwing.set(Some(action.end == End::Trap));
                None
            }
        }
    }

    fn drop_future(&self, future: Mock, task: usize) -> Option<()> {
        let traps = {
            let mut states = self.states.borrow_mut();
            let state = &mut states[task];
            let traps = state.script.front().is_some_and(|a| a.end == End::Trap) && state.done;
            if traps {
                state.dead = true;
            }
            traps
        };
        if traps {
            std::mem::forget(future);
            self.throwing.set(Some(true));
            return None;
        }
        drop(future);
        Some(())
    }

    fn polled(&self, _: usize) {}

    fn settle(&self, promise: Promise, output: u64) {
        assert_eq!(output, promise.task as u64, "its own output");
        self.settled(promise, Settled::Resolved);
    }

    fn schedule_run(&self) {
        self.micro.borrow_mut().push_back(Micro::Run);
    }

    fn guarded_run(&self) -> Result<(), ()> {
        match driver::run(self) {
            driver::Ran::Completed => Ok(()),
            driver::Ran::Threw => Err(()),
        }
    }

    fn guarded_first(&self, id: Id) -> Result<(), ()> {
        match driver::first(self, id) {
            driver::Ran::Completed => Ok(()),
            driver::Ran::Threw => Err(()),
        }
    }

    fn threw(&self, task: usize, promise: Promise, (): ()) {
        assert_eq!(promise.task, task, "the thrower's own promise");
        let panicked = self.throwing.take().expect("a throw was scripted");
        if !panicked {
            self.settled(promise, Settled::Abandoned);
            return;
        }
        self.settled(promise, Settled::Panicked);
        self.poisoned.set(true);
        for (promise, task) in driver::poison(self) {
            assert_eq!(promise.task, task);
            let mut states = self.states.borrow_mut();
            assert_eq!(states[task].drops, 0);
            states[task].leaked = true;
            if !promise.reaction {
                states[task].settled.push(Settled::Poisoned);
            }
        }
    }

    fn stray(&self, (): ()) {
        panic!("a throw that was no task's");
    }
}

fn run_schedule(ops: &[Op]) {
    let model = Rc::new(Model::default());
    MODEL.with(|cell| *cell.borrow_mut() = Some(Rc::clone(&model)));
    for op in ops {
        let id_of = |which: usize| {
            let states = model.states.borrow();
            (!states.is_empty())
                .then(|| states[which % states.len()].id)
                .flatten()
        };
        match op {
            Op::Spawn(script) => model.spawn(script.clone(), true),
            Op::Start(script) => model.spawn(script.clone(), false),
            Op::Wake(which) => {
                if let Some(id) = id_of(*which) {
                    model.wake(id);
                }
            }
            Op::WakeInReaction(which, own) => {
                if let Some(id) = id_of(*which) {
                    model.wake_in_reaction(id, *own);
                }
            }
            Op::Microtask => model.microtask(),
        }
        model.check();
    }
    // Quiescence: every microtask runs.
    let mut steps = 0;
    while !model.micro.borrow().is_empty() {
        model.microtask();
        model.check();
        steps += 1;
        assert!(steps < 100_000, "the queue never drains");
    }
    for (task, state) in model.states.borrow().iter().enumerate() {
        let finished = !state.settled.is_empty() || state.leaked;
        assert!(
            finished || !state.woken,
            "task {task} was woken and never polled again"
        );
        if state.done && !state.dead {
            assert_eq!(state.drops, 1, "task {task} completed and was not dropped");
        }
    }
    MODEL.with(|cell| cell.borrow_mut().take());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::__rt::invariant::proptest_cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_schedules_keep_the_invariants(ops in proptest::collection::vec(op(), 1..120)) {
        run_schedule(&ops);
    }
}

fn act(end: End) -> Action {
    Action {
        wake_self: false,
        wake_other: None,
        spawn: false,
        wake_self_late: false,
        end,
    }
}

/// Class 1 of the soundness issue: a future that wakes its own task and completes in the
/// same poll is never polled again.
#[test]
fn a_future_that_wakes_itself_and_completes_is_not_polled_again() {
    let mut ready = act(End::Ready);
    ready.wake_self = true;
    run_schedule(&[
        Op::Spawn(vec![act(End::Pending), ready]),
        Op::Microtask,
        Op::Wake(0),
        Op::Microtask,
        Op::Microtask,
        Op::Microtask,
    ]);
}

/// Class 2: a future that wakes itself and then throws or traps is never polled again.
#[test]
fn a_future_that_wakes_itself_and_throws_is_not_polled_again() {
    for end in [End::Throw, End::Trap] {
        let mut throws = act(end);
        throws.wake_self = true;
        run_schedule(&[
            Op::Spawn(vec![act(End::Pending), throws]),
            Op::Spawn(vec![act(End::Pending), act(End::Ready)]),
            Op::Microtask,
            Op::Wake(0),
            Op::Wake(1),
            Op::Microtask,
            Op::Microtask,
            Op::Microtask,
        ]);
    }
}

/// Class 3: after a trap, no future is dropped (the pending ones are leaked).
#[test]
fn after_a_trap_no_future_is_dropped() {
    run_schedule(&[
        Op::Spawn(vec![act(End::Pending), act(End::Trap)]),
        Op::Spawn(vec![act(End::Pending), act(End::Ready)]),
        Op::Microtask,
        Op::Wake(0),
        Op::Microtask,
        Op::Microtask,
        Op::Wake(1),
        Op::Microtask,
    ]);
}

/// A throw cuts a run short: the tasks it had not reached are polled in the same
/// reaction, right after the throw was handled.
#[test]
fn a_run_cut_short_by_a_throw_goes_on_with_the_rest() {
    run_schedule(&[
        Op::Spawn(vec![act(End::Pending), act(End::Throw)]),
        Op::Spawn(vec![act(End::Pending), act(End::Ready)]),
        Op::Microtask,
        Op::Microtask,
        Op::Wake(0),
        Op::Wake(1),
        Op::Microtask,
    ]);
}

/// The reactions of export calls each poll their own task, in call order, and a task
/// pending at its first poll is settled directly afterwards; a task the poison freed
/// before its reaction came is rejected by that reaction.
#[test]
fn each_reaction_polls_its_own_task() {
    run_schedule(&[
        Op::Spawn(vec![act(End::Ready)]),
        Op::Spawn(vec![act(End::Pending), act(End::Ready)]),
        Op::Spawn(vec![act(End::Trap)]),
        Op::Spawn(vec![act(End::Ready)]),
        Op::Microtask,
        Op::Microtask,
        Op::Microtask,
        Op::Microtask,
    ]);
}

/// The await table's reaction polls the task it woke at once, when the waker is the
/// task's own; a throw there is handled in that reaction.
#[test]
fn a_wake_in_a_reaction_polls_at_once() {
    for end in [End::Ready, End::Throw, End::Trap] {
        run_schedule(&[
            Op::Spawn(vec![act(End::Pending), act(end)]),
            Op::Spawn(vec![act(End::Pending), act(End::Ready)]),
            Op::Microtask,
            Op::Microtask,
            Op::WakeInReaction(0, true),
            Op::WakeInReaction(1, false),
            Op::Microtask,
        ]);
    }
}
