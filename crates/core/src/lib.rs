#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod alg;
pub mod base64url;
pub mod cache;
pub mod claims;
// The hand-written arithmetic, fenced: only `signature` calls it. With the
// RustCrypto backend chosen (`signature::backend`), only P-521 runs on it;
// the rest stays built, so its unit tests run in both builds.
#[cfg_attr(feature = "rustcrypto-signatures", allow(dead_code, unused_imports))]
pub(crate) mod crypto;
pub mod discovery;
pub mod dpop;
pub mod edge;
pub mod error;
mod error_code;
pub mod fetch_url;
pub mod header;
pub mod introspection;
pub mod json;
pub mod jwk;
pub mod jws;
pub mod key_set;
pub mod lint;
pub mod logout;
pub mod oidc;
pub mod remote;
pub mod revocation;
mod sender_constraint;
pub mod session;
pub mod signature;
mod token_kind;
pub mod unverified;
pub mod verifier;

pub use alg::Algorithm;
pub use error::{ERROR_CODES, Error, ErrorCode, Malformed};
pub use jwk::Jwk;
pub use key_set::KeySet;
pub use token_kind::TokenKind;
