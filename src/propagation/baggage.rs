//! The `baggage` header of W3C Baggage
//! (<https://www.w3.org/TR/baggage/>, Candidate Recommendation 2024-05-30).
//!
//! ```abnf
//! baggage-string = list-member 0*179( OWS "," OWS list-member )
//! list-member    = key OWS "=" OWS value *( OWS ";" OWS property )
//! property       = key OWS "=" OWS value
//! property       =/ key OWS
//! key            = token ; RFC 7230 §3.2.6 (RFC 9110 §5.6.2)
//! value          = *baggage-octet
//! baggage-octet  = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
//! ```

use std::fmt;

use super::trim_ows;
use crate::text::http_token::is_token;
use crate::text::percent::{self, InvalidUtf8};

/// Why an entry given to [`Baggage::insert`] or
/// [`Baggage::insert_with_properties`] was rejected.
///
/// # Examples
///
/// ```
/// use telemetry_facade::propagation::{Baggage, BaggageError};
///
/// let mut baggage = Baggage::new();
/// assert_eq!(baggage.insert("user id", "alice"), Err(BaggageError::InvalidKey));
/// assert_eq!(
///     baggage.insert_with_properties("userId", "alice", "a b"),
///     Err(BaggageError::InvalidProperties)
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BaggageError {
    /// The key is not an HTTP token: one or more ASCII letters, digits and
    /// ``!#$%&'*+-.^_`|~`` (§3.3.1.2; RFC 7230 §3.2.6).
    InvalidKey,
    /// The properties are not `;`-separated `key` or `key=value` items with
    /// token keys and `baggage-octet` values (§3.3.1.4).
    InvalidProperties,
    /// The entry alone, encoded, is longer than the 8192 bytes a header may
    /// hold (§3.3.2), so it could never be sent.
    TooLarge,
}

impl fmt::Display for BaggageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BaggageError::InvalidKey => {
                "invalid baggage entry: the key must be a non-empty HTTP token (letters, digits, \
                 and !#$%&'*+-.^_`|~)"
            }
            BaggageError::InvalidProperties => {
                "invalid baggage entry: properties must be ';'-separated `key` or `key=value` \
                 items, with token keys and values of printable ASCII other than space, '\"', \
                 ',', ';' and '\\'"
            }
            BaggageError::TooLarge => {
                "invalid baggage entry: encoded, it is longer than the 8192 bytes of a baggage \
                 header"
            }
        })
    }
}

impl std::error::Error for BaggageError {}

/// One list-member of a [`Baggage`]: a key, its value, and optional
/// properties.
///
/// # Examples
///
/// ```
/// use telemetry_facade::propagation::Baggage;
///
/// let baggage = Baggage::parse(&["key1=value1;property1;property2"]);
/// let entry = baggage.iter().next().unwrap();
/// assert_eq!(entry.key(), "key1");
/// assert_eq!(entry.value(), "value1");
/// assert_eq!(entry.properties(), Some("property1;property2"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BaggageEntry {
    key: String,
    value: String,
    properties: Option<String>,
}

impl BaggageEntry {
    /// The key (an HTTP token).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The value, decoded (any UTF-8 text).
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The properties as they appear after the value's first `;`, without
    /// that `;`, with the optional whitespace around each property, key and
    /// value removed and nothing decoded: `"p1;k2=v2"`. Their meaning is
    /// opaque to the specification (§3.3.1.4).
    pub fn properties(&self) -> Option<&str> {
        self.properties.as_deref()
    }

    /// The length of this entry's list-member in a header, in bytes.
    fn encoded_len(&self) -> usize {
        self.key.len()
            + 1
            + percent::encoded_len(&self.value, is_written_raw)
            + self.properties.as_ref().map_or(0, |p| 1 + p.len())
    }

    fn write_to(&self, out: &mut String) {
        out.push_str(&self.key);
        out.push('=');
        percent::encode_into(&self.value, is_written_raw, out);
        if let Some(p) = &self.properties {
            out.push(';');
            out.push_str(p);
        }
    }
}

