//! Trace and span identifiers, trace flags, and the `TraceContext` that
//! bundles them. Dependency-free: the same types exist in every build.

use std::fmt;

use crate::text::hex::{self, Accept, Case};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $len:literal, $hex:literal, $example:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name([u8; $len]);

        impl $name {
            /// The all-zero, invalid identifier.
            pub const INVALID: $name = $name([0; $len]);

            /// An identifier from its big-endian bytes.
            #[inline]
            pub const fn from_bytes(bytes: [u8; $len]) -> $name {
                $name(bytes)
            }

            /// The identifier's big-endian bytes.
            #[inline]
            pub const fn to_bytes(self) -> [u8; $len] {
                self.0
            }

            /// Whether any byte is non-zero (all-zero identifiers are invalid).
            #[inline]
            pub fn is_valid(&self) -> bool {
                self.0 != [0; $len]
            }

            #[doc = concat!("Parses exactly ", stringify!($hex), " lowercase hex digits, as in `",
                            $example, "`.")]
            pub fn from_hex(digits: &str) -> Option<$name> {
                hex::decode::<$len>(digits.as_bytes(), Accept::LowercaseOnly).map($name)
            }

            /// Calls `f` with the lowercase hex form, formatted on the stack.
            #[inline]
            pub fn with_hex<R>(&self, f: impl FnOnce(&str) -> R) -> R {
                let mut buf = [0u8; $hex];
                f(hex::encode(&self.0, Case::Lower, &mut buf))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.with_hex(|s| f.write_str(s))
            }
        }

        impl fmt::LowerHex for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self)
            }
        }
    };
}

id_type!(
    /// A 16-byte trace identifier, shown as 32 lowercase hex digits.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::TraceId;
    ///
    /// let id = TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e4736").unwrap();
    /// assert_eq!(id.to_string(), "4bf92f3577b34da6a3ce929d0e0e4736");
    /// assert!(TraceId::from_hex("4BF92F3577B34DA6A3CE929D0E0E4736").is_none());
    /// assert!(!TraceId::INVALID.is_valid());
    /// ```
    TraceId, 16, 32, "4bf92f3577b34da6a3ce929d0e0e4736"
);

id_type!(
    /// An 8-byte span identifier, shown as 16 lowercase hex digits.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::SpanId;
    ///
    /// let id = SpanId::from_hex("00f067aa0ba902b7").unwrap();
    /// assert_eq!(format!("{id}"), "00f067aa0ba902b7");
    /// ```
    SpanId, 8, 16, "00f067aa0ba902b7"
);

impl TraceId {
    /// The lower 64 bits as an integer (the id Datadog shows).
    #[inline]
    pub fn low_u64(&self) -> u64 {
        let mut low = [0u8; 8];
        low.copy_from_slice(&self.0[8..]);
        u64::from_be_bytes(low)
    }
}

impl SpanId {
    /// The id as an integer.
    #[inline]
    pub fn to_u64(&self) -> u64 {
        u64::from_be_bytes(self.0)
    }
}

/// The W3C trace flags byte: bit 0 is *sampled*, bit 1 is *random*
/// (Trace Context Level 2). Unknown bits are kept as they are.
///
/// # Examples
///
/// ```
/// use telemetry_facade::TraceFlags;
///
/// let flags = TraceFlags::new(0x03);
/// assert!(flags.is_sampled());
/// assert!(flags.is_random());
/// assert_eq!(flags.to_string(), "03");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TraceFlags(u8);

impl TraceFlags {
    /// The sampled bit.
    pub const SAMPLED: TraceFlags = TraceFlags(0x01);
    /// The random bit of Trace Context Level 2.
    pub const RANDOM: TraceFlags = TraceFlags(0x02);

    /// Flags from their byte.
    #[inline]
    pub const fn new(bits: u8) -> TraceFlags {
        TraceFlags(bits)
    }

