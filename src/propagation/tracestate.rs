//! The `tracestate` header of W3C Trace Context Level 2, §3.3
//! (<https://www.w3.org/TR/trace-context-2/#tracestate-header>).
//!
//! ```abnf
//! list        = list-member 0*31( OWS "," OWS list-member )
//! list-member = (key "=" value) / OWS
//! key         = ( lcalpha / DIGIT ) 0*255 ( keychar )
//! keychar     = lcalpha / DIGIT / "_" / "-"/ "*" / "/" / "@"
//! lcalpha     = %x61-7A ; a-z
//! value       = 0*255(chr) nblk-chr
//! nblk-chr    = %x21-2B / %x2D-3C / %x3E-7E
//! chr         = %x20 / nblk-chr
//! ```

use std::fmt;

use super::trim_ows;

/// At most 32 list-members (§3.3.2, and the `0*31` of the `list` rule, §3.3.2.1).
const MAX_MEMBERS: usize = 32;
/// Keys and values are at most 256 characters (§3.3.2.2.1, §3.3.2.2.2).
const MAX_KEY_LEN: usize = 256;
const MAX_VALUE_LEN: usize = 256;

/// Why a `tracestate` header, or an entry given to [`TraceState::insert`],
/// was rejected.
///
/// `member` fields count the non-empty list-members of the combined header
/// from 1; they are `None` for [`TraceState::insert`].
///
/// # Examples
///
/// ```
/// use telemetry_facade::propagation::{TraceState, TraceStateError};
///
/// assert_eq!(
///     TraceState::try_parse(&["congo=1,rojo=2,congo=3"]),
///     Err(TraceStateError::DuplicateKey { key: "congo".into() })
/// );
/// assert_eq!(
///     TraceState::new().insert("Congo", "1").unwrap_err(),
///     TraceStateError::InvalidKey { member: None }
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TraceStateError {
    /// A list-member is neither empty nor `key=value`.
    MissingEquals {
        /// Which list-member.
        member: usize,
    },
    /// A key breaks the key grammar: 1 to 256 characters, the first a
    /// lowercase letter or a digit, the others lowercase letters, digits,
    /// `_`, `-`, `*`, `/` or `@` (§3.3.2.2.1).
    InvalidKey {
        /// Which list-member, when parsing.
        member: Option<usize>,
    },
    /// A value breaks the value grammar: 1 to 256 printable ASCII characters
    /// (`0x20`-`0x7E`) except `,` and `=`, not ending with a space
    /// (§3.3.2.2.2).
    InvalidValue {
        /// Which list-member, when parsing.
        member: Option<usize>,
    },
    /// The header has more than 32 list-members (§3.3.2).
    TooManyMembers,
    /// A key appears twice: only one entry per key is allowed (§3.3.3).
    DuplicateKey {
        /// The repeated key.
        key: String,
    },
}

impl fmt::Display for TraceStateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn at(f: &mut fmt::Formatter<'_>, member: Option<usize>) -> fmt::Result {
            match member {
                Some(n) => write!(f, " (list-member {n})"),
                None => Ok(()),
            }
        }
        f.write_str("invalid tracestate: ")?;
        match self {
            TraceStateError::MissingEquals { member } => {
                write!(f, "list-member {member} is not of the form key=value")
            }
            TraceStateError::InvalidKey { member } => {
                f.write_str(
                    "a key must be 1 to 256 characters: a lowercase letter or digit, then \
                     lowercase letters, digits, '_', '-', '*', '/' or '@'",
                )?;
                at(f, *member)
            }
            TraceStateError::InvalidValue { member } => {
                f.write_str(
                    "a value must be 1 to 256 printable ASCII characters other than ',' and '=', \
                     not ending with a space",
                )?;
                at(f, *member)
            }
            TraceStateError::TooManyMembers => {
                write!(f, "more than {MAX_MEMBERS} list-members")
            }
            TraceStateError::DuplicateKey { key } => write!(f, "the key {key:?} appears twice"),
        }
    }
}

impl std::error::Error for TraceStateError {}