/// The `baggage` header: application-defined key/value pairs, each with
/// optional properties, in order.
///
/// - Values are percent-decoded when parsed and percent-encoded when written
///   (§3.3.1.3): every byte outside `baggage-octet` and every `%` is encoded,
///   so any UTF-8 text can be carried. Percent-encoded bytes that are not
///   UTF-8 decode to U+FFFD, as the specification requires.
/// - Properties are kept as received (see [`BaggageEntry::properties`]).
/// - Invalid list-members are dropped one by one, the valid ones kept: "If a
///   system determines that the value of a baggage entry is not in the format
///   defined in this specification, it MAY remove that entry" (§3.5). Invalid
///   means: no `=`, a key that is not a token, a value or property with a
///   character outside `baggage-octet` (raw non-ASCII text included), or a
///   `%` not followed by two hex digits.
/// - Limits (§3.3.2): what this type writes holds at most 64 list-members and
///   8192 bytes. A platform must propagate everything within those limits,
///   and "MAY drop list-members until both conditions are met" beyond them,
///   never a partial list-member. So [`header`](Baggage::header) drops the
///   entries that do not fit (keeping the earlier ones), and
///   [`parse`](Baggage::parse) keeps exactly what `header` would write back:
///   the first 64 valid list-members that fit in 8192 bytes.
/// - Keys may repeat (§3.3.1.1: uniqueness "is not guaranteed"). Parsing keeps
///   every entry, in order; [`get`](Baggage::get) returns the last value of a
///   key, and [`insert`](Baggage::insert) leaves one entry per key.
///
/// # Examples
///
/// ```
/// use telemetry_facade::propagation::Baggage;
///
/// let mut baggage = Baggage::parse(&["userId = alice", "serverNode=DF%2028, isProduction=false"]);
/// assert_eq!(baggage.get("serverNode"), Some("DF 28"));
///
/// baggage.insert("city", "Zürich")?;
/// assert_eq!(
///     baggage.header(),
///     "userId=alice,serverNode=DF%2028,isProduction=false,city=Z%C3%BCrich"
/// );
/// # Ok::<(), telemetry_facade::propagation::BaggageError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Baggage {
    entries: Vec<BaggageEntry>,
}

impl Baggage {
    /// The most list-members a header this type writes holds (§3.3.2).
    pub const MAX_LIST_MEMBERS: usize = 64;
    /// The most bytes a header this type writes holds (§3.3.2).
    pub const MAX_BYTES: usize = 8192;

    /// The empty baggage.
    pub const fn new() -> Baggage {
        Baggage {
            entries: Vec::new(),
        }
    }

    /// Parses the `baggage` header lines of one message, in the order
    /// received, as one combined header (lines joined with commas; the limits
    /// apply to the combination, §3.3.2).
    ///
    /// Invalid list-members are dropped, and entries beyond the limits too
    /// (see the type's documentation); this never fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::propagation::Baggage;
    ///
    /// let baggage = Baggage::parse(&["a=1,not a member,b=%E2%9C%93;ttl=60", "c=x%zz,d="]);
    /// let kept: Vec<(&str, &str)> = baggage.iter().map(|e| (e.key(), e.value())).collect();
    /// assert_eq!(kept, [("a", "1"), ("b", "✓"), ("d", "")]);
    /// ```
    pub fn parse(header_values: &[&str]) -> Baggage {
        let mut baggage = Baggage::new();
        let mut size = 0;
        for raw in header_values.iter().flat_map(|line| line.split(',')) {
            if baggage.entries.len() == Baggage::MAX_LIST_MEMBERS {
                break;
            }
            let Some(entry) = parse_member(raw) else {
                continue;
            };
            let added = entry.encoded_len() + usize::from(!baggage.entries.is_empty());
            if size + added > Baggage::MAX_BYTES {
                continue;
            }
            size += added;
            baggage.entries.push(entry);
        }
        baggage
    }