    /// The flags' byte.
    #[inline]
    pub const fn bits(self) -> u8 {
        self.0
    }

    /// Whether the sampled bit is set.
    #[inline]
    pub const fn is_sampled(self) -> bool {
        self.0 & 0x01 != 0
    }

    /// Whether the random bit is set.
    #[inline]
    pub const fn is_random(self) -> bool {
        self.0 & 0x02 != 0
    }

    /// Calls `f` with the two lowercase hex digits.
    #[inline]
    pub fn with_hex<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        let mut buf = [0u8; 2];
        f(hex::encode(&[self.0], Case::Lower, &mut buf))
    }
}

impl fmt::Display for TraceFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_hex(|s| f.write_str(s))
    }
}

impl fmt::Debug for TraceFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TraceFlags({self})")
    }
}

/// Where a span sits in a trace: its trace id, span id, flags, and the id of
/// its parent span when it has one.
///
/// Returned by [`Span::context`](crate::Span::context) for spans that have a
/// valid context, and by [`TraceContext::current`]. Also used to name a
/// remote parent or a link when starting a span.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{SpanId, TraceContext, TraceFlags, TraceId};
///
/// let cx = TraceContext::new(
///     TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e4736").unwrap(),
///     SpanId::from_hex("00f067aa0ba902b7").unwrap(),
///     TraceFlags::SAMPLED,
/// );
/// assert_eq!(cx.traceparent(), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
/// assert_eq!(cx.parent_span_id(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TraceContext {
    trace_id: TraceId,
    span_id: SpanId,
    flags: TraceFlags,
    parent_span_id: Option<SpanId>,
    remote: bool,
}

impl TraceContext {
    /// A context for a span of this process with no known parent.
    pub const fn new(trace_id: TraceId, span_id: SpanId, flags: TraceFlags) -> TraceContext {
        TraceContext {
            trace_id,
            span_id,
            flags,
            parent_span_id: None,
            remote: false,
        }
    }

    /// The same context, marked as received from another process (a remote
    /// parent, as extracted from a `traceparent` header).
    pub const fn into_remote(mut self) -> TraceContext {
        self.remote = true;
        self
    }

    /// The same context with its parent span id.
    pub const fn with_parent_span_id(mut self, parent: Option<SpanId>) -> TraceContext {
        self.parent_span_id = parent;
        self
    }

    /// The context of the current span, if one is current and valid.
    ///
    /// Always `None` in a build without the `otel` feature.
    #[inline]
    pub fn current() -> Option<TraceContext> {
        crate::backend::trace::current_context()
    }

    /// The trace id.
    #[inline]
    pub const fn trace_id(&self) -> TraceId {
        self.trace_id
    }

    /// The span id.
    #[inline]
    pub const fn span_id(&self) -> SpanId {
        self.span_id
    }

    /// The trace flags.
    #[inline]
    pub const fn trace_flags(&self) -> TraceFlags {
        self.flags
    }

    /// The parent span's id, when the span has a parent and is open. It is
    /// known for recording spans started through this crate, while they
    /// have not ended (sampled-out spans and spans of other
    /// instrumentation report `None`).
    #[inline]
    pub const fn parent_span_id(&self) -> Option<SpanId> {
        self.parent_span_id
    }

    /// Whether the context came from another process.
    #[inline]
    pub const fn is_remote(&self) -> bool {
        self.remote
    }

    /// Whether the sampled flag is set.
    #[inline]
    pub const fn is_sampled(&self) -> bool {
        self.flags.is_sampled()
    }

    /// Whether both ids are valid (non-zero).
    #[inline]
    pub fn is_valid(&self) -> bool {
        self.trace_id.is_valid() && self.span_id.is_valid()
    }

    /// The W3C `traceparent` header value (version `00`; flags other than
    /// sampled and random are written as zero, as Trace Context requires).
    pub fn traceparent(&self) -> String {
        crate::propagation::format_traceparent(self)
    }
}
