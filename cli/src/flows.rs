//! `--paginate` and `--wait`, driven by the spec's paginator and waiter
//! declarations, on the JSON form of the typed responses (wire names).
//!
//! They follow the rules the spec states for the generated helpers
//! (`spec/README.md`, "Paginators and waiters").

use std::time::Duration;

use dts_sdk::runtime::clock::{OsRandom, Random};
use serde_json::Value;

use crate::call::{Answer, Context, Failure};
use crate::catalog::{ActionCommand, Condition, CursorKind, Pages, Path, WaiterCommand};

/// More pages than any DTS listing has: a server that ignores the cursor
/// must not keep the tool busy forever.
const MAX_PAGES: usize = 10_000;

/// Every item of every page, in order, as one JSON array.
pub(crate) async fn paginate(
    context: &Context,
    action: &ActionCommand,
    pages: &Pages,
    mut request: Value,
) -> Result<Answer, Failure> {
    let page_size = pages
        .page_size
        .and_then(|member| request.get(member))
        .and_then(number);
    let start = request.get(pages.input).and_then(number);
    let mut offset = start.unwrap_or(0);
    let mut page = start.unwrap_or(1);
    let skipped = match pages.cursor {
        CursorKind::Offset => offset,
        CursorKind::PageNumber => page.saturating_sub(1) * page_size.unwrap_or(0),
        CursorKind::Token(_) => 0,
    };
    let mut items = Vec::new();
    for _ in 0..MAX_PAGES {
        let response = match (action.run)(context, request.clone()).await? {
            Answer::Response(response) => response,
            // A dry run prints the first request only.
            Answer::Printed => return Ok(Answer::Printed),
        };
        let received = match leaves(&response, &pages.items).into_iter().next() {
            Some(Value::Array(list)) => list.clone(),
            _ => Vec::new(),
        };
        let count = received.len() as u64;
        items.extend(received);
        let total = pages
            .total
            .as_ref()
            .and_then(|path| leaves(&response, path).into_iter().next().and_then(number));
        let seen = skipped + items.len() as u64;
        if count == 0
            || page_size.is_some_and(|size| count < size)
            || total.is_some_and(|total| seen >= total)
        {
            return Ok(Answer::Response(Value::Array(items)));
        }
        let next = match &pages.cursor {
            CursorKind::Offset => {
                offset += count;
                cursor_value(pages, offset)
            }
            CursorKind::PageNumber => {
                page += 1;
                cursor_value(pages, page)
            }
            CursorKind::Token(path) => {
                let sent = request.get(pages.input).cloned();
                match leaves(&response, path).into_iter().next() {
                    Some(Value::String(token))
                        if !token.is_empty()
                            && sent.as_ref().and_then(Value::as_str) != Some(token.as_str()) =>
                    {
                        Value::String(token.clone())
                    }
                    _ => return Ok(Answer::Response(Value::Array(items))),
                }
            }
        };
        if let Value::Object(object) = &mut request {
            object.insert(pages.input.to_owned(), next);
        }
    }
    Err(Failure::call(format!(
        "{}: stopped after {MAX_PAGES} pages; the service does not seem to honour `{}`",
        action.wire, pages.input
    )))
}

fn cursor_value(pages: &Pages, n: u64) -> Value {
    if pages.input_is_text {
        Value::String(n.to_string())
    } else {
        Value::from(n)
    }
}

/// Options of one wait.
pub(crate) struct Wait<'a> {
    /// The waiter.
    pub waiter: &'a WaiterCommand,
    /// `--wait-for`.
    pub argument: Option<String>,
    /// `--max-wait`.
    pub max_wait: Duration,
    /// Pauses between calls: exponential from the first to the second.
    pub delays: (Duration, Duration),
}

