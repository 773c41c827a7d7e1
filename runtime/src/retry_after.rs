//! The delay a server asks for before the next attempt.
//!
//! * `x-acs-retry-after` (Alibaba): milliseconds.
//! * `Retry-After` (RFC 9110 §10.2.3): delay-seconds, or an HTTP-date
//!   (`Sun, 06 Nov 1994 08:49:37 GMT`, and the obsolete RFC 850 and asctime
//!   forms recipients must accept), turned into a delay from the client's
//!   clock. A date in the past asks for no wait.
//!
//! The value is only a hint: [`RetryConfig`](crate::RetryConfig) waits at
//! least this long and never longer than its `max_delay`, in either form.

use std::time::{Duration, SystemTime};

use crate::transport::HttpResponse;

/// The requested delay, if the response carries a readable one. `now` is
/// the client's (injectable) wall clock, against which dates are measured.
pub(crate) fn requested_delay(response: &HttpResponse, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| response.header(name).map(str::trim);
    if let Some(ms) = text("x-acs-retry-after").and_then(|v| v.parse::<u64>().ok()) {
        return Some(Duration::from_millis(ms));
    }
    parse_retry_after(text("retry-after")?, now)
}

/// `Retry-After` as seconds or as an HTTP-date.
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    // A date already past means "retry now".
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    /// 1994-11-06T08:49:37Z, the RFC's example date.
    const EXAMPLE: u64 = 784_111_777;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn headers(pairs: &[(&str, &str)]) -> HttpResponse {
        pairs
            .iter()
            .fold(HttpResponse::new(429), |r, (name, value)| {
                r.with_header(name, value)
            })
    }

    #[test]
    fn seconds_form() {
        let now = at(EXAMPLE);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after("0", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("1.5", now), None);
    }

    #[test]
    fn http_date_forms_are_measured_from_the_clock() {
        let now = at(EXAMPLE - 30);
        let thirty = Some(Duration::from_secs(30));
        // IMF-fixdate, then the obsolete RFC 850 and asctime forms.
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            thirty
        );
        assert_eq!(
            parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now),
            thirty
        );
        assert_eq!(parse_retry_after("Sun Nov  6 08:49:37 1994", now), thirty);
    }

    #[test]
    fn past_dates_ask_for_no_wait_and_garbage_for_nothing() {
        let now = at(EXAMPLE + 3600);
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::ZERO)
        );
        for bad in ["", "soon", "Sun, 32 Nov 1994 08:49:37 GMT", "06 Nov 1994"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn alibaba_milliseconds_win_over_retry_after() {
        let now = at(EXAMPLE);
        let both = headers(&[("x-acs-retry-after", "3500"), ("retry-after", "9")]);
        assert_eq!(
            requested_delay(&both, now),
            Some(Duration::from_millis(3500))
        );
        let date = headers(&[("retry-after", " Sun, 06 Nov 1994 08:50:37 GMT ")]);
        assert_eq!(requested_delay(&date, now), Some(Duration::from_secs(60)));
        assert_eq!(requested_delay(&HttpResponse::new(429), now), None);
    }
}
