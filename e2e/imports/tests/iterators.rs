//! Iterator imports: a `fn` returning `impl Iterator<Item = T>` reads the JS sync
//! iterable its JS function returns, as `for ... of` reads it: one `next()` per item, in
//! order; dropping the iterator before the end calls `return()` once.
#![deny(warnings, clippy::all, clippy::pedantic)]

use js_sys::JsString;
use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;
use wasm_bindgen_test::*;

#[wasm_bindgen(module = "/js/iterators.js")]
extern "C" {
    fn take_seen(what: &str) -> u32;
    fn numbers(n: u32) -> impl Iterator<Item = u32>;
    fn an_array() -> impl Iterator<Item = f64>;
    fn a_set() -> impl Iterator<Item = String>;
    fn a_map() -> impl Iterator<Item = js_sys::Array>;
    fn a_string() -> impl Iterator<Item = char>;
    #[wasm_bindgen(js_name = a_set)]
    fn a_set_js() -> impl Iterator<Item = JsString>;
    #[wasm_bindgen(catch)]
    fn not_iterable() -> impl Iterator<Item = Result<u32, JsValue>>;
    #[wasm_bindgen(catch)]
    fn async_only() -> impl Iterator<Item = Result<u32, JsValue>>;
    #[wasm_bindgen(catch)]
    fn throws_at_once() -> impl Iterator<Item = Result<u32, JsValue>>;
    #[wasm_bindgen(catch)]
    fn fails_after(n: u32) -> impl Iterator<Item = Result<u32, JsValue>>;
    #[wasm_bindgen(catch)]
    fn bad_result() -> impl Iterator<Item = Result<u32, JsValue>>;
    #[wasm_bindgen(catch)]
    fn bad_next() -> impl Iterator<Item = Result<u32, JsValue>>;
    #[wasm_bindgen(catch)]
    fn mixed() -> impl Iterator<Item = Result<String, JsValue>>;
    fn return_throws() -> impl Iterator<Item = u32>;
    fn without_return() -> impl Iterator<Item = u32>;
    #[wasm_bindgen(abortable)]
    fn until_dropped() -> impl Iterator<Item = u32>;

    type Shelf;
    fn make_shelf(items: Vec<u32>) -> Shelf;
    #[wasm_bindgen(method, getter = items)]
    fn items_array(this: &Shelf) -> JsValue;
    #[wasm_bindgen(static_method_of = Shelf, js_name = of)]
    fn shelf_of(n: u32) -> impl Iterator<Item = u32>;
    #[wasm_bindgen(js_namespace = listing)]
    fn names() -> impl Iterator<Item = String>;
}

#[wasm_bindgen_test]
fn a_generator_is_read_to_its_end() {
    let items: Vec<u32> = numbers(4).collect();
    assert_eq!(items, [0, 1, 2, 3]);
    assert_eq!(take_seen("next"), 4);
    assert_eq!(take_seen("finally"), 1, "its finally ran once, at its end");
}

#[wasm_bindgen_test]
fn the_generator_runs_only_as_far_as_rust_reads() {
    let mut items = numbers(100);
    assert_eq!(take_seen("next"), 0, "nothing read before the first next");
    assert_eq!(items.next(), Some(0));
    assert_eq!(items.next(), Some(1));
    assert_eq!(take_seen("next"), 2, "one next() per item");
    drop(items);
    assert_eq!(
        take_seen("finally"),
        1,
        "the drop's return() ran its finally"
    );
    assert_eq!(take_seen("next"), 0);
}

#[wasm_bindgen_test]
fn arrays_sets_maps_and_strings_are_iterables() {
    assert_eq!(an_array().collect::<Vec<_>>(), [1.0, 2.0, 3.0]);
    assert_eq!(a_set().collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(a_set_js().map(String::from).collect::<Vec<_>>(), ["a", "b"]);
    let entries: Vec<_> = a_map().collect();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].get(0).as_string().as_deref(), Some("k"));
    assert_eq!(a_string().collect::<String>(), "héj");
}

