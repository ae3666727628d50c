//! The fetch lease in shared data: which worker thread fetches a document.
//!
//! Every VM (one per Envoy worker thread) runs the same fetch machine,
//! but only the one that wins the lease (a CAS write) fetches; the others
//! pick the result up from shared data. The value is ASCII
//! `"<until_ms> <last_start_ms> <last_end_ms>"`: nobody else fetches before
//! `until_ms`, an unknown-`kid` refetch waits for the cooldown since
//! `last_start_ms`, whichever thread started it, and a new `last_end_ms`
//! tells every thread that the fetch ended (whatever its outcome), so each
//! releases the requests it holds for it.

use tokenward_core::remote::SharedFetch;

/// A decoded lease; an absent or unreadable one is free.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Lease {
    /// Nobody else starts a fetch before this.
    pub until_ms: u64,
    /// When the last fetch (by any thread) started.
    pub last_start_ms: u64,
    /// When the last fetch (by any thread) ended.
    pub last_end_ms: u64,
}

impl Lease {
    /// Reads a stored lease.
    pub fn parse(bytes: Option<&[u8]>) -> Lease {
        let text = bytes
            .and_then(|b| core::str::from_utf8(b).ok())
            .unwrap_or("");
        let mut parts = text.split(' ').map(|p| p.parse::<u64>().ok());
        match (
            parts.next().flatten(),
            parts.next().flatten(),
            parts.next().flatten(),
        ) {
            (Some(until_ms), Some(last_start_ms), Some(last_end_ms)) => Lease {
                until_ms,
                last_start_ms,
                last_end_ms,
            },
            _ => Lease::default(),
        }
    }

    /// The stored form.
    pub fn to_bytes(self) -> Vec<u8> {
        format!(
            "{} {} {}",
            self.until_ms, self.last_start_ms, self.last_end_ms
        )
        .into_bytes()
    }

    /// What the fetch machine needs to know of the other threads' fetches.
    pub fn shared_fetch(self) -> SharedFetch {
        SharedFetch {
            started_ms: self.last_start_ms,
            ended_ms: self.last_end_ms,
            until_ms: self.until_ms,
        }
    }
}
