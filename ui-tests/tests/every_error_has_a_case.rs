//! Every error the attribute emits has a compile-fail case: the messages are read from
//! `macro-support/src` (the string literals given to `syn::Error::new*`, the ones that
//! `form_error` and `compile_error!`-like helpers build, and the `on_unimplemented`
//! messages of generated code), and each must appear in some `tests/ui/*.stderr`. A
//! message is matched by its longest fixed part (what lies between `{..}` placeholders).

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The string literal starting at `text[start..]` (just after its `"`), with Rust's
/// line continuations (`\` then a newline and indentation) removed.
fn literal(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => break,
            '\\' => match chars.next() {
                Some('\n') => {
                    while chars.peek().is_some_and(|c| c.is_whitespace()) {
                        chars.next();
                    }
                }
                Some(other) => out.push(other),
                None => break,
            },
            c => out.push(c),
        }
    }
    out
}

/// The longest part of `message` outside `{..}` placeholders.
fn fixed_part(message: &str) -> String {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut depth = 0;
    for c in message.chars() {
        match c {
            '{' => {
                depth += 1;
                parts.push(std::mem::take(&mut current));
            }
            '}' if depth > 0 => depth -= 1,
            c if depth == 0 => current.push(c),
            _ => {}
        }
    }
    parts.push(current);
    parts
        .into_iter()
        .max_by_key(|part| part.trim().len())
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// The messages of the errors in `source` (the code before its tests).
fn messages(source: &str) -> Vec<String> {
    let code = source
        .split("#[cfg(test)]\nmod tests")
        .next()
        .unwrap_or(source);
    let mut found = Vec::new();
    for marker in ["Error::new_spanned(", "Error::new(", "message = \""] {
        let mut rest = code;
        while let Some(at) = rest.find(marker) {
            rest = &rest[at + marker.len()..];
            // The first string literal of the call (or the attribute's value).
            let window = &rest[..rest.len().min(600)];
            let Some(quote) = (if marker.ends_with('"') {
                Some(0)
            } else {
                window.find('"').map(|q| q + 1)
            }) else {
                continue;
            };
            // Not a literal of a later statement: the call's own argument list.
            if marker != "message = \""
                && (window[..quote].contains(';') || window[..quote].contains('}'))
            {
                continue;
            }
            found.push(literal(&rest[quote..]));
        }
    }
    // `form_error`'s messages are built with `format!` from its own literals.
    if let Some(at) = code.find("fn form_error(") {
        let body = &code[at..];
        let body = &body[..body.find("\n}\n").unwrap_or(body.len())];
        let mut rest = body;
        while let Some(at) = rest.find("format!(\"") {
            rest = &rest[at + "format!(\"".len()..];
            found.push(literal(rest));
        }
    }
    found
}

/// Errors of inner parsers, never reported as such (their option gets a form error).
const INNER: &[&str] = &["expected a string"];

#[test]
fn every_error_message_has_a_ui_case() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("../macro-support/src"), &mut files);
    let mut fixed: Vec<(String, String)> = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        for message in messages(&source) {
            let part = fixed_part(&message);
            // Fragments of messages assembled elsewhere ("for example ...") and the
            // errors of inner parsers whose result is only `ok()` (a form error reports
            // the option) are not messages the user sees.
            if part.len() >= 12
                && !part.starts_with("for example")
                && !INNER.contains(&part.as_str())
            {
                fixed.push((part, file.display().to_string()));
            }
        }
    }
    assert!(fixed.len() >= 25, "the messages were found: {fixed:#?}");
    let mut stderr = String::new();
    for entry in std::fs::read_dir(root.join("tests/ui")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "stderr") {
            stderr.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }
    let stderr = stderr.split_whitespace().collect::<Vec<_>>().join(" ");
    let missing: Vec<&(String, String)> = fixed
        .iter()
        .filter(|(part, _)| {
            !stderr.contains(&part.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .collect();
    assert!(missing.is_empty(), "errors without a UI case: {missing:#?}");
}
