//! [`LogSampling`] and [`LogLimit`]: how many log records each logger may
//! write per interval (`Config::log_sampling`,
//! `TELEMETRY_FACADE_LOG_SAMPLING`). Plain data, the same in every build;
//! the slog backend applies it.
//!
//! The algorithm is a fixed window per logger and level: the first `N`
//! records of a window are written, then one in `M` (none when `M` is 0).
//! Windows are aligned on the clock (the window of a reading `t` is
//! `t / per`) and ended by a ticker thread, so a record reads no clock.
//! Chosen over a token bucket because its result is exact and easy to
//! predict (a burst of `k` records writes exactly `N + ceil((k − N) / M)`),
//! because the number dropped in a window follows from one counter (so the
//! summary record is exact with two atomics and no lock), and because "one
//! in M" keeps a thin, evenly spread view of a flood instead of nothing.

use std::time::Duration;

use super::warnings::shown;
use super::MAX_DURATION;

/// A limit on the records of one logger at one level: the first `first`
/// records of each interval `per`, then one in `one_in` (none when
/// `one_in` is 0), or no limit at all.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use telemetry_facade::LogLimit;
///
/// let limit = LogLimit::new(100, Duration::from_secs(1)).then_one_in(50);
/// assert_eq!(limit.get_first(), 100);
/// assert_eq!(limit.get_per(), Duration::from_secs(1));
/// assert_eq!(limit.get_one_in(), 50);
/// assert!(!limit.is_unlimited());
/// assert!(LogLimit::unlimited().is_unlimited());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogLimit {
    first: u32,
    /// `None`: unlimited.
    per: Option<Duration>,
    one_in: u32,
}

impl LogLimit {
    /// The first `first` records of every interval `per` are written, the
    /// rest dropped (see [`then_one_in`](LogLimit::then_one_in)). An
    /// interval below 1 ms is taken as 1 ms, one above about eleven days
    /// (1 000 000 000 ms) as eleven days.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use telemetry_facade::LogLimit;
    ///
    /// let limit = LogLimit::new(10, Duration::from_millis(500));
    /// assert_eq!((limit.get_first(), limit.get_one_in()), (10, 0));
    /// assert_eq!(LogLimit::new(1, Duration::ZERO).get_per(), Duration::from_millis(1));
    /// ```
    pub fn new(first: u32, per: Duration) -> LogLimit {
        LogLimit {
            first,
            per: Some(per.clamp(Duration::from_millis(1), MAX_DURATION)),
            one_in: 0,
        }
    }

    /// No limit: every record is written (to exempt a logger from a limit
    /// set for the others).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use telemetry_facade::{LogLimit, LogSampling};
    ///
    /// let sampling = LogSampling::new(100, Duration::from_secs(1))
    ///     .logger("my_crate::audit", LogLimit::unlimited());
    /// assert!(sampling.limit_for("my_crate::audit::trail").is_unlimited());
    /// ```
    pub fn unlimited() -> LogLimit {
        LogLimit {
            first: 0,
            per: None,
            one_in: 0,
        }
    }

    /// Past the first records of an interval, writes one record in `m`
    /// (the 1st, the `m+1`th, …); `0` (the default) drops them all, `1`
    /// writes them all. No effect on an unlimited limit.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use telemetry_facade::LogLimit;
    ///
    /// let limit = LogLimit::new(0, Duration::from_secs(1)).then_one_in(1000);
    /// assert_eq!(limit.get_one_in(), 1000);
    /// ```
    pub fn then_one_in(mut self, m: u32) -> LogLimit {
        if self.per.is_some() {
            self.one_in = m;
        }
        self
    }

    /// The records written first in each interval.
    pub fn get_first(&self) -> u32 {
        self.first
    }

    /// The interval (zero for an unlimited limit).
    pub fn get_per(&self) -> Duration {
        self.per.unwrap_or(Duration::ZERO)
    }

    /// One record in how many is written past the first ones (0: none).
    pub fn get_one_in(&self) -> u32 {
        self.one_in
    }

    /// Whether this is no limit at all.
    pub fn is_unlimited(&self) -> bool {
        self.per.is_none()
    }
}

