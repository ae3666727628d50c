//! Browser session logic: when to refresh a token set, where a token may be
//! stored, and keeping tokens out of URLs and logs.
//!
//! Everything here is pure: time is an argument (`now_ms`, Unix
//! milliseconds, as `Date.now()` gives), randomness comes in as a `jitter`
//! the caller drew, and nothing touches storage or the network. The npm
//! binding drives these with timers, Web Locks and `history.replaceState`.

pub mod hygiene;
pub mod refresh;
pub mod storage;

pub use hygiene::{redact, scrub_url};
pub use refresh::RefreshPlanner;
pub use storage::{StorageDecision, StorageQuestion, decide_storage};
