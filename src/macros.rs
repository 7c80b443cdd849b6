//! Log macros. Their expansions contain no `cfg`: what they do is decided
//! inside this crate, by the `Logger` they are given.

/// Writes a log record at a given [`Level`](crate::Level) if it is enabled.
///
/// `log!(logger, level, "event", key = value, key = %display, key = ?debug)`.
/// Nothing after the logger and the level is evaluated unless
/// [`Logger::enabled`](crate::Logger::enabled) says the record will be
/// written. Keys are identifiers or string literals (`"http.method" = m`);
/// values are anything [`ToFieldValue`](crate::ToFieldValue), or `%v`
/// (its `Display`) or `?v` (its `Debug`).
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, log, Level};
///
/// let logger = get_telemetry("my_crate").logger().clone();
/// let addr = std::net::Ipv4Addr::LOCALHOST;
/// log!(logger, Level::Info, "connected", peer = %addr, "net.port" = 8080, retries = 0u8);
/// ```
#[macro_export]
macro_rules! log {
    // `match` keeps temporaries in `$logger` (such as
    // `get_telemetry("x").logger()`) alive for the whole call.
    ($logger:expr, $level:expr, $event:expr $(, $($fields:tt)*)?) => {
        match (&$logger, $level) {
            (__tf_logger, __tf_level) => {
                let __tf_logger: &$crate::Logger = __tf_logger;
                let __tf_level: $crate::Level = __tf_level;
                if __tf_logger.__admit(__tf_level) {
                    __tf_logger.__write(__tf_level, $event, &$crate::__tf_fields!(@[] $($($fields)*)?));
                }
            }
        }
    };
}

/// Builds the field array of a log macro. Not public API.
#[doc(hidden)]
#[macro_export]
macro_rules! __tf_fields {
    (@[$($out:expr),*]) => { [$($out),*] };
    (@[$($out:expr),*] ,) => { [$($out),*] };
    (@[$($out:expr),*] $k:ident = %$v:expr $(, $($rest:tt)*)?) => {
        $crate::__tf_fields!(@[$($out,)* $crate::Field::display(stringify!($k), &$v)] $($($rest)*)?)
    };
    (@[$($out:expr),*] $k:ident = ?$v:expr $(, $($rest:tt)*)?) => {
        $crate::__tf_fields!(@[$($out,)* $crate::Field::debug(stringify!($k), &$v)] $($($rest)*)?)
    };
    (@[$($out:expr),*] $k:ident = $v:expr $(, $($rest:tt)*)?) => {
        $crate::__tf_fields!(@[$($out,)* $crate::Field::new(stringify!($k), &$v)] $($($rest)*)?)
    };
    (@[$($out:expr),*] $k:literal = %$v:expr $(, $($rest:tt)*)?) => {
        $crate::__tf_fields!(@[$($out,)* $crate::Field::display($k, &$v)] $($($rest)*)?)
    };
    (@[$($out:expr),*] $k:literal = ?$v:expr $(, $($rest:tt)*)?) => {
        $crate::__tf_fields!(@[$($out,)* $crate::Field::debug($k, &$v)] $($($rest)*)?)
    };
    (@[$($out:expr),*] $k:literal = $v:expr $(, $($rest:tt)*)?) => {
        $crate::__tf_fields!(@[$($out,)* $crate::Field::new($k, &$v)] $($($rest)*)?)
    };
}

macro_rules! level_macro {
    ($d:tt $name:ident, $level:ident) => {
        #[doc = concat!("Writes a record at [`Level::", stringify!($level), "`](crate::Level::",
                        stringify!($level), ") if that level is enabled; see [`log!`](crate::log).")]
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("use telemetry_facade::{get_telemetry, ", stringify!($name), "};")]
        ///
        /// let logger = get_telemetry("my_crate").logger().clone();
        #[doc = concat!(stringify!($name), "!(logger, \"cache_miss\", key = \"user:42\", size = 3);")]
        /// ```
        #[macro_export]
        macro_rules! $name {
            ($d logger:expr, $d event:expr $d(, $d($d fields:tt)*)?) => {
                $crate::log!($d logger, $crate::Level::$level, $d event $d(, $d($d fields)*)?)
            };
        }
    };
}

// The names lines show come from `Level::as_str`, not from here.
level_macro!($ trace, Trace);
level_macro!($ debug, Debug);
level_macro!($ info, Info);
level_macro!($ warn, Warn);
level_macro!($ error, Error);
level_macro!($ critical, Critical);

/// The [`Telemetry`](crate::Telemetry) of the calling module, made once per
/// call site and cached in a `static`.
///
/// `telemetry!()` names it after `module_path!()`; `telemetry!("name")`
/// uses the given name. Returns `&'static Telemetry`.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{info, telemetry};
///
/// fn handle() {
///     let t = telemetry!();
///     t.tracer().in_span("handle", |_span| {
///         info!(t.logger(), "handling");
///     });
/// }
/// handle();
/// ```
#[macro_export]
macro_rules! telemetry {
    () => {
        $crate::telemetry!(::core::module_path!())
    };
    ($name:expr) => {{
        static __TF_TELEMETRY: $crate::__private::Lazy<$crate::Telemetry> =
            $crate::__private::Lazy::new(|| $crate::get_telemetry($name));
        $crate::__private::cached(&__TF_TELEMETRY)
    }};
}
