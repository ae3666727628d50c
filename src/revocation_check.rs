//! What a `Verifier` checks tokens against for revocation: nothing, a list
//! the caller set, or the list a `RemoteRevocationList` engine last gave
//! it, which may be "none usable" (then every token is refused).

use tokenward_core::Error;
use tokenward_core::revocation::RevocationList;

/// The engine's revocation state.
// Builds without `RevocationList` (slim, spa) never follow a remote list.
#[cfg_attr(not(feature = "revocation-list"), allow(dead_code))]
#[derive(Debug, Default)]
pub(crate) enum RevocationCheck {
    /// No list configured.
    #[default]
    Off,
    /// A list set by the caller (`RevocationList`), or followed from a
    /// remote one at its `generation`.
    List {
        list: RevocationList,
        generation: Option<u64>,
    },
    /// A remote list is followed but none is usable: the core's verdict
    /// (`revocation_unavailable`) applies to every token.
    Unavailable,
}

impl RevocationCheck {
    /// The list to check, `None` for none.
    ///
    /// # Errors
    /// `revocation_unavailable` while a followed list is not usable.
    pub(crate) fn list(&self) -> Result<Option<&RevocationList>, Error> {
        match self {
            RevocationCheck::Off => Ok(None),
            RevocationCheck::List { list, .. } => Ok(Some(list)),
            RevocationCheck::Unavailable => Err(Error::RevocationUnavailable),
        }
    }

    /// Takes the remote engine's answer at this instant: its usable list
    /// (copied only when its generation moved), none (fail-open), or
    /// unavailable.
    #[cfg(feature = "revocation-list")]
    pub(crate) fn follow(&mut self, answer: Result<Option<(&RevocationList, u64)>, Error>) {
        *self = match answer {
            Ok(Some((list, generation))) => {
                if let RevocationCheck::List {
                    generation: Some(held),
                    ..
                } = self
                    && *held == generation
                {
                    return;
                }
                RevocationCheck::List {
                    list: list.clone(),
                    generation: Some(generation),
                }
            }
            Ok(None) => RevocationCheck::Off,
            Err(_) => RevocationCheck::Unavailable,
        };
    }
}
