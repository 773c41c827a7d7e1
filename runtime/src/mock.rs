//! A transport for tests of code that uses a [`Client`](crate::Client):
//! requests go to an in-process [`MockTransport`] instead of the network.
//!
//! Requests are still validated, encoded, signed (with the configured
//! credentials, clock and randomness), retried and decoded exactly as in
//! production; only the exchange is replaced. The mock records every
//! request it receives, so a test can assert on headers, query and body, and
//! answers with canned responses in order, or with a function of the
//! request.
//!
//! ```
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use cloud_sdk_runtime::mock::MockTransport;
//! use cloud_sdk_runtime::transport::HttpResponse;
//! use cloud_sdk_runtime::{Client, Credentials};
//!
//! let mock = MockTransport::new()
//!     .reply(HttpResponse::json(200, &serde_json::json!({"Response": {"RequestId": "r-1"}})));
//! let client = Client::builder()
//!     .credentials(Credentials::new("AKIDexample", "secret"))
//!     .transport(mock.clone())
//!     .build()?;
//! // ... `client.send(request).await`, directly or through a generated
//! // client; then:
//! for request in mock.requests() {
//!     assert!(request.header("authorization").is_some());
//! }
//! # Ok(()) }
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::clock::BoxFuture;
use crate::transport::{HttpRequest, HttpResponse, Transport, TransportError};

type Responder = dyn Fn(&HttpRequest) -> Result<HttpResponse, TransportError> + Send + Sync;

/// Records requests and answers them without a network. Clones share the
/// recording and the queue, so keep one clone to inspect after the client
/// has the other.
#[derive(Clone, Default)]
pub struct MockTransport {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    queued: VecDeque<Result<HttpResponse, TransportError>>,
    responder: Option<Arc<Responder>>,
    requests: Vec<HttpRequest>,
}

impl MockTransport {
    /// A mock with nothing queued: every request fails until replies are
    /// added.
    pub fn new() -> Self {
        Self::default()
    }

    /// A mock that answers every request with `respond(request)`, after the
    /// queued replies (if any) are used up.
    pub fn from_fn(
        respond: impl Fn(&HttpRequest) -> Result<HttpResponse, TransportError> + Send + Sync + 'static,
    ) -> Self {
        let mock = Self::new();
        mock.state().responder = Some(Arc::new(respond));
        mock
    }

    /// Queues `response` as the answer to the next unanswered request.
    pub fn reply(self, response: HttpResponse) -> Self {
        self.state().queued.push_back(Ok(response));
        self
    }

    /// Queues a transport failure (a refused connection, a reset) as the
    /// answer to the next unanswered request.
    pub fn fail(self, error: TransportError) -> Self {
        self.state().queued.push_back(Err(error));
        self
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.state().requests.clone()
    }

    /// How many requests were received.
    pub fn request_count(&self) -> usize {
        self.state().requests.len()
    }

    /// How many queued replies are still unused.
    pub fn remaining(&self) -> usize {
        self.state().queued.len()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock left consistent data:
        // each change is a single push or pop.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn answer(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        // The responder runs without the lock, so it may inspect the mock.
        let (queued, responder, number) = {
            let mut state = self.state();
            let number = state.requests.len() + 1;
            (state.queued.pop_front(), state.responder.clone(), number)
        };
        let answer = match (queued, responder) {
            (Some(queued), _) => queued,
            (None, Some(respond)) => respond(&request),
            (None, None) => Err(TransportError::not_sent(format!(
                "MockTransport has no reply for request {number}"
            ))),
        };
        self.state().requests.push(request);
        answer
    }
}

impl Transport for MockTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let answer = self.answer(request);
        Box::pin(async move { answer })
    }
}

impl fmt::Debug for MockTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("MockTransport")
            .field("requests", &state.requests.len())
            .field("queued", &state.queued.len())
            .field("responder", &state.responder.is_some())
            .finish()
    }
}
