//! The parent span id of each open span we started, which the SDK does not
//! tell back through a `Context`. A side table keyed by span id, split in
//! shards so threads rarely meet on a lock: an insert when a span with a
//! parent starts, a lookup per log line written inside it, a removal when
//! it ends. Storing it as a `Context` value instead cost three allocations
//! per span.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;

use opentelemetry::trace::SpanId;

/// Span ids are random: their own bits are a good hash.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Shard = Mutex<HashMap<u64, u64, BuildHasherDefault<IdHasher>>>;

const SHARDS: usize = 16;

static TABLE: [Shard; SHARDS] =
    [const { Mutex::new(HashMap::with_hasher(BuildHasherDefault::new())) }; SHARDS];

#[inline]
fn shard(id: u64) -> &'static Shard {
    // The high bits pick the shard; the map hashes on the low ones.
    &TABLE[(id >> 60) as usize % SHARDS]
}

fn key(id: SpanId) -> u64 {
    u64::from_be_bytes(id.to_bytes())
}

/// Records `parent` as the parent of the span `id`.
pub(crate) fn insert(id: SpanId, parent: SpanId) {
    let id = key(id);
    if let Ok(mut map) = shard(id).lock() {
        map.insert(id, key(parent));
    }
}

/// The parent of the open span `id`, if it has one.
pub(crate) fn get(id: SpanId) -> Option<SpanId> {
    let id = key(id);
    let map = shard(id).lock().ok()?;
    map.get(&id).map(|p| SpanId::from_bytes(p.to_be_bytes()))
}

/// Forgets the span `id` (it ended).
pub(crate) fn remove(id: SpanId) {
    let id = key(id);
    if let Ok(mut map) = shard(id).lock() {
        map.remove(&id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_get_remove() {
        let id = SpanId::from_bytes([0xf0, 1, 2, 3, 4, 5, 6, 7]);
        let parent = SpanId::from_bytes([9; 8]);
        assert_eq!(get(id), None);
        insert(id, parent);
        assert_eq!(get(id), Some(parent));
        remove(id);
        assert_eq!(get(id), None);
    }
}
