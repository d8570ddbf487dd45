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

/// The time of day of `ms` on a clock `offset_minutes` east of UTC, as `HH:MM`: for "Sent at
/// 14:02". Any input is written; an offset past a day is held to one.
///
/// ```
/// use postback_core::clock_time;
///
/// assert_eq!(clock_time(1_763_700_000_000, 0), "04:40");
/// assert_eq!(clock_time(1_763_700_000_000, 60), "05:40");
/// assert_eq!(clock_time(1_763_700_000_000, -300), "23:40");
/// assert_eq!(clock_time(u64::MAX, i32::MIN), clock_time(u64::MAX, -1440));
/// ```
pub fn clock_time(ms: u64, offset_minutes: i32) -> String {
    const DAY_MINUTES: i64 = 24 * 60;
    let offset = i64::from(offset_minutes).clamp(-DAY_MINUTES, DAY_MINUTES);
    let minutes = i64::try_from(clamp(ms) / 60_000).unwrap_or(0);
    let of_day = (minutes + offset).rem_euclid(DAY_MINUTES);
    format!("{:02}:{:02}", of_day / 60, of_day % 60)
}

/// `ms` on a clock `offset_minutes` east of UTC, to the minute: `2025-11-21 05:40`.
///
/// ```
/// use postback_core::local_minutes;
///
/// assert_eq!(local_minutes(1_763_700_000_000, 60), "2025-11-21 05:40");
/// assert_eq!(local_minutes(1_763_700_000_000, -300), "2025-11-20 23:40");
/// assert_eq!(local_minutes(0, -60), "1970-01-01 00:00");
/// ```
pub fn local_minutes(ms: u64, offset_minutes: i32) -> String {
    let offset = i64::from(offset_minutes).clamp(-24 * 60, 24 * 60) * 60_000;
    let shifted = i64::try_from(clamp(ms))
        .unwrap_or(0)
        .saturating_add(offset)
        .clamp(0, i64::try_from(MAX_TIME_MS).unwrap_or(i64::MAX));
    let stamp = rfc3339_seconds(u64::try_from(shifted).unwrap_or(0));
    stamp
        .replacen('T', " ", 1)
        .get(..16)
        .unwrap_or_default()
        .to_owned()
}

/// The name of a clock `offset_minutes` east of UTC: `UTC+1`, `UTC−5:30`, `UTC`.
///
/// ```
/// use postback_core::offset_name;
///
/// assert_eq!(offset_name(60), "UTC+1");
/// assert_eq!(offset_name(-330), "UTC-5:30");
/// assert_eq!(offset_name(0), "UTC");
/// ```
pub fn offset_name(offset_minutes: i32) -> String {
    let offset = offset_minutes.clamp(-24 * 60, 24 * 60);
    if offset == 0 {
        return "UTC".to_owned();
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let (hours, minutes) = (offset.abs() / 60, offset.abs() % 60);
    if minutes == 0 {
        format!("UTC{sign}{hours}")
    } else {
        format!("UTC{sign}{hours}:{minutes:02}")
    }
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
