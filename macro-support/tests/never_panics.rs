//! The macro never panics, whatever it is given.
//!
//! A hand-rolled generator (seeded, so every run tries the same inputs) starts from
//! templates of every form the attribute handles, mutates their tokens (deletes,
//! duplicates, swaps, replaces tokens, re-groups them) and pairs them with mutated or
//! random option lists. Each input goes through `expand_with`, which must return; when the
//! input item is valid Rust, the expansion must be valid Rust too (one `compile_error!`
//! or more, and items). `WBGA_PROPTEST_CASES` overrides the number of cases.

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use std::collections::BTreeSet;
use std::panic::{self, AssertUnwindSafe};
use wasm_bindgen_async_support::model::options::known_names;
use wasm_bindgen_async_support::{expand_with, Env};

mod common;
use common::Rng;

const TEMPLATES: &[(&str, &str)] = &[
    (
        r#"module = "/js/api.js""#,
        r#"extern "C" {
            #[wasm_bindgen(catch, js_name = load)]
            pub async fn load(key: &str, _: u32) -> Result<u32, JsValue>;
            async fn nothing();
            type Client;
            #[wasm_bindgen(method, structural)]
            async fn fetch(this: &Client, url: String) -> Option<String>;
            #[wasm_bindgen(static_method_of = Client)]
            async fn open() -> Client;
            fn sync_one(x: u32) -> Promise<u32>;
        }"#,
    ),
    (
        r#"js_namespace = ["a", "b"]"#,
        r#"extern "C" {
            #[wasm_bindgen(getter)] async fn size(this: &T) -> u32;
            #[wasm_bindgen(catch)] async fn f() -> u32;
            async fn g<T>(x: T) -> &'static str;
        }"#,
    ),
    (
        "js_name = loadThing",
        "pub async fn load_thing(key: &str, bytes: &[u8]) -> Result<u32, JsError> { Ok(1) }",
    ),
    (
        "start",
        "async fn start() -> Result<(), JsValue> { Ok(()) }",
    ),
    (
        "js_class = \"Counter\"",
        "impl Counter {
            #[wasm_bindgen(constructor)] pub fn new() -> Counter { Counter { n: 0 } }
            pub async fn create(n: u32) -> Self { Counter { n } }
            pub async fn get(&self) -> u32 { self.n }
            pub async fn add(&mut self, k: u32) -> u32 { self.n += k; self.n }
            #[wasm_bindgen(getter)] pub async fn bad(&self) -> u32 { 0 }
        }",
    ),
    (
        "",
        "impl Load for Thing { async fn load(&self) -> u32 { 1 } }",
    ),
    ("", "pub trait Load { async fn load(&self) -> u32; }"),
    ("inspectable", "pub struct Point { pub x: u32 }"),
    ("", "pub fn add(a: u32, b: u32) -> u32 { a + b }"),
    (
        "wasm_bindgen = ::wb, js_sys = deps::js, wasm_bindgen_futures = self::f",
        "extern \"C\" { async fn f(a: &mut [u8]) -> Vec<u8>; }",
    ),
];

const IDENTS: &[&str] = &[
    "async",
    "fn",
    "extern",
    "impl",
    "self",
    "Self",
    "catch",
    "method",
    "static_method_of",
    "js_name",
    "js_namespace",
    "getter",
    "setter",
    "constructor",
    "start",
    "main",
    "Result",
    "Option",
    "JsValue",
    "u32",
    "String",
    "str",
    "r#type",
    "_",
    "pub",
    "crate",
    "super",
    "where",
    "dyn",
    "mut",
    "const",
    "unsafe",
    "type",
    "struct",
    "trait",
    "for",
    "wasm_bindgen",
    "js_sys",
    "wasm_bindgen_futures",
    "module",
    "final",
    "cach",
    "T",
];
const PUNCTS: &[char] = &[
    '&', '*', '=', ',', ';', ':', '<', '>', '-', '#', '!', '\'', '.', '?',
];

fn random_token(rng: &mut Rng) -> TokenTree {
    match rng.below(6) {
        0 | 1 => {
            let name = *rng.pick(IDENTS);
            match name.strip_prefix("r#") {
                Some(raw) => Ident::new_raw(raw, Span::call_site()).into(),
                None => Ident::new(name, Span::call_site()).into(),
            }
        }
        2 => Punct::new(*rng.pick(PUNCTS), Spacing::Alone).into(),
        3 => match rng.below(4) {
            0 => Literal::string("x").into(),
            1 => Literal::u32_unsuffixed(3).into(),
            2 => Literal::character('c').into(),
            _ => Literal::f64_unsuffixed(1.5).into(),
        },
        _ => {
            let delimiter =
                *rng.pick(&[Delimiter::Parenthesis, Delimiter::Bracket, Delimiter::Brace]);
            let inner: TokenStream = (0..rng.below(3)).map(|_| random_token(rng)).collect();
            Group::new(delimiter, inner).into()
        }
    }
}

