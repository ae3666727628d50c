//! What every refresh machine's exports share: the fetch request and the
//! outcome as the JS driver (`src/js/machine-fetch.js`) reads and sends them; `RemoteKeySet`,
//! `RemoteRevocationList` and `tokenward/edge` share them.

use crate::output::set_core_error;
use tokenward_core::remote::{FetchReason, FetchRequest, Outcome};

/// A fetch the machine asks for, as the JS driver reads it:
/// `{"id":…,"ifNoneMatch":…,"reason":…}` (shared by every machine's exports).
pub(crate) fn request_json(request: FetchRequest) -> String {
    let reason = match request.reason {
        FetchReason::Initial => "initial",
        FetchReason::Expired => "expired",
        FetchReason::UnknownKid => "unknown_kid",
        FetchReason::Retry => "retry",
    };
    serde_json::json!({
        "id": request.id,
        "ifNoneMatch": request.if_none_match,
        "reason": reason,
    })
    .to_string()
}

/// The response headers the JS driver sends (`[name, value]` pairs as JSON;
/// none when the text is not that), lent to `answer` as the machines take
/// them.
pub(crate) fn with_headers<R>(headers_json: &str, answer: impl FnOnce(&[(&str, &str)]) -> R) -> R {
    let pairs: Vec<(String, String)> = serde_json::from_str(headers_json).unwrap_or_default();
    let headers: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    answer(&headers)
}

/// An outcome's name for the JS driver; `failed` sets the last error.
pub(crate) fn outcome_name(outcome: Outcome) -> String {
    match outcome {
        Outcome::Updated => "updated",
        Outcome::Unchanged => "unchanged",
        Outcome::Ignored => "ignored",
        Outcome::Failed(error) => {
            set_core_error(&error);
            "failed"
        }
    }
    .to_owned()
}
