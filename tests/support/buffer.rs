//! [`SharedBuffer`]: an in-memory writer whose bytes the test reads back.

use std::io::{self, Write};
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::Value;

/// A `Write` into memory; every clone writes to the same bytes. Give a clone
/// to the code under test (`LogOutput::writer(buffer.clone())`), then read
/// what it wrote.
#[derive(Clone, Debug, Default)]
pub struct SharedBuffer(Arc<Mutex<Vec<u8>>>);

impl SharedBuffer {
    fn bytes(&self) -> MutexGuard<'_, Vec<u8>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Everything written so far; panics unless it is UTF-8.
    pub fn text(&self) -> String {
        String::from_utf8(self.bytes().clone()).expect("the written output is UTF-8")
    }

    /// The lines written so far, without their line ends.
    pub fn lines(&self) -> Vec<String> {
        self.text().lines().map(str::to_owned).collect()
    }

    /// Each line written so far, parsed as JSON; panics, naming the line,
    /// on one that is not.
    pub fn json_lines(&self) -> Vec<Value> {
        self.lines()
            .iter()
            .map(|line| {
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: not JSON: {line}"))
            })
            .collect()
    }
}

impl Write for SharedBuffer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