/// Polls the action until a success condition holds (the last response),
/// a failure condition holds, a call fails or time runs out.
pub(crate) async fn wait(
    context: &Context,
    action: &ActionCommand,
    wait: &Wait<'_>,
    request: Value,
) -> Result<Answer, Failure> {
    let waiter = wait.waiter;
    let mut last: Option<String> = None;
    let polling = async {
        let mut attempt: u32 = 0;
        loop {
            match (action.run)(context, request.clone()).await {
                Ok(Answer::Printed) => return Ok(Answer::Printed),
                Ok(Answer::Response(response)) => {
                    let wanted = |c: &Condition| matches(&response, c, wait.argument.as_deref());
                    if waiter.success.iter().any(wanted) {
                        return Ok(Answer::Response(response));
                    }
                    if let Some(reached) = waiter.failure.iter().find(|c| wanted(c)) {
                        println!("{}", pretty(&response));
                        return Err(Failure::call(format!(
                            "{}: reached a failure state: {}",
                            waiter.name,
                            describe(&response, &reached.path)
                        )));
                    }
                    last = waiter.success.first().map(|c| describe(&response, &c.path));
                }
                Err(failure)
                    if failure
                        .code
                        .as_deref()
                        .is_some_and(|code| waiter.retry_errors.contains(&code)) =>
                {
                    last = Some(failure.message);
                }
                Err(failure) => return Err(failure),
            }
            tokio::time::sleep(delay(wait.delays, attempt)).await;
            attempt = attempt.saturating_add(1);
        }
    };
    match tokio::time::timeout(wait.max_wait, polling).await {
        Ok(result) => result,
        Err(_) => Err(Failure::call(format!(
            "{}: gave up after {} s (--max-wait){}",
            waiter.name,
            wait.max_wait.as_secs(),
            last.map(|l| format!("; last seen: {l}"))
                .unwrap_or_default()
        ))),
    }
}

/// Exponential from the shortest to the longest pause, with jitter: a
/// random point between the shortest pause and this attempt's ceiling.
fn delay((min, max): (Duration, Duration), attempt: u32) -> Duration {
    let ceiling = min
        .saturating_mul(2u32.saturating_pow(attempt.min(20)))
        .min(max)
        .max(min);
    min + (ceiling - min).mul_f64(OsRandom.unit())
}

/// Does the condition hold for this response?
fn matches(response: &Value, condition: &Condition, argument: Option<&str>) -> bool {
    let wanted = |value: &Value| {
        let Some(text) = text(value) else {
            return false;
        };
        match condition.values {
            Some(values) => values.contains(&text.as_str()),
            None => argument == Some(text.as_str()),
        }
    };
    let values = leaves(response, &condition.path);
    if condition.path.steps.iter().any(|s| s.each) {
        if condition.all {
            !values.is_empty() && values.into_iter().all(wanted)
        } else {
            values.into_iter().any(wanted)
        }
    } else {
        values.into_iter().next().is_some_and(wanted)
    }
}

/// `Status = running` (or `Status absent`), for messages.
fn describe(response: &Value, path: &Path) -> String {
    let values: Vec<String> = leaves(response, path)
        .into_iter()
        .map(|v| text(v).unwrap_or_else(|| v.to_string()))
        .collect();
    match values.as_slice() {
        [] => format!("`{}` absent", path.text),
        [one] => format!("`{}` = {one}", path.text),
        many => format!("`{}` = [{}]", path.text, many.join(", ")),
    }
}

/// The values a path reaches; absent members reach nothing.
fn leaves<'a>(value: &'a Value, path: &Path) -> Vec<&'a Value> {
    let mut current = vec![value];
    for step in path.steps {
        let mut next = Vec::new();
        for value in current {
            match value.get(step.wire) {
                Some(Value::Array(items)) if step.each => next.extend(items),
                Some(Value::Null) | None => {}
                Some(found) => next.push(found),
            }
        }
        current = next;
    }
    current
}

/// A scalar as the wire writes it.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// An integer, or a string holding one.
fn number(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(text) => text.parse().ok(),
        _ => None,
    }
}

/// Indented JSON.
pub(crate) fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}