    /// The value of `key`: the last one when the key repeats.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::propagation::Baggage;
    ///
    /// let baggage = Baggage::parse(&["k=1,k=2"]);
    /// assert_eq!(baggage.get("k"), Some("2"));
    /// assert_eq!(baggage.get("other"), None);
    /// ```
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entry(key).map(BaggageEntry::value)
    }

    /// The entry of `key`, with its properties: the last one when the key
    /// repeats.
    pub fn entry(&self, key: &str) -> Option<&BaggageEntry> {
        self.entries.iter().rev().find(|e| e.key == key)
    }

    /// Sets `key` to `value`, without properties. See
    /// [`insert_with_properties`](Baggage::insert_with_properties).
    ///
    /// # Errors
    ///
    /// [`BaggageError::InvalidKey`] when `key` is not an HTTP token,
    /// [`BaggageError::TooLarge`] when the entry could never fit in a header.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::propagation::Baggage;
    ///
    /// let mut baggage = Baggage::new();
    /// baggage.insert("greeting", "hello, world")?;
    /// assert_eq!(baggage.header(), "greeting=hello%2C%20world");
    /// # Ok::<(), telemetry_facade::propagation::BaggageError>(())
    /// ```
    pub fn insert(&mut self, key: &str, value: &str) -> Result<(), BaggageError> {
        self.insert_with_properties(key, value, "")
    }

    /// Sets `key` to `value` with `properties` (`""` for none): text like
    /// `"p1;k2=v2"`, written after the value and a `;` as given, with the
    /// optional whitespace around its parts removed. Property values are
    /// not encoded: they must already be `baggage-octet` text.
    ///
    /// An existing entry of `key` is updated where it stands, and any other
    /// entries of the same key are removed; a new key is added at the end.
    ///
    /// # Errors
    ///
    /// [`BaggageError::InvalidKey`], [`BaggageError::InvalidProperties`], or
    /// [`BaggageError::TooLarge`] when the encoded entry alone is longer than
    /// [`MAX_BYTES`](Baggage::MAX_BYTES).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::propagation::Baggage;
    ///
    /// let mut baggage = Baggage::new();
    /// baggage.insert_with_properties("userId", "alice", "ttl=60; private")?;
    /// assert_eq!(baggage.header(), "userId=alice;ttl=60;private");
    /// # Ok::<(), telemetry_facade::propagation::BaggageError>(())
    /// ```
    pub fn insert_with_properties(
        &mut self,
        key: &str,
        value: &str,
        properties: &str,
    ) -> Result<(), BaggageError> {
        if !is_token(key) {
            return Err(BaggageError::InvalidKey);
        }
        let properties = if trim_ows(properties).is_empty() {
            None
        } else {
            Some(normalize_properties(properties).ok_or(BaggageError::InvalidProperties)?)
        };
        let entry = BaggageEntry {
            key: key.to_owned(),
            value: value.to_owned(),
            properties,
        };
        if entry.encoded_len() > Baggage::MAX_BYTES {
            return Err(BaggageError::TooLarge);
        }
        match self.entries.iter().position(|e| e.key == key) {
            Some(first) => {
                self.entries[first] = entry;
                let mut i = 0;
                self.entries.retain(|e| {
                    i += 1;
                    i - 1 == first || e.key != key
                });
            }
            None => self.entries.push(entry),
        }
        Ok(())
    }

    /// Removes every entry of `key`, returning the value
    /// [`get`](Baggage::get) gave for it.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::propagation::Baggage;
    ///
    /// let mut baggage = Baggage::parse(&["a=1,b=2"]);
    /// assert_eq!(baggage.remove("a").as_deref(), Some("1"));
    /// assert_eq!(baggage.header(), "b=2");
    /// ```
    pub fn remove(&mut self, key: &str) -> Option<String> {
        let last = self.entries.iter().rposition(|e| e.key == key)?;
        let removed = self.entries[last].value.clone();
        self.entries.retain(|e| e.key != key);
        Some(removed)
    }

    /// The header value: the entries in order, values percent-encoded,
    /// joined by `,` without optional whitespace.
    ///
    /// At most [`MAX_LIST_MEMBERS`](Baggage::MAX_LIST_MEMBERS) entries and
    /// [`MAX_BYTES`](Baggage::MAX_BYTES) bytes are written: an entry that
    /// would go over the byte limit is left out (later, smaller ones may
    /// still fit), and entries after the 64th are left out (§3.3.2). Empty
    /// for empty baggage; an empty header should not be sent.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::propagation::Baggage;
    ///
    /// let baggage = Baggage::parse(&["userId=Am%c3%a9lie, serverNode = DF%2028"]);
    /// assert_eq!(baggage.header(), "userId=Am%C3%A9lie,serverNode=DF%2028");
    /// ```
    pub fn header(&self) -> String {
        let mut out = String::new();
        let mut written = 0;
        for entry in &self.entries {
            if written == Baggage::MAX_LIST_MEMBERS {
                break;
            }
            let added = entry.encoded_len() + usize::from(written > 0);
            if out.len() + added > Baggage::MAX_BYTES {
                continue;
            }
            if written > 0 {
                out.push(',');
            }
            entry.write_to(&mut out);
            written += 1;
        }
        out
    }

    /// The entries in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::propagation::Baggage;
    ///
    /// let baggage = Baggage::parse(&["a=1,b=2;p"]);
    /// let keys: Vec<&str> = baggage.iter().map(|e| e.key()).collect();
    /// assert_eq!(keys, ["a", "b"]);
    /// ```
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &BaggageEntry> + DoubleEndedIterator + '_ {
        self.entries.iter()
    }

    /// The number of entries (repeated keys counted each time).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Writes [`Baggage::header`].