/// The `tracestate` header: an ordered list of vendor entries (key, value),
/// at most 32, each key once, the most recently updated first.
///
/// Parsing is strict and all-or-nothing: a header with a malformed
/// list-member, a duplicate key or more than 32 list-members is discarded
/// whole, and [`parse`](TraceState::parse) returns an empty state. The
/// specification allows exactly this: "If the `tracestate` header cannot be
/// parsed the vendor MAY discard the entire header" (§4.3, "A traceparent is
/// Received", step 3), and it is what the W3C test suite's strict level
/// expects. Empty and whitespace-only list-members are allowed and skipped
/// (§3.3.2: "Empty and whitespace-only list members are allowed"); they do not
/// count towards the 32.
///
/// Keys follow the Level 2 grammar (§3.3.2.2.1), in which `@` is an ordinary
/// key character after the first: the Level 1 split into
/// `tenant-id@system-id` with its own lengths is gone, so `fw529a3039@dt` and
/// `a@b@c` are both valid keys.
///
/// A `TraceState` is a value: [`insert`](TraceState::insert) and
/// [`remove`](TraceState::remove) return a new one.
///
/// # Examples
///
/// ```
/// use telemetry_facade::propagation::TraceState;
///
/// // Several header lines are combined in order (§3.3.2, RFC 9110 §5.3).
/// let state = TraceState::parse(&["rojo=00f067aa0ba902b7", " congo=t61rcWkgMzE ,"]);
/// assert_eq!(state.get("congo"), Some("t61rcWkgMzE"));
///
/// // Updating an entry moves it to the front (§3.5).
/// let state = state.insert("congo", "ucfJifl5GOE")?;
/// assert_eq!(state.header(), "congo=ucfJifl5GOE,rojo=00f067aa0ba902b7");
///
/// // A duplicate key discards the whole header.
/// assert!(TraceState::parse(&["a=1,b=2,a=3"]).is_empty());
/// # Ok::<(), telemetry_facade::propagation::TraceStateError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct TraceState {
    members: Vec<(String, String)>,
}

impl TraceState {
    /// The empty state.
    pub const fn new() -> TraceState {
        TraceState {
            members: Vec::new(),
        }
    }

    /// Parses the `tracestate` header lines of one message, in the order
    /// received, as one combined header (several lines are joined with commas,
    /// as HTTP requires: §3.3.2, RFC 9110 §5.3).
    ///
    /// Invalid input gives the empty state (see the type's documentation);
    /// [`try_parse`](TraceState::try_parse) says what was wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::propagation::TraceState;
    ///
    /// let state = TraceState::parse(&["foo=1 \t, \t bar=2", "", "baz=3"]);
    /// assert_eq!(state.header(), "foo=1,bar=2,baz=3");
    /// assert!(TraceState::parse(&["FOO=1"]).is_empty());
    /// ```
    pub fn parse(header_values: &[&str]) -> TraceState {
        TraceState::try_parse(header_values).unwrap_or_default()
    }

    /// Parses like [`parse`](TraceState::parse), but says why a header is
    /// invalid instead of discarding it.
    ///
    /// # Errors
    ///
    /// The first rule the combined header breaks, in list order: a
    /// list-member without `=`, an invalid key or value, a 33rd list-member,
    /// or a key seen before.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::propagation::{TraceState, TraceStateError};
    ///
    /// assert_eq!(
    ///     TraceState::try_parse(&["a=1,b= 2 ,c"]),
    ///     Err(TraceStateError::MissingEquals { member: 3 })
    /// );
    /// assert_eq!(TraceState::try_parse(&["a=1,b= 2 "])?.get("b"), Some(" 2"));
    /// # Ok::<(), TraceStateError>(())
    /// ```
    pub fn try_parse(header_values: &[&str]) -> Result<TraceState, TraceStateError> {
        let mut members: Vec<(String, String)> = Vec::new();
        let members_in = header_values.iter().flat_map(|line| line.split(','));
        for raw in members_in {
            // OWS around a list-member is ignored; a value's leading spaces
            // are kept, since they follow the '=' (§3.3.2.2.2).
            let member = trim_ows(raw);
            if member.is_empty() {
                continue;
            }
            let index = members.len() + 1;
            if index > MAX_MEMBERS {
                return Err(TraceStateError::TooManyMembers);
            }
            let (key, value) = member
                .split_once('=')
                .ok_or(TraceStateError::MissingEquals { member: index })?;
            if !TraceState::is_valid_key(key) {
                return Err(TraceStateError::InvalidKey {
                    member: Some(index),
                });
            }
            if !TraceState::is_valid_value(value) {
                return Err(TraceStateError::InvalidValue {
                    member: Some(index),
                });
            }
            if members.iter().any(|(k, _)| k == key) {
                return Err(TraceStateError::DuplicateKey {
                    key: key.to_owned(),
                });
            }
            members.push((key.to_owned(), value.to_owned()));
        }
        Ok(TraceState { members })
    }

    /// Whether `key` follows the key grammar of §3.3.2.2.1: 1 to 256
    /// characters, the first a lowercase letter or a digit, the others
    /// lowercase letters, digits, `_`, `-`, `*`, `/` or `@`.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::propagation::TraceState;
    ///
    /// assert!(TraceState::is_valid_key("rojo"));
    /// assert!(TraceState::is_valid_key("fw529a3039@dt"));
    /// assert!(!TraceState::is_valid_key("@dt"));
    /// assert!(!TraceState::is_valid_key("Rojo"));
    /// ```
    pub fn is_valid_key(key: &str) -> bool {
        let bytes = key.as_bytes();
        match bytes.split_first() {
            Some((first, rest)) => {
                bytes.len() <= MAX_KEY_LEN
                    && (first.is_ascii_lowercase() || first.is_ascii_digit())
                    && rest.iter().all(|&c| {
                        c.is_ascii_lowercase()
                            || c.is_ascii_digit()
                            || matches!(c, b'_' | b'-' | b'*' | b'/' | b'@')
                    })
            }
            None => false,
        }
    }

