//! The demo: a fetch-like JS API (`js/api.js`, timers standing in for the network)
//! imported with `async fn`, and async exports that fan requests out concurrently.
//! `cargo xtask demo` builds it to wasm, runs `wasm-bindgen --target nodejs` and awaits
//! [`run`] from `run.mjs`.
#![deny(warnings, missing_docs, clippy::all, clippy::pedantic)]

use futures_util::future::{join_all, select, Either};
use futures_util::{Stream, StreamExt};
use js_sys::{Array, JsString, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_async::wasm_bindgen;
use wasm_bindgen_futures::future_to_promise_typed;

#[wasm_bindgen(module = "/js/api.js")]
extern "C" {
    /// Fetches a resource's body; unknown resources reject, which `catch` makes `Err`.
    #[wasm_bindgen(catch)]
    async fn fetch_text(url: &str) -> Result<JsString, JsValue>;

    /// How long the fake network takes for `url`, in milliseconds.
    fn delay_of(url: &str) -> u32;

    /// `fetch_text` that JS can abort: dropping the future aborts its `AbortSignal`.
    #[wasm_bindgen(abortable, catch, js_name = fetch_text_abortable)]
    async fn fetch_abortable(url: &str) -> Result<JsString, JsValue>;

    /// What JS aborted since the last call.
    fn aborted_requests() -> String;

    /// A timer.
    async fn sleep(ms: u32);

    /// The body of a real `fetch` (browser only), as it arrives: a stream import of the
    /// response's `ReadableStream`. Dropping it cancels the download.
    #[wasm_bindgen(catch)]
    fn download(url: &str) -> impl Stream<Item = Result<Uint8Array, JsValue>>;

    /// Moves the page's progress bar.
    fn show_progress(received: u32, total: u32);
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console)]
    fn log(line: &str);
    #[wasm_bindgen(js_namespace = Date)]
    fn now() -> f64;
}

/// Fetches one resource, or describes why it failed.
async fn fetch(url: &str) -> String {
    match fetch_text(url).await {
        Ok(body) => String::from(body),
        Err(error) => format!(
            "Err({})",
            String::from(js_sys::Error::from(error).message())
        ),
    }
}

/// Milliseconds since `start`, rounded.
fn since(start: f64) -> String {
    format!("{:.0} ms", now() - start)
}

/// Fetches `urls` one after the other.
#[wasm_bindgen]
pub async fn fetch_sequentially(urls: Vec<String>) -> Vec<String> {
    let mut bodies = Vec::with_capacity(urls.len());
    for url in &urls {
        bodies.push(fetch(url).await);
    }
    bodies
}

/// Fetches `urls` concurrently with `futures_util::future::join_all`.
#[wasm_bindgen]
pub async fn fetch_with_join_all(urls: Vec<String>) -> Vec<String> {
    join_all(urls.iter().map(|url| fetch(url))).await
}

/// Fetches `urls` concurrently with `Promise.all` over a typed `Array<Promise<T>>`.
///
/// # Errors
///
/// The first rejection, as `Promise.all` does.
#[wasm_bindgen]
pub async fn fetch_with_all_iterable(urls: Vec<String>) -> Result<Vec<String>, JsValue> {
    let promises = Array::from_iter_typed(
        urls.into_iter()
            .map(|url| future_to_promise_typed(async move { fetch_text(&url).await })),
    );
    let bodies = Promise::all_iterable(&promises).await?;
    Ok(bodies.iter().map(String::from).collect())
}

/// Fetches `url` unless `ms` milliseconds pass first: then the request is dropped, which
/// aborts it on the JS side.
async fn fetch_with_timeout(url: &str, ms: u32) -> String {
    let request = Box::pin(fetch_abortable(url));
    let timeout = Box::pin(sleep(ms));
    match select(request, timeout).await {
        Either::Left((Ok(body), _)) => String::from(body),
        Either::Left((Err(error), _)) => format!("Err({error:?})"),
        Either::Right(((), _request)) => "timed out".to_owned(),
    }
}