/// One pass of mutations over `tokens`, descending into groups.
fn mutate(rng: &mut Rng, tokens: TokenStream, rate: u64) -> TokenStream {
    let mut out: Vec<TokenTree> = Vec::new();
    for token in tokens {
        let token = match token {
            TokenTree::Group(group) if rng.chance(60) => {
                let mut new = Group::new(group.delimiter(), mutate(rng, group.stream(), rate));
                new.set_span(group.span());
                TokenTree::Group(new)
            }
            other => other,
        };
        if !rng.chance(rate) {
            out.push(token);
            continue;
        }
        match rng.below(5) {
            0 => {}
            1 => {
                out.push(token.clone());
                out.push(token);
            }
            2 => out.push(random_token(rng)),
            3 => {
                out.push(random_token(rng));
                out.push(token);
            }
            _ => {
                let previous = out.pop();
                out.push(token);
                out.extend(previous);
            }
        }
    }
    if rng.chance(rate) && !out.is_empty() {
        let at = rng.below(out.len());
        let len = rng.below(out.len() - at) + 1;
        let inner: TokenStream = out.drain(at..at + len).collect();
        let delimiter = *rng.pick(&[
            Delimiter::Parenthesis,
            Delimiter::Bracket,
            Delimiter::Brace,
            Delimiter::None,
        ]);
        out.insert(at, Group::new(delimiter, inner).into());
    }
    out.into_iter().collect()
}

/// Values in every form an option may be given, right or wrong for it: flags, strings
/// (raw ones too), identifiers, paths (crate paths included) and paths in strings, arrays,
/// numbers, lists, expressions, and a `macro_rules!` fragment's invisible group.
const VALUES: &[&str] = &[
    "",
    " = \"x\"",
    " = r\"x\"",
    " = r#\"x\"#",
    " = x",
    " = a::b",
    " = \"a::b\"",
    " = ::wasm_bindgen",
    " = self::deps::wb",
    " = super::js",
    " = Self::x",
    " = a::<b>",
    " = [\"a\", \"b\"]",
    " = [\"a\", 1]",
    " = []",
    " = 3",
    "(x)",
    " = |v| v.is_object()",
    FRAGMENT,
];

/// Stands for `name = <invisible group around "x">`, as a `$v:expr` fragment arrives.
const FRAGMENT: &str = " = $fragment";

/// Options named by any known option or by a stray word, each with a value of any form;
/// records the known names it used.
fn random_options(rng: &mut Rng, reached: &mut BTreeSet<&'static str>) -> TokenStream {
    let known: Vec<&'static str> = known_names().collect();
    let mut out = TokenStream::new();
    for i in 0..rng.below(5) {
        let name = if rng.chance(80) {
            let name = *rng.pick(&known);
            reached.insert(name);
            name
        } else {
            rng.pick(IDENTS).trim_start_matches("r#")
        };
        let value = *rng.pick(VALUES);
        let mut option: TokenStream = format!("{name}{value}").parse().unwrap_or_default();
        if value == FRAGMENT {
            let inner: TokenStream = "\"x\"".parse().expect("a literal");
            option = format!("{name} =").parse().expect("an option");
            option.extend([TokenTree::Group(Group::new(Delimiter::None, inner))]);
        }
        if i > 0 {
            out.extend([TokenTree::Punct(Punct::new(',', Spacing::Alone))]);
        }
        out.extend(option);
    }
    out
}

#[test]
fn never_panics_on_generated_and_mutated_input() {
    let cases: usize = std::env::var("WBGA_PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(12_000);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut valid_inputs, mut with_errors) = (0usize, 0usize);
    let mut reached = BTreeSet::new();
    let mut failures = Vec::new();
    for case in 0..cases {
        let (attr, item) = *rng.pick(TEMPLATES);
        let rate = *rng.pick(&[0, 2, 5, 15]);
        let item = mutate(&mut rng, item.parse().expect("template parses"), rate);
        let attr = if rng.chance(35) {
            random_options(&mut rng, &mut reached)
        } else {
            mutate(&mut rng, attr.parse().expect("template parses"), rate)
        };
        let env = Env {
            use_js_sys: case % 3 == 0,
        };
        let input = format!("#[wasm_bindgen({attr})] {item}");
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            expand_with(env, attr.clone(), item.clone())
        }));
        let Ok(output) = result else {
            failures.push(format!("panic on {input}"));
            continue;
        };
        if output.to_string().contains("compile_error") {
            with_errors += 1;
        }
        if syn::parse2::<syn::Item>(item).is_ok() {
            valid_inputs += 1;
            if let Err(error) = syn::parse2::<syn::File>(output.clone()) {
                failures.push(format!("invalid expansion ({error}) of {input}:\n{output}"));
            }
        }
    }
    println!(
        "{cases} inputs: {valid_inputs} valid items, {with_errors} expansions with errors, \
         {} failures",
        failures.len()
    );
    // The run means something only if much of it reaches the model with items that
    // parse, and if every option whose value the model checks was tried.
    assert!(
        valid_inputs * 3 >= cases,
        "only {valid_inputs} of {cases} inputs were valid items; the generator mutates too much"
    );
    if cases >= 2_000 {
        let missed: Vec<&str> = known_names()
            .filter(|name| !reached.contains(name))
            .collect();
        assert!(missed.is_empty(), "options never generated: {missed:?}");
    }
    assert!(
        failures.is_empty(),
        "{} failures, the first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}