    /// Whether `value` follows the value grammar of §3.3.2.2.2: 1 to 256
    /// printable ASCII characters (`0x20`-`0x7E`) other than `,` and `=`,
    /// the last one not a space.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::propagation::TraceState;
    ///
    /// assert!(TraceState::is_valid_value(" t61rcWkgMzE"));
    /// assert!(!TraceState::is_valid_value("t61rcWkgMzE "));
    /// assert!(!TraceState::is_valid_value(""));
    /// assert!(!TraceState::is_valid_value("a=b"));
    /// ```
    pub fn is_valid_value(value: &str) -> bool {
        let bytes = value.as_bytes();
        match bytes.last() {
            Some(&last) => {
                bytes.len() <= MAX_VALUE_LEN
                    && last != b' '
                    && bytes
                        .iter()
                        .all(|&c| matches!(c, 0x20..=0x2B | 0x2D..=0x3C | 0x3E..=0x7E))
            }
            None => false,
        }
    }

    /// The value of `key`, if present.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::propagation::TraceState;
    ///
    /// let state = TraceState::parse(&["rojo=00f067aa0ba902b7"]);
    /// assert_eq!(state.get("rojo"), Some("00f067aa0ba902b7"));
    /// assert_eq!(state.get("congo"), None);
    /// ```
    pub fn get(&self, key: &str) -> Option<&str> {
        self.members
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// A new state with `key` set to `value`, at the front of the list: an
    /// added key goes to the beginning and a modified key moves there, the
    /// others keeping their order (§3.5, "Mutating the tracestate Field").
    /// When that makes 33 entries, the right-most one is removed (§3.3.2:
    /// "If adding an entry would cause the tracestate list to contain more
    /// than 32 list-members the right-most list-member should be removed").
    ///
    /// # Errors
    ///
    /// [`TraceStateError::InvalidKey`] or [`TraceStateError::InvalidValue`]
    /// when `key` or `value` breaks its grammar (see
    /// [`is_valid_key`](TraceState::is_valid_key),
    /// [`is_valid_value`](TraceState::is_valid_value)).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::propagation::TraceState;
    ///
    /// let state = TraceState::parse(&["rojo=1,congo=2"]).insert("congo", "3")?;
    /// assert_eq!(state.header(), "congo=3,rojo=1");
    /// assert!(state.insert("congo", "trailing space ").is_err());
    /// # Ok::<(), telemetry_facade::propagation::TraceStateError>(())
    /// ```
    pub fn insert(&self, key: &str, value: &str) -> Result<TraceState, TraceStateError> {
        if !TraceState::is_valid_key(key) {
            return Err(TraceStateError::InvalidKey { member: None });
        }
        if !TraceState::is_valid_value(value) {
            return Err(TraceStateError::InvalidValue { member: None });
        }
        let mut members = Vec::with_capacity(self.members.len() + 1);
        members.push((key.to_owned(), value.to_owned()));
        members.extend(self.members.iter().filter(|(k, _)| k != key).cloned());
        members.truncate(MAX_MEMBERS);
        Ok(TraceState { members })
    }

    /// A new state without `key` (the same entries when it is absent).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::propagation::TraceState;
    ///
    /// let state = TraceState::parse(&["rojo=1,congo=2"]).remove("rojo");
    /// assert_eq!(state.header(), "congo=2");
    /// ```
    #[must_use = "remove returns a new TraceState and leaves this one unchanged"]
    pub fn remove(&self, key: &str) -> TraceState {
        TraceState {
            members: self
                .members
                .iter()
                .filter(|(k, _)| k != key)
                .cloned()
                .collect(),
        }
    }

    /// The header value: the entries in order, `key=value` joined by `,`,
    /// without optional whitespace. Empty for the empty state, which should
    /// then not be sent (§3.3.2: vendors "SHOULD avoid sending" empty
    /// headers).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::propagation::TraceState;
    ///
    /// let state = TraceState::parse(&["rojo=1 , , congo=2"]);
    /// assert_eq!(state.header(), "rojo=1,congo=2");
    /// assert_eq!(TraceState::new().header(), "");
    /// ```
    pub fn header(&self) -> String {
        let mut out = String::new();
        for (i, (k, v)) in self.members.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(k);
            out.push('=');
            out.push_str(v);
        }
        out
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The number of entries (at most 32).
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// The entries as `(key, value)`, in header order.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::propagation::TraceState;
    ///
    /// let state = TraceState::parse(&["rojo=1,congo=2"]);
    /// let keys: Vec<&str> = state.iter().map(|(k, _)| k).collect();
    /// assert_eq!(keys, ["rojo", "congo"]);
    /// ```
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + DoubleEndedIterator + '_ {
        self.members.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// Writes [`TraceState::header`].
impl fmt::Display for TraceState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.header())
    }
}