/// Reads the body of a real download (`url`, `total` bytes) as a stream of chunks,
/// showing progress, and stops after `limit` bytes: dropping the stream cancels the
/// download. Returns the line it logs (browser only: `page.mjs` calls it).
///
/// # Errors
///
/// The download failing before the limit.
#[wasm_bindgen]
pub async fn stream_download(url: String, total: u32, limit: u32) -> Result<String, JsValue> {
    let start = now();
    let (mut received, mut chunks) = (0u32, 0u32);
    let mut body = Box::pin(download(&url));
    while let Some(chunk) = body.next().await {
        received += chunk?.length();
        chunks += 1;
        show_progress(received, total);
        if received >= limit {
            break;
        }
    }
    // Dropped before its end: `return()` cancels the response's stream.
    drop(body);
    let line = format!(
        "stream           -> read {received} of {total} bytes in {chunks} chunks in {}, then dropped the stream",
        since(start)
    );
    log(&line);
    Ok(line)
}

/// Ticks `0..n`, one every `ms` milliseconds: a stream export, which JS reads with
/// `for await` and leaves with `break` (`run.mjs`, `page.mjs`). Its state logs when it is
/// dropped, which `break` does through the iterator's `return()`.
#[wasm_bindgen]
pub fn ticks(n: u32, ms: u32) -> impl Stream<Item = u32> {
    /// How far the ticks got; logs it when dropped.
    struct Ticks {
        sent: u32,
        n: u32,
    }
    impl Drop for Ticks {
        fn drop(&mut self) {
            log(&format!(
                "ticks dropped    -> after {} of {} ticks",
                self.sent, self.n
            ));
        }
    }
    futures_util::stream::unfold(Ticks { sent: 0, n }, move |mut ticks| async move {
        if ticks.sent == ticks.n {
            return None;
        }
        sleep(ms).await;
        ticks.sent += 1;
        Some((ticks.sent - 1, ticks))
    })
}

/// Everything, with timings: the fan-outs take as long as their slowest request.
///
/// # Errors
///
/// A rejection from one of the `Promise.all` fan-outs.
#[wasm_bindgen]
pub async fn run() -> Result<(), JsValue> {
    let urls: Vec<String> = ["/users", "/orders", "/stock"].map(String::from).to_vec();
    let total: u32 = urls.iter().map(|url| delay_of(url)).sum();
    let slowest = urls.iter().map(|url| delay_of(url)).max().unwrap_or(0);
    log(&format!(
        "three requests of {} ms: {total} ms one after the other, {slowest} ms at best concurrently",
        urls.iter().map(|url| delay_of(url).to_string()).collect::<Vec<_>>().join(" + "),
    ));

    let start = now();
    let bodies = fetch_sequentially(urls.clone()).await;
    log(&format!(
        "sequential       -> {} responses in {}",
        bodies.len(),
        since(start)
    ));

    let start = now();
    let bodies = fetch_with_join_all(urls.clone()).await;
    log(&format!(
        "join_all         -> {} responses in {}",
        bodies.len(),
        since(start)
    ));

    let start = now();
    let bodies = fetch_with_all_iterable(urls).await?;
    log(&format!(
        "all_iterable     -> {} responses in {}",
        bodies.len(),
        since(start)
    ));

    let start = now();
    let (users, prices) = Promise::all_tuple((
        future_to_promise_typed(async { fetch_text("/users").await }),
        future_to_promise_typed(async { fetch_text("/prices").await }),
    ))
    .await?
    .into_tuple();
    log(&format!(
        "all_tuple        -> users: {users}; prices: {prices} in {}",
        since(start)
    ));

    log(&format!(
        "catch            -> /stock: {}",
        fetch("/stock").await
    ));
    log(&format!(
        "catch            -> /missing: {}",
        fetch("/missing").await
    ));

    for url in ["/stock", "/slow"] {
        let start = now();
        let outcome = fetch_with_timeout(url, 60).await;
        // The abort of the dropped request reaches JS in the next microtask (after the
        // reactions already queued: a request that completed is never aborted).
        sleep(0).await;
        let aborted = aborted_requests();
        log(&format!(
            "timeout 60 ms    -> {url}: {outcome} in {}; JS saw aborted: {}",
            since(start),
            if aborted.is_empty() {
                "nothing"
            } else {
                &aborted
            },
        ));
    }
    Ok(())
}
