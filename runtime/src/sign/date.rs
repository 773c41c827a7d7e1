//! UTC calendar formatting of Unix timestamps. The clock is never read here:
//! callers pass the instant, so signatures are reproducible.

use super::SignError;
use time::UtcDateTime;

/// A UTC date as `YYYY-MM-DD`, held on the stack.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct UtcDate([u8; 10]);

impl UtcDate {
    /// The UTC date of a Unix timestamp in seconds (TC3 credential scope).
    ///
    /// Using the UTC date, never a local one, matters: Tencent rejects a
    /// scope dated by UTC+8 for the eight hours around midnight.
    pub fn from_unix(timestamp: i64) -> Result<Self, SignError> {
        let t = civil(timestamp)?;
        let mut out = [0u8; 10];
        put_digits(&mut out[0..4], t.year().unsigned_abs());
        out[4] = b'-';
        put_digits(&mut out[5..7], u32::from(u8::from(t.month())));
        out[7] = b'-';
        put_digits(&mut out[8..10], u32::from(t.day()));
        Ok(Self(out))
    }

    /// The date text.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits and '-' are stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl std::fmt::Debug for UtcDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "UtcDate({})", self.as_str())
    }
}

impl std::fmt::Display for UtcDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `YYYY-MM-DDThh:mm:ssZ` in UTC: Alibaba's `Timestamp` parameter and
/// `x-acs-date` header.
pub fn iso8601_utc(timestamp: i64) -> Result<String, SignError> {
    let t = civil(timestamp)?;
    let mut out = *b"0000-00-00T00:00:00Z";
    put_digits(&mut out[0..4], t.year().unsigned_abs());
    put_digits(&mut out[5..7], u32::from(u8::from(t.month())));
    put_digits(&mut out[8..10], u32::from(t.day()));
    put_digits(&mut out[11..13], u32::from(t.hour()));
    put_digits(&mut out[14..16], u32::from(t.minute()));
    put_digits(&mut out[17..19], u32::from(t.second()));
    Ok(out.iter().map(|&b| char::from(b)).collect())
}

/// `Wed, 02 Jul 2025 04:00:00 GMT` (RFC 9110 IMF-fixdate) in UTC: the `Date`
/// header that the older ROA signature signs.
pub fn http_date(timestamp: i64) -> Result<String, SignError> {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let t = civil(timestamp)?;
    Ok(format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[usize::from(t.weekday().number_days_from_monday())],
        t.day(),
        MONTHS[usize::from(u8::from(t.month()) - 1)],
        t.year(),
        t.hour(),
        t.minute(),
        t.second()
    ))
}

/// Timestamps before 1970 or after 9999 have no place in a signed request,
/// and excluding them keeps every year at four digits.
fn civil(timestamp: i64) -> Result<UtcDateTime, SignError> {
    const MAX: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z
    if !(0..=MAX).contains(&timestamp) {
        return Err(SignError::InvalidTimestamp(timestamp));
    }
    UtcDateTime::from_unix_timestamp(timestamp).map_err(|_| SignError::InvalidTimestamp(timestamp))
}

/// Writes `n` as zero-padded decimal filling `dst`.
fn put_digits(dst: &mut [u8], mut n: u32) {
    for d in dst.iter_mut().rev() {
        // `n % 10` is below 10, so the cast cannot truncate.
        *d = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        let d = |ts| UtcDate::from_unix(ts).unwrap().as_str().to_owned();
        assert_eq!(d(0), "1970-01-01");
        assert_eq!(d(1_551_113_065), "2019-02-25");
        // 2024-02-29T23:59:59Z and one second later: leap day, UTC not UTC+8.
        assert_eq!(d(1_709_251_199), "2024-02-29");
        assert_eq!(d(1_709_251_200), "2024-03-01");
        assert_eq!(d(253_402_300_799), "9999-12-31");
    }

    #[test]
    fn out_of_range_timestamps_are_errors() {
        for ts in [-1, 253_402_300_800, i64::MAX, i64::MIN] {
            assert_eq!(UtcDate::from_unix(ts), Err(SignError::InvalidTimestamp(ts)));
            assert!(iso8601_utc(ts).is_err());
        }
    }

    #[test]
    fn http_dates() {
        // RFC 9110 section 5.6.7's example, the epoch, a leap day, the end.
        assert_eq!(
            http_date(784_111_777).unwrap(),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
        assert_eq!(http_date(0).unwrap(), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(
            http_date(1_709_251_199).unwrap(),
            "Thu, 29 Feb 2024 23:59:59 GMT"
        );
        assert_eq!(
            http_date(253_402_300_799).unwrap(),
            "Fri, 31 Dec 9999 23:59:59 GMT"
        );
        assert!(http_date(-1).is_err());
    }

    #[test]
    fn iso8601() {
        assert_eq!(iso8601_utc(1_456_231_584).unwrap(), "2016-02-23T12:46:24Z");
        assert_eq!(iso8601_utc(0).unwrap(), "1970-01-01T00:00:00Z");
    }
}
