//! RFC 3339 UTC timestamps with microseconds, formatted on the stack.

use std::time::{SystemTime, UNIX_EPOCH};

/// `YYYY-MM-DDTHH:MM:SS.ffffffZ`: 27 bytes.
pub(crate) struct Timestamp([u8; 27]);

impl Timestamp {
    pub(crate) fn now() -> Timestamp {
        Timestamp::from(SystemTime::now())
    }

    /// The 27 ASCII bytes.
    #[allow(dead_code)] // the JSON sink's; builds without `json` have none
    pub(crate) fn as_bytes(&self) -> &[u8; 27] {
        &self.0
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII digits and separators were written.
        std::str::from_utf8(&self.0).unwrap_or("1970-01-01T00:00:00.000000Z")
    }
}

impl From<SystemTime> for Timestamp {
    fn from(t: SystemTime) -> Timestamp {
        // Clocks before 1970 are clamped to the epoch.
        let since = t.duration_since(UNIX_EPOCH).unwrap_or_default();
        let secs = since.as_secs();
        let mut out = *b"0000-00-00T00:00:00.000000Z";
        // The date and time up to the second change once a second: each
        // thread keeps the last ones it formatted.
        let prefix = LAST_SECOND.with(|last| {
            let (cached_secs, cached) = last.get();
            if cached_secs == secs && cached[0] != 0 {
                cached
            } else {
                let fresh = seconds_prefix(secs);
                last.set((secs, fresh));
                fresh
            }
        });
        out[..19].copy_from_slice(&prefix);
        put(&mut out[20..26], u64::from(since.subsec_micros()));
        Timestamp(out)
    }
}

thread_local! {
    /// The last second formatted on this thread (all zero bytes: none yet).
    static LAST_SECOND: std::cell::Cell<(u64, [u8; 19])> = const { std::cell::Cell::new((0, [0; 19])) };
}

/// `YYYY-MM-DDTHH:MM:SS` of `secs` since the epoch.
fn seconds_prefix(secs: u64) -> [u8; 19] {
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let rem = secs % 86_400;
    let mut out = *b"0000-00-00T00:00:00";
    put(&mut out[0..4], y.clamp(0, 9999) as u64);
    put(&mut out[5..7], m as u64);
    put(&mut out[8..10], d as u64);
    put(&mut out[11..13], rem / 3600);
    put(&mut out[14..16], rem % 3600 / 60);
    put(&mut out[17..19], rem % 60);
    out
}

/// Writes `n` in decimal, zero-padded to the slice's width.
fn put(slot: &mut [u8], mut n: u64) {
    for b in slot.iter_mut().rev() {
        *b = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: u64, micros: u32) -> String {
        let t = UNIX_EPOCH + Duration::from_secs(secs) + Duration::from_micros(u64::from(micros));
        Timestamp::from(t).as_str().to_owned()
    }

    #[test]
    fn known_instants() {
        assert_eq!(at(0, 0), "1970-01-01T00:00:00.000000Z");
        assert_eq!(at(951_782_400, 1), "2000-02-29T00:00:00.000001Z");
        assert_eq!(at(1_795_429_845, 123_456), "2026-11-23T10:30:45.123456Z");
        assert_eq!(at(4_102_444_799, 999_999), "2099-12-31T23:59:59.999999Z");
    }

    #[test]
    fn the_per_thread_second_cache_never_shows_a_stale_second() {
        // Same second (cached), the next second, back, then the epoch
        // (whose cached prefix is all zero bytes in a fresh thread).
        assert_eq!(at(1_795_429_845, 1), "2026-11-23T10:30:45.000001Z");
        assert_eq!(at(1_795_429_845, 2), "2026-11-23T10:30:45.000002Z");
        assert_eq!(at(1_795_429_846, 0), "2026-11-23T10:30:46.000000Z");
        assert_eq!(at(1_795_429_845, 3), "2026-11-23T10:30:45.000003Z");
        std::thread::spawn(|| assert_eq!(at(0, 7), "1970-01-01T00:00:00.000007Z"))
            .join()
            .unwrap();
    }
}
