//! Waiting for a resource to reach a state: the engine behind the generated
//! `wait_until_<waiter>` methods.
//!
//! A [`Waiter`] lists acceptors on members of an action's response. The
//! engine calls the action, checks the success acceptors and then the
//! failure ones, and otherwise sleeps and calls again:
//!
//! - pauses grow exponentially from the waiter's minimum delay to its
//!   maximum, each drawn uniformly between the minimum and the current
//!   ceiling (full jitter, through the client's [`Random`](crate::clock::Random)),
//!   and never past the deadline;
//! - an error whose code the waiter lists as retryable, or that the client
//!   classifies as transient ([`Error::is_retryable`]), is a "not yet":
//!   polling goes on. Any other error ends the wait;
//! - when `max_wait` has passed, the wait ends with
//!   [`WaitError::TimedOut`], holding the last response or error.
//!
//! Time is tokio's monotonic clock and sleeping is the client's
//! [`Sleep`](crate::clock::Sleep), so tests with paused tokio time run
//! instantly and deterministically.

use std::fmt;
use std::time::Duration;

use crate::clock::monotonic_now;
use crate::{Client, Error, ErrorCode, Operation};

/// How a waiter polls one action (built by generated code).
pub struct Waiter<O: 'static> {
    /// Name of the waiter (`MigrationCheckFinished`).
    pub name: &'static str,
    /// Shortest pause between two calls.
    pub min_delay: Duration,
    /// Longest pause between two calls.
    pub max_delay: Duration,
    /// Error codes after which polling goes on.
    pub retry_errors: &'static [&'static str],
    /// The wait ends well when one of these matches.
    pub success: &'static [Acceptor<O>],
    /// The wait ends badly when one of these matches (after the success ones).
    pub failure: &'static [Acceptor<O>],
}

impl<O> fmt::Debug for Waiter<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Waiter")
            .field("name", &self.name)
            .field("min_delay", &self.min_delay)
            .field("max_delay", &self.max_delay)
            .finish_non_exhaustive()
    }
}

/// A condition on one response member.
pub struct Acceptor<O> {
    /// The member path, as the spec writes it (`JobList[].Status`).
    pub path: &'static str,
    /// The values at the path, as `Display` writes them; several for a
    /// path through a list, none when the member is absent.
    pub read: fn(&O) -> Vec<String>,
    /// What the values are compared with.
    pub expect: Expect,
    /// How several values combine.
    pub items: Items,
}

/// What an acceptor compares with.
#[derive(Debug, Clone, Copy)]
pub enum Expect {
    /// One of these values.
    AnyOf(&'static [&'static str]),
    /// The wanted value given to the waiter.
    Argument,
}

/// How the values of a path combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Items {
    /// A path to a single member: its value matches.
    One,
    /// A path through a list: every value matches, and there is one at least.
    All,
    /// A path through a list: some value matches.
    Any,
}

impl<O> Acceptor<O> {
    /// The value that makes the acceptor match `response`, if it does.
    fn matching(&self, response: &O, argument: Option<&str>) -> Option<String> {
        let values = (self.read)(response);
        let fits = |value: &String| match self.expect {
            Expect::AnyOf(wanted) => wanted.contains(&value.as_str()),
            Expect::Argument => argument == Some(value.as_str()),
        };
        match self.items {
            Items::One | Items::Any => values.into_iter().find(fits),
            Items::All => {
                if !values.is_empty() && values.iter().all(fits) {
                    values.into_iter().next()
                } else {
                    None
                }
            }
        }
    }
}

/// Why a wait did not reach the wanted state.
#[non_exhaustive]
pub enum WaitError<O, E> {
    /// A failure acceptor matched: the resource reached a state it will not
    /// leave for the wanted one.
    FailureState {
        /// Name of the waiter.
        waiter: &'static str,
        /// The member that matched (`Status`).
        path: &'static str,
        /// The value it holds (`failed`).
        value: String,
        /// The response it was read from.
        response: Box<O>,
    },
    /// `max_wait` passed before an acceptor matched.
    TimedOut {
        /// Name of the waiter.
        waiter: &'static str,
        /// Calls made.
        attempts: u32,
        /// The last response received, if any.
        last_response: Option<Box<O>>,
        /// The last (retryable) error, when the last call failed.
        last_error: Option<Error<E>>,
    },
    /// A call failed with an error that is not a "not yet".
    Call(Error<E>),
}

impl<O, E: ErrorCode> WaitError<O, E> {
    /// The error of the call that ended the wait, if a call did.
    pub fn call_error(&self) -> Option<&Error<E>> {
        match self {
            WaitError::Call(error) => Some(error),
            _ => None,
        }
    }
}

impl<O: fmt::Debug, E: ErrorCode> fmt::Debug for WaitError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::FailureState {
                waiter,
                path,
                value,
                response,
            } => f
                .debug_struct("FailureState")
                .field("waiter", waiter)
                .field("path", path)
                .field("value", value)
                .field("response", response)
                .finish(),
            WaitError::TimedOut {
                waiter,
                attempts,
                last_response,
                last_error,
            } => f
                .debug_struct("TimedOut")
                .field("waiter", waiter)
                .field("attempts", attempts)
                .field("last_response", last_response)
                .field("last_error", last_error)
                .finish(),
            WaitError::Call(error) => f.debug_tuple("Call").field(error).finish(),
        }
    }
}