#[wasm_bindgen_test]
fn under_catch_failures_are_one_err_that_ends_the_iterator() {
    let err = |items: Vec<Result<u32, JsValue>>| -> Vec<Result<u32, String>> {
        items
            .into_iter()
            .map(|item| {
                item.map_err(|error| {
                    js_sys::Reflect::get(&error, &"name".into())
                        .ok()
                        .and_then(|name| name.as_string())
                        .unwrap_or_default()
                })
            })
            .collect()
    };
    assert_eq!(err(not_iterable().collect()), [Err("TypeError".to_owned())]);
    assert_eq!(
        err(async_only().collect()),
        [Err("TypeError".to_owned())],
        "an async iterable is not a sync one, as for ... of sees it"
    );
    assert_eq!(err(throws_at_once().collect()), [Err("Error".to_owned())]);
    assert_eq!(
        err(fails_after(2).collect()),
        [Ok(0), Ok(1), Err("Error".to_owned())]
    );
    assert_eq!(
        take_seen("return"),
        0,
        "no return() after the iterator threw"
    );
    assert_eq!(
        err(bad_result().collect()),
        [Ok(1), Err("TypeError".to_owned())]
    );
    let items: Vec<_> = bad_next().collect();
    assert_eq!(items.len(), 1);
    let message = js_sys::Error::from(items[0].clone().unwrap_err()).message();
    assert_eq!(
        String::from(message),
        "the iterator's `next` is not a function"
    );
}

#[wasm_bindgen_test]
fn under_catch_an_item_of_the_wrong_type_is_an_err_and_the_iterator_goes_on() {
    // (Strings are checked in every build; numbers, as async import results, in debug
    // builds only.)
    let items: Vec<Result<String, JsValue>> = mixed().collect();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].as_deref().ok(), Some("one"));
    let message = js_sys::Error::from(items[1].clone().unwrap_err()).message();
    assert_eq!(
        String::from(message),
        "iterator import `mixed` is declared to yield `String`, but it yielded JsValue(2)"
    );
    assert_eq!(items[2].as_deref().ok(), Some("three"));
}

#[wasm_bindgen_test]
fn a_drop_calls_return_once_and_swallows_what_it_throws() {
    let mut items = return_throws();
    assert_eq!(items.next(), Some(1));
    drop(items);
    assert_eq!(take_seen("return"), 1);
    let mut items = without_return();
    assert_eq!(items.next(), Some(5));
    drop(items);
    // A drop after the end calls nothing.
    let mut items = fails_after(1);
    assert!(items.next().is_some());
    assert!(items.next().is_some_and(|item| item.is_err()));
    drop(items);
    assert_eq!(take_seen("return"), 0);
}

#[wasm_bindgen_test]
fn abortable_aborts_the_signal_when_dropped_before_the_end() {
    let mut items = until_dropped();
    assert_eq!(items.next(), Some(0));
    assert_eq!(take_seen("aborted"), 0);
    drop(items);
    assert_eq!(take_seen("aborted"), 1);
}

#[wasm_bindgen_test]
fn static_methods_and_namespaces() {
    assert_eq!(Shelf::shelf_of(3).collect::<Vec<_>>(), [0, 10, 20]);
    assert_eq!(names().collect::<Vec<_>>(), ["x", "y"]);
    assert!(make_shelf(vec![1]).items_array().is_object());
}

#[wasm_bindgen_test]
fn an_iterator_import_is_an_ordinary_rust_iterator() {
    let doubled: u32 = numbers(5).map(|x| x * 2).filter(|x| x % 4 == 0).sum();
    assert_eq!(doubled, 12);
    let mut items = numbers(3).fuse();
    assert_eq!(items.by_ref().count(), 3);
    assert_eq!(items.next(), None, "fused: none again after the end");
    take_seen("next");
    take_seen("finally");
}