impl fmt::Display for Baggage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.header())
    }
}

/// `baggage-octet`: printable ASCII except space, `"`, `,`, `;` and `\`.
fn is_baggage_octet(b: u8) -> bool {
    matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
}

/// Whether a value byte is written as it is: every `baggage-octet` but `%`
/// itself; the others are percent-encoded (§3.3.1.3).
fn is_written_raw(b: u8) -> bool {
    b != b'%' && is_baggage_octet(b)
}

/// Checks properties (the text after a value's first `;`) and removes the
/// optional whitespace around each property, key and value (§3.3.1.4).
fn normalize_properties(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for (i, property) in text.split(';').enumerate() {
        if i > 0 {
            out.push(';');
        }
        match property.split_once('=') {
            Some((key, value)) => {
                let (key, value) = (trim_ows(key), trim_ows(value));
                if !is_token(key) || !value.bytes().all(is_baggage_octet) {
                    return None;
                }
                out.push_str(key);
                out.push('=');
                out.push_str(value);
            }
            None => {
                let key = trim_ows(property);
                if !is_token(key) {
                    return None;
                }
                out.push_str(key);
            }
        }
    }
    Some(out)
}

/// One list-member, or `None` when it is not valid (§3.3.1).
fn parse_member(raw: &str) -> Option<BaggageEntry> {
    let (key_value, properties) = match raw.split_once(';') {
        Some((kv, p)) => (kv, Some(p)),
        None => (raw, None),
    };
    // The first '=' ends the key: a value may hold more (§3.3.1.3).
    let (key, value) = key_value.split_once('=')?;
    let (key, value) = (trim_ows(key), trim_ows(value));
    if !is_token(key) || !value.bytes().all(is_baggage_octet) {
        return None;
    }
    let properties = match properties {
        Some(p) => Some(normalize_properties(p)?),
        None => None,
    };
    Some(BaggageEntry {
        key: key.to_owned(),
        // A `%` not followed by two hex digits makes the member invalid;
        // bytes that are not UTF-8 become U+FFFD (§3.3.1.3).
        value: percent::decode(value, InvalidUtf8::Replace)?,
        properties,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(header: &str) -> Vec<(String, String)> {
        Baggage::parse(&[header])
            .iter()
            .map(|e| (e.key().to_owned(), e.value().to_owned()))
            .collect()
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_bad_escape_drops_its_member_alone() {
        for bad in ["%", "%2", "x%2", "%zz", "%2g", "%+5", "%-5"] {
            assert_eq!(
                values(&format!("a=1,b={bad},c=%41")),
                pairs(&[("a", "1"), ("c", "A")]),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn invalid_utf8_becomes_the_replacement_character() {
        // §3.3.1.3: "percent-encoded octet sequences that do not match the
        // UTF-8 encoding scheme MUST be replaced with the replacement code
        // point (U+FFFD)". The member is kept.
        assert_eq!(
            values("a=%FF,b=x%C3,c=%C0%AFy,d=%e2%9c%93"),
            pairs(&[
                ("a", "\u{FFFD}"),
                ("b", "x\u{FFFD}"),
                ("c", "\u{FFFD}\u{FFFD}y"),
                ("d", "✓")
            ])
        );
        // Written back as the text it decoded to.
        assert_eq!(Baggage::parse(&["a=%FF"]).header(), "a=%EF%BF%BD");
    }

    #[test]
    fn values_round_trip_through_the_encoder() {
        let mut baggage = Baggage::new();
        let value = "100% \"sure\"; a,b\\c=d ü\n";
        baggage.insert("k", value).unwrap();
        let header = baggage.header();
        assert_eq!(header, "k=100%25%20%22sure%22%3B%20a%2Cb%5Cc=d%20%C3%BC%0A");
        assert_eq!(Baggage::parse(&[&header]).get("k"), Some(value));
        assert_eq!(baggage.iter().next().unwrap().encoded_len(), header.len());
    }
}