/// Sampling and rate limiting of log records, per logger and level (see
/// [`Config::log_sampling`](crate::Config::log_sampling)).
///
/// A default [`LogLimit`] for every logger, overrides for the loggers under
/// a name (`my_crate::db` covers `my_crate::db::pool`; the longest name
/// wins, as in `RUST_LOG` directives), and two switches: whether the
/// records written inside a sampled span are all kept, and whether `error`
/// and `critical` records are limited too (by default they never are).
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use telemetry_facade::{LogLimit, LogSampling};
///
/// let sampling = LogSampling::new(100, Duration::from_secs(1))
///     .then_one_in(50)
///     .logger("my_crate::db", LogLimit::new(10, Duration::from_secs(60)))
///     .keep_sampled_traces(true);
/// assert_eq!(sampling.limit_for("my_crate::db::pool").get_first(), 10);
/// assert_eq!(sampling.limit_for("my_crate::http").get_one_in(), 50);
/// assert!(sampling.get_keep_sampled_traces());
/// assert!(!sampling.get_sample_errors());
/// assert!(LogSampling::default().get_limit().is_unlimited());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogSampling {
    limit: LogLimit,
    loggers: Vec<(String, LogLimit)>,
    keep_sampled_traces: bool,
    sample_errors: bool,
}

impl Default for LogSampling {
    /// No limit for any logger (add some with [`logger`](LogSampling::logger)).
    fn default() -> LogSampling {
        LogSampling {
            limit: LogLimit::unlimited(),
            loggers: Vec::new(),
            keep_sampled_traces: false,
            sample_errors: false,
        }
    }
}

impl LogSampling {
    /// Every logger writes the first `first` records of each interval
    /// `per` at each level, and drops the rest ([`LogLimit::new`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use telemetry_facade::{LogLimit, LogSampling};
    ///
    /// let sampling = LogSampling::new(100, Duration::from_secs(1));
    /// assert_eq!(sampling.get_limit(), LogLimit::new(100, Duration::from_secs(1)));
    /// ```
    pub fn new(first: u32, per: Duration) -> LogSampling {
        LogSampling {
            limit: LogLimit::new(first, per),
            ..LogSampling::default()
        }
    }

    /// Past the first records, writes one in `m` ([`LogLimit::then_one_in`])
    /// for the loggers the default limit applies to.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use telemetry_facade::LogSampling;
    ///
    /// let sampling = LogSampling::new(100, Duration::from_secs(1)).then_one_in(10);
    /// assert_eq!(sampling.get_limit().get_one_in(), 10);
    /// ```
    pub fn then_one_in(mut self, m: u32) -> LogSampling {
        self.limit = self.limit.then_one_in(m);
        self
    }