impl<O, E: ErrorCode> fmt::Display for WaitError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::FailureState {
                waiter,
                path,
                value,
                ..
            } => write!(
                f,
                "waiter {waiter}: `{path}` reached the failure state `{value}`"
            ),
            WaitError::TimedOut {
                waiter, attempts, ..
            } => write!(
                f,
                "waiter {waiter}: the wanted state was not reached in time ({attempts} calls)"
            ),
            WaitError::Call(error) => write!(f, "a call failed while waiting: {error}"),
        }
    }
}

impl<O: fmt::Debug, E: ErrorCode> std::error::Error for WaitError<O, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Call(error) => Some(error),
            WaitError::TimedOut {
                last_error: Some(error),
                ..
            } => Some(error),
            _ => None,
        }
    }
}

/// Calls `request` until `waiter` says the wait is over or `max_wait` has
/// passed; `argument` is the wanted value of a waiter that takes one.
///
/// # Errors
///
/// [`WaitError::FailureState`] when a failure acceptor matched,
/// [`WaitError::TimedOut`] when time ran out, [`WaitError::Call`] when a
/// call failed with an error that is not a "not yet".
pub async fn until<R>(
    client: &Client,
    request: R,
    max_wait: Duration,
    waiter: &Waiter<R::Output>,
    argument: Option<String>,
) -> Result<R::Output, WaitError<R::Output, R::ErrorCode>>
where
    R: Operation + Clone,
{
    // A wait too long to add to the clock (`Duration::MAX`) has no deadline.
    let deadline = monotonic_now().checked_add(max_wait);
    let argument = argument.as_deref();
    let mut attempts: u32 = 0;
    let mut last_response = None;
    loop {
        let last_error;
        attempts = attempts.saturating_add(1);
        match client.send(request.clone()).await {
            Ok(response) => {
                if waiter
                    .success
                    .iter()
                    .any(|a| a.matching(&response, argument).is_some())
                {
                    return Ok(response);
                }
                let failed = waiter
                    .failure
                    .iter()
                    .find_map(|a| a.matching(&response, argument).map(|value| (a.path, value)));
                if let Some((path, value)) = failed {
                    return Err(WaitError::FailureState {
                        waiter: waiter.name,
                        path,
                        value,
                        response: Box::new(response),
                    });
                }
                last_response = Some(Box::new(response));
                last_error = None;
            }
            Err(error) => {
                let listed = error
                    .raw_code()
                    .is_some_and(|code| waiter.retry_errors.contains(&code));
                if !listed && !error.is_retryable() {
                    return Err(WaitError::Call(error));
                }
                last_error = Some(error);
            }
        }
        let now = monotonic_now();
        let remaining = deadline.map(|d| d.saturating_duration_since(now));
        if remaining == Some(Duration::ZERO) {
            return Err(WaitError::TimedOut {
                waiter: waiter.name,
                attempts,
                last_response,
                last_error,
            });
        }
        let pause = delay(waiter, attempts, client.random_unit());
        let pause = remaining.map_or(pause, |left| pause.min(left));
        client.sleep_for(pause).await;
    }
}

/// The pause after call number `attempt` (from 1), given a uniform `unit`
/// in `[0, 1)`: between the minimum delay and `min * 2^(attempt - 1)`,
/// capped at the maximum.
pub fn delay<O>(waiter: &Waiter<O>, attempt: u32, unit: f64) -> Duration {
    let min = waiter.min_delay;
    let ceiling = min
        .checked_mul(1u32 << attempt.saturating_sub(1).min(20))
        .unwrap_or(waiter.max_delay)
        .min(waiter.max_delay)
        .max(min);
    min + (ceiling - min).mul_f64(unit.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Status(Vec<&'static str>);

    fn read(status: &Status) -> Vec<String> {
        status.0.iter().map(|s| s.to_string()).collect()
    }

    const WAITER: Waiter<Status> = Waiter {
        name: "Test",
        min_delay: Duration::from_secs(2),
        max_delay: Duration::from_secs(30),
        retry_errors: &[],
        success: &[],
        failure: &[],
    };

    #[test]
    fn delays_grow_to_the_maximum_with_jitter_above_the_minimum() {
        assert_eq!(delay(&WAITER, 1, 0.99), Duration::from_secs(2));
        assert_eq!(delay(&WAITER, 2, 0.0), Duration::from_secs(2));
        assert_eq!(delay(&WAITER, 2, 0.5), Duration::from_secs(3));
        assert_eq!(delay(&WAITER, 3, 0.5), Duration::from_secs(5));
        assert_eq!(delay(&WAITER, 10, 0.5), Duration::from_secs(16));
        assert_eq!(delay(&WAITER, 40, 1.0), Duration::from_secs(30));
    }

    #[test]
    fn acceptors_combine_items_as_declared() {
        let acceptor = |items, expect| Acceptor::<Status> {
            path: "JobList[].Status",
            read,
            expect,
            items,
        };
        let running = Status(vec!["Running", "Running"]);
        let mixed = Status(vec!["Running", "Failed"]);
        let none = Status(vec![]);
        let all = acceptor(Items::All, Expect::Argument);
        assert_eq!(
            all.matching(&running, Some("Running")).as_deref(),
            Some("Running")
        );
        assert_eq!(all.matching(&mixed, Some("Running")), None);
        assert_eq!(all.matching(&none, Some("Running")), None);
        assert_eq!(all.matching(&running, None), None);
        let any = acceptor(Items::Any, Expect::AnyOf(&["Failed", "Stopped"]));
        assert_eq!(any.matching(&mixed, None).as_deref(), Some("Failed"));
        assert_eq!(any.matching(&running, None), None);
        assert_eq!(any.matching(&none, None), None);
    }
}
