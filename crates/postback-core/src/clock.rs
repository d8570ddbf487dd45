//! Times as the app writes them: Unix milliseconds, clamped to what a date can show, in
//! RFC 3339. Every time read from a link, a file or storage passes through here, so no
//! crafted number can stop the page.

use std::time::{Duration, UNIX_EPOCH};

/// The latest time a date can show: the last millisecond of the year 9999. Later times come
/// only from damaged or crafted data; they are read as this one.
pub const MAX_TIME_MS: u64 = 253_402_300_799_999;

/// `ms` clamped to [`MAX_TIME_MS`].
pub(crate) fn clamp(ms: u64) -> u64 {
    ms.min(MAX_TIME_MS)
}

/// `ms` in RFC 3339 with milliseconds, such as `2025-11-21T04:40:00.000Z`; any `u64` is
/// written, times past [`MAX_TIME_MS`] as that time.
///
/// ```
/// use postback_core::{rfc3339_millis, MAX_TIME_MS};
///
/// assert_eq!(rfc3339_millis(1_763_700_000_000), "2025-11-21T04:40:00.000Z");
/// assert_eq!(rfc3339_millis(u64::MAX), rfc3339_millis(MAX_TIME_MS));
/// assert_eq!(rfc3339_millis(MAX_TIME_MS), "9999-12-31T23:59:59.999Z");
/// ```
pub fn rfc3339_millis(ms: u64) -> String {
    humantime::format_rfc3339_millis(UNIX_EPOCH + Duration::from_millis(clamp(ms))).to_string()
}

/// `ms` in RFC 3339 to the second, such as `2025-11-21T04:40:00Z`.
pub(crate) fn rfc3339_seconds(ms: u64) -> String {
    humantime::format_rfc3339_seconds(UNIX_EPOCH + Duration::from_millis(clamp(ms))).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn every_u64_is_written_as_a_date_without_a_panic(ms in proptest::prelude::any::<u64>()) {
            let millis = rfc3339_millis(ms);
            let seconds = rfc3339_seconds(ms);
            proptest::prop_assert!(millis.ends_with('Z') && millis.len() == 24, "{}", millis);
            proptest::prop_assert!(seconds.ends_with('Z') && seconds.len() == 20, "{}", seconds);
        }
    }

    #[test]
    fn the_edges_of_the_range_are_written() {
        let cases = [
            (0, "1970-01-01T00:00:00.000Z"),
            (MAX_TIME_MS, "9999-12-31T23:59:59.999Z"),
            (MAX_TIME_MS + 1, "9999-12-31T23:59:59.999Z"),
            (253_402_300_800_000, "9999-12-31T23:59:59.999Z"),
            (u64::MAX, "9999-12-31T23:59:59.999Z"),
        ];
        for (ms, want) in cases {
            assert_eq!(rfc3339_millis(ms), want, "{ms}");
        }
    }
}