    /// Sets the limit of the loggers named `name` or under it
    /// (`name::…`); the longest matching name wins. Setting a name again
    /// replaces its limit.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use telemetry_facade::{LogLimit, LogSampling};
    ///
    /// let sampling = LogSampling::default()
    ///     .logger("my_crate", LogLimit::new(1000, Duration::from_secs(1)))
    ///     .logger("my_crate::hot", LogLimit::new(10, Duration::from_secs(1)));
    /// assert_eq!(sampling.limit_for("my_crate::hot::path").get_first(), 10);
    /// assert_eq!(sampling.limit_for("my_crate::cold").get_first(), 1000);
    /// assert!(sampling.limit_for("my_crate_other").is_unlimited());
    /// assert_eq!(sampling.get_loggers().len(), 2);
    /// ```
    pub fn logger(mut self, name: impl Into<String>, limit: LogLimit) -> LogSampling {
        let name = name.into();
        match self.loggers.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 = limit,
            None => self.loggers.push((name, limit)),
        }
        self
    }

    /// Whether a record written inside a sampled span is always written
    /// (and not counted against the limit), so the traces a trace sampler
    /// kept have all their records (default `false`). Costs one look at
    /// the current span for every limited record.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::LogSampling;
    ///
    /// assert!(LogSampling::default().keep_sampled_traces(true).get_keep_sampled_traces());
    /// ```
    pub fn keep_sampled_traces(mut self, on: bool) -> LogSampling {
        self.keep_sampled_traces = on;
        self
    }

    /// Whether `error` and `critical` records are limited like the others
    /// (default `false`: they are always written).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::LogSampling;
    ///
    /// assert!(LogSampling::default().sample_errors(true).get_sample_errors());
    /// ```
    pub fn sample_errors(mut self, on: bool) -> LogSampling {
        self.sample_errors = on;
        self
    }

    /// The default limit.
    pub fn get_limit(&self) -> LogLimit {
        self.limit
    }

    /// The per-logger limits, in the order they were set.
    pub fn get_loggers(&self) -> &[(String, LogLimit)] {
        &self.loggers
    }

    /// Whether records inside a sampled span are always written.
    pub fn get_keep_sampled_traces(&self) -> bool {
        self.keep_sampled_traces
    }

    /// Whether `error` and `critical` records are limited too.
    pub fn get_sample_errors(&self) -> bool {
        self.sample_errors
    }

    /// The limit of the logger called `name`: that of the longest name set
    /// with [`logger`](LogSampling::logger) that is `name` or a parent of
    /// it, else the default.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use telemetry_facade::{LogLimit, LogSampling};
    ///
    /// let sampling = LogSampling::new(5, Duration::from_secs(1))
    ///     .logger("a::b", LogLimit::unlimited());
    /// assert!(sampling.limit_for("a::b").is_unlimited());
    /// assert!(!sampling.limit_for("a::bc").is_unlimited());
    /// ```
    pub fn limit_for(&self, name: &str) -> LogLimit {
        self.loggers
            .iter()
            .filter(|(prefix, _)| {
                name == prefix
                    || (name.starts_with(prefix.as_str()) && name[prefix.len()..].starts_with("::"))
            })
            .max_by_key(|(prefix, _)| prefix.len())
            .map_or(self.limit, |(_, limit)| *limit)
    }

    /// Parses `TELEMETRY_FACADE_LOG_SAMPLING`: comma-separated entries,
    /// each `[logger=]LIMIT` or a switch (`keep_sampled_traces`,
    /// `sample_errors`). `LIMIT` is `N/INTERVAL[:M]` (the first `N` per
    /// interval, then one in `M`) or `off` (no limit); `INTERVAL` is a
    /// number with a unit `ms`, `s`, `m` or `h`, or a bare unit (`100/s`).
    /// Each bad entry is one problem (quoted by a bounded prefix) and is
    /// skipped.
    pub(crate) fn parse(raw: &str) -> (LogSampling, Vec<String>) {
        let mut sampling = LogSampling::default();
        let mut problems = Vec::new();
        for entry in raw.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            match entry.to_ascii_lowercase().as_str() {
                "keep_sampled_traces" => {
                    sampling.keep_sampled_traces = true;
                    continue;
                }
                "sample_errors" => {
                    sampling.sample_errors = true;
                    continue;
                }
                _ => {}
            }
            let (name, limit) = match entry.split_once('=') {
                Some((name, limit)) => (Some(name.trim()), limit.trim()),
                None => (None, entry),
            };
            if let Some(name) = name {
                if !is_logger_name(name) {
                    problems.push(format!(
                        "{} has no valid logger name before '='; skipping it",
                        shown(entry)
                    ));
                    continue;
                }
            }
            match parse_limit(limit) {
                Ok(limit) => match name {
                    Some(name) => sampling = sampling.logger(name, limit),
                    None => sampling.limit = limit,
                },
                Err(why) => problems.push(format!("{} {why}; skipping it", shown(entry))),
            }
        }
        (sampling, problems)
    }
}

/// A logger name as directives accept it.
fn is_logger_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.'))
}

/// `N/INTERVAL[:M]` or `off`.
fn parse_limit(text: &str) -> Result<LogLimit, &'static str> {
    if text.eq_ignore_ascii_case("off") {
        return Ok(LogLimit::unlimited());
    }
    let (first, rest) = text.split_once('/').ok_or("is not N/INTERVAL[:M] or off")?;
    let (interval, one_in) = match rest.split_once(':') {
        Some((interval, m)) => (interval, Some(m)),
        None => (rest, None),
    };
    let first = count(first).ok_or("has a count that is not a whole number up to 4294967295")?;
    let per = duration(interval.trim())?;
    let one_in = match one_in {
        Some(m) => count(m).ok_or("has an M that is not a whole number up to 4294967295")?,
        None => 0,
    };
    Ok(LogLimit::new(first, per).then_one_in(one_in))
}

fn count(text: &str) -> Option<u32> {
    let text = text.trim();
    match text.bytes().all(|b| b.is_ascii_digit()) {
        true => text.parse().ok(),
        false => None,
    }
}

