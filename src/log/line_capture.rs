//! The lines a `testing` capture keeps: a writer into shared memory.

use std::io::{self, Write};
use std::sync::{Arc, Mutex, PoisonError};

/// Every byte written, shared between the configured output and the test.
#[derive(Clone, Default, Debug)]
pub(crate) struct LineCapture(Arc<Mutex<Vec<u8>>>);

impl LineCapture {
    /// The lines written so far, without their newlines.
    pub(crate) fn lines(&self) -> Vec<String> {
        let bytes = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        String::from_utf8_lossy(&bytes)
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

impl Write for LineCapture {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
