//! The crate's own vocabulary, shared by every backend: attribute keys and
//! values, log fields, span kind and status, and trace ids.

mod attribute_set;
mod attributes;
pub(crate) mod fields;
pub(crate) mod formatting;
mod ids;
mod status;

pub use attribute_set::Attributes;
pub use attributes::{Key, KeyValue, Value};
pub use fields::{Field, FieldValue, ToFieldValue};
pub use ids::{SpanId, TraceContext, TraceFlags, TraceId};
pub use status::{SpanKind, Status};