/// `500ms`, `1s`, `2m`, `1h`, or a bare unit (one of it).
fn duration(text: &str) -> Result<Duration, &'static str> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let (number, unit) = text.split_at(digits);
    let number: u64 = match number {
        "" => 1,
        n => n.parse().map_err(|_| "has an interval that is too long")?,
    };
    let unit_ms: u64 = match unit.trim() {
        "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        _ => return Err("has an interval without a unit ms, s, m or h"),
    };
    let ms = number
        .checked_mul(unit_ms)
        .ok_or("has an interval that is too long")?;
    if ms == 0 {
        return Err("has an interval of zero");
    }
    let per = Duration::from_millis(ms);
    if per > MAX_DURATION {
        return Err("has an interval above 1000000000 ms (about eleven days)");
    }
    Ok(per)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(raw: &str) -> (LogSampling, Vec<String>) {
        LogSampling::parse(raw)
    }

    #[test]
    fn the_documented_syntax() {
        let (s, problems) = parsed(
            "100/1s:50, my_crate::db=10/1m ,my_crate::audit=off,hot=5/s,keep_sampled_traces,SAMPLE_ERRORS",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            s,
            LogSampling::new(100, Duration::from_secs(1))
                .then_one_in(50)
                .logger("my_crate::db", LogLimit::new(10, Duration::from_secs(60)))
                .logger("my_crate::audit", LogLimit::unlimited())
                .logger("hot", LogLimit::new(5, Duration::from_secs(1)))
                .keep_sampled_traces(true)
                .sample_errors(true)
        );
        assert_eq!(
            parsed("7/500ms").0.get_limit(),
            LogLimit::new(7, Duration::from_millis(500))
        );
        assert_eq!(
            parsed("0/2h:1000").0.get_limit(),
            LogLimit::new(0, Duration::from_secs(7200)).then_one_in(1000)
        );
        // The last entry for a logger wins.
        assert_eq!(parsed("a=1/s,a=2/s").0.limit_for("a").get_first(), 2);
        let (flags_only, _) = parsed("keep_sampled_traces");
        assert!(flags_only.get_limit().is_unlimited() && flags_only.get_loggers().is_empty());
    }

    #[test]
    fn bad_entries_are_skipped_with_one_problem_each() {
        for (raw, why) in [
            ("1/0s", "has an interval of zero"),
            ("1/0ms", "has an interval of zero"),
            ("1/1", "without a unit"),
            ("1/1d", "without a unit"),
            ("1/-1s", "without a unit"),
            ("100", "is not N/INTERVAL[:M] or off"),
            ("4294967296/1s", "count that is not a whole number"),
            ("-1/1s", "count that is not a whole number"),
            ("+1/1s", "count that is not a whole number"),
            ("1/1s:x", "an M that is not"),
            ("1/1s:99999999999999999999", "an M that is not"),
            ("1/99999999999999999999s", "interval that is too long"),
            ("1/18446744073709551615h", "interval that is too long"),
            ("1/1000000001ms", "above 1000000000 ms"),
            ("=1/s", "no valid logger name"),
            ("a b=1/s", "no valid logger name"),
            ("１/1s", "count that is not a whole number"),
            ("1/１s", "without a unit"),
        ] {
            let (s, problems) = parsed(&format!("ok=3/s,{raw}"));
            assert_eq!(problems.len(), 1, "{raw:?}: {problems:?}");
            assert!(problems[0].contains(why), "{raw:?}: {problems:?}");
            assert!(problems[0].ends_with("; skipping it"), "{problems:?}");
            assert_eq!(s.get_loggers().len(), 1, "{raw:?}: the good entry is kept");
            assert!(s.get_limit().is_unlimited(), "{raw:?}");
        }
    }

    #[test]
    fn hostile_values_are_quoted_by_a_bounded_prefix() {
        let long = format!("{}=1/s", "x".repeat(100_000));
        let (s, problems) = parsed(&long);
        assert!(problems.is_empty(), "a long name is a name");
        assert_eq!(s.get_loggers().len(), 1);
        let long_bad = format!("1/{}", "é".repeat(100_000));
        let (_, problems) = parsed(&long_bad);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].len() < 200, "{}", problems[0]);
        let (_, problems) = parsed("\u{0}/\n,💥=1/s,1/s:\u{202e}");
        assert_eq!(problems.len(), 3, "{problems:?}");
        let many = "bad,".repeat(10_000);
        let (_, problems) = parsed(&many);
        assert_eq!(problems.len(), 10_000, "bounded later by Warnings");
    }

    #[test]
    fn limits_made_in_code_are_clamped() {
        assert_eq!(
            LogLimit::new(1, Duration::ZERO).get_per(),
            Duration::from_millis(1)
        );
        assert_eq!(LogLimit::new(1, Duration::MAX).get_per(), MAX_DURATION);
        assert_eq!(LogLimit::unlimited().then_one_in(5).get_one_in(), 0);
    }
}
