//! Log macros. Their expansions contain no `cfg`: what they do is decided
//! inside this crate, by the `Logger` they are given.

/// Writes a log record at a given [`Level`](crate::Level) if it is enabled.
///
/// `log!(logger, level, "event", key = value, key = %display, key = ?debug)`,
/// or without a logger, `log!(level, "event", …)`: the calling module's
/// logger, named by `module_path!()` and cached like
/// [`telemetry!()`](crate::telemetry). Nothing after the level is
/// evaluated unless the record will be written (the level is enabled, and
/// no [`LogSampling`](crate::LogSampling) limit drops it). Keys are
/// identifiers or string literals (`"http.method" = m`); values are anything
/// [`ToFieldValue`](crate::ToFieldValue), or `%v` (its `Display`) or `?v`
/// (its `Debug`).
///
/// An optional message, with format arguments, follows the fields after a
/// `;`: `log!(level, "event", key = value; "loaded {} items", n)`. It is
/// formatted (into the field `message`) only when the record is written.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, log, Level};
///
/// let logger = get_telemetry("my_crate").logger().clone();
/// let addr = std::net::Ipv4Addr::LOCALHOST;
/// log!(logger, Level::Info, "connected", peer = %addr, "net.port" = 8080, retries = 0u8);
///
/// // The calling module's logger, and a message.
/// let items = 3;
/// log!(Level::Info, "order_loaded", order_id = 42; "loaded {} items", items);
/// log!(Level::Debug, "cache_warm"; "{} entries", 128);
/// ```
#[macro_export]
macro_rules! log {
    // The calling module's logger: the event is a literal where an
    // explicit call has its level.
    ($level:expr, $event:literal $($rest:tt)*) => {
        $crate::log!($crate::telemetry!().logger(), $level, $event $($rest)*)
    };
    // `match` keeps temporaries in `$logger` (such as
    // `get_telemetry("x").logger()`) alive for the whole call.
    ($logger:expr, $level:expr, $event:expr $(, $($fields:tt)*)?) => {
        $crate::log!(@write $logger, $level, $event, [$(, $($fields)*)?])
    };
    ($logger:expr, $level:expr, $event:expr ; $($message:tt)*) => {
        $crate::log!(@write $logger, $level, $event, [; $($message)*])
    };
    (@write $logger:expr, $level:expr, $event:expr, [$($rest:tt)*]) => {
        match (&$logger, $level) {
            (__tf_logger, __tf_level) => {
                let __tf_logger: &$crate::Logger = __tf_logger;
                let __tf_level: $crate::Level = __tf_level;
                if __tf_logger.__admit(__tf_level) {
                    __tf_logger.__write(__tf_level, $event, &$crate::__tf_fields!(@[] $($rest)*));
                }
            }
        }
    };
}

/// Builds the field array of a log macro from `, key = value` pairs and an
/// optional `; "format", args` message. Not public API.
#[doc(hidden)]
#[macro_export]
macro_rules! __tf_fields {
    (@[$($out:expr),*]) => { [$($out),*] };
    (@[$($out:expr),*] ,) => { [$($out),*] };
    (@[$($out:expr),*] $(,)? ; $fmt:literal $(, $arg:expr)* $(,)?) => {
        [$($out,)* $crate::Field::new("message", &::std::format!($fmt $(, $arg)*))]
    };
    (@[$($out:expr),*] , $k:ident = %$v:expr $(; $($rest:tt)*)?) => {
        $crate::__tf_fields!(@[$($out,)* $crate::Field::display(stringify!($k), &$v)] $(; $($rest)*)?)
    };
    (@[$($out:expr),*] , $k:ident = %$v:expr , $($rest:tt)*) => {
        $crate::__tf_fields!(@[$($out,)* $crate::Field::display(stringify!($k), &$v)] , $($rest)*)
    };
    (@[$($out:expr),*] , $k:ident = ?$v:expr $(; $($rest:tt)*)?) => {
        $crate::__tf_fields!(@[$($out,)* $crate::Field::debug(stringify!($k), &$v)] $(; $($rest)*)?)
    };
    (@[$($out:expr),*] , $k:ident = ?$v:expr , $($rest:tt)*) => {
        $crate::__tf_fields!(@[$($out,)* $crate::Field::debug(stringify!($k), &$v)] , $($rest)*)
    };
    (@[$($out:expr),*] , $k:ident = $v:expr $(; $($rest:tt)*)?) => {
        $crate::__tf_fields!(@[$($out,)* $crate::Field::new(stringify!($k), &$v)] $(; $($rest)*)?)
    };
    (@[$($out:expr),*] , $k:ident = $v:expr , $($rest:tt)*) => {
        $crate::__tf_fields!(@[$($out,)* $crate::Field::new(stringify!($k), &$v)] , $($rest)*)
    };
    (@[$($out:expr),*] , $k:literal = %$v:expr $(; $($rest:tt)*)?) => {
        $crate::__tf_fields!(@[$($out,)* $crate::Field::display($k, &$v)] $(; $($rest)*)?)
    };
    (@[$($out:expr),*] , $k:literal = %$v:expr , $($rest:tt)*) => {
        $crate::__tf_fields!(@[$($out,)* $crate::Field::display($k, &$v)] , $($rest)*)
    };
    (@[$($out:expr),*] , $k:literal = ?$v:expr $(; $($rest:tt)*)?) => {
        $crate::__tf_fields!(@[$($out,)* $crate::Field::debug($k, &$v)] $(; $($rest)*)?)
    };
    (@[$($out:expr),*] , $k:literal = ?$v:expr , $($rest:tt)*) => {
        $crate::__tf_fields!(@[$($out,)* $crate::Field::debug($k, &$v)] , $($rest)*)
    };
    (@[$($out:expr),*] , $k:literal = $v:expr $(; $($rest:tt)*)?) => {
        $crate::__tf_fields!(@[$($out,)* $crate::Field::new($k, &$v)] $(; $($rest)*)?)
    };
    (@[$($out:expr),*] , $k:literal = $v:expr , $($rest:tt)*) => {
        $crate::__tf_fields!(@[$($out,)* $crate::Field::new($k, &$v)] , $($rest)*)
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
        ///
        /// // The calling module's logger, with a message formatted only
        /// // when the record is written:
        #[doc = concat!(stringify!($name), "!(\"cache_miss\", key = \"user:42\"; \"{} tries\", 3);")]
        /// ```
        #[macro_export]
        macro_rules! $name {
            ($d event:literal $d($d rest:tt)*) => {
                $crate::log!($crate::Level::$level, $d event $d($d rest)*)
            };
            ($d logger:expr, $d event:expr $d(, $d($d fields:tt)*)?) => {
                $crate::log!($d logger, $crate::Level::$level, $d event $d(, $d($d fields)*)?)
            };
            ($d logger:expr, $d event:expr ; $d($d message:tt)*) => {
                $crate::log!($d logger, $crate::Level::$level, $d event ; $d($d message)*)
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
/// uses the given name, which must be a constant `&'static str` expression
/// (a literal, `concat!(..)`, a `const`): the handles are made at compile
/// time, so using them never checks whether they are initialised. For a
/// name known only at run time, call [`get_telemetry`](crate::get_telemetry).
/// Returns `&'static Telemetry`.
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
        static __TF_TELEMETRY: $crate::Telemetry = $crate::__private::telemetry_named($name);
        &__TF_TELEMETRY
    }};
}
