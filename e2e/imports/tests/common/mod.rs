//! Helpers shared by the test files (each includes this module).

use std::future::Future;
use std::pin::pin;
use std::task::Poll;

/// Polls `future` once (it must be pending), then drops it.
pub async fn poll_once_and_drop(future: impl Future) {
    let mut future = pin!(future);
    std::future::poll_fn(|cx| {
        assert!(
            future.as_mut().poll(cx).is_pending(),
            "expected a pending future"
        );
        Poll::Ready(())
    })
    .await;
}
