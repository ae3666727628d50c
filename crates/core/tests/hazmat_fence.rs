//! The fence around the hand-written arithmetic (`src/crypto/`), checked on
//! the sources: Rust visibility cannot say "only `signature` may call this"
//! for a module at the crate's root, so this test does.
//!
//! - Only `src/signature/` (and `src/crypto/` itself) names the `crypto`
//!   module: keys, verifiers and adapters reach the arithmetic only through
//!   the signature module and its backend.
//! - The signature backend is chosen in one place: the feature
//!   `rustcrypto-signatures` is named only in `src/signature/backend.rs`
//!   (and in `src/lib.rs`'s lint allowance for what that choice leaves
//!   unused).

use std::fs;
use std::path::{Path, PathBuf};

const SOURCES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// Every `.rs` file under `src/`, as (path relative to `src/`, text).
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).expect("read src") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(Path::new(SOURCES), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let relative = path
                .strip_prefix(SOURCES)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            (relative, fs::read_to_string(&path).expect("read source"))
        })
        .collect()
}

/// The code of a line, without a `//` comment (doc comments included).
fn code(line: &str) -> &str {
    line.split("//").next().unwrap_or("")
}

/// Whether `code` names the module `crypto` as a path segment
/// (`crate::crypto`, `super::crypto`, `crypto::x`, `use crate::{crypto, ..}`).
fn names_crypto_module(code: &str) -> bool {
    code.match_indices("crypto").any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + "crypto".len()..].chars().next();
        let starts_word = !before.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let path_before = code[..at].ends_with("::") || code[..at].trim_end().ends_with('{');
        let path_after = matches!(after, Some(':' | ',' | '}' | ';'));
        starts_word && (path_before || path_after)
    })
}

fn may_name_crypto(path: &str) -> bool {
    path == "crypto.rs" || path.starts_with("crypto/") || path.starts_with("signature/")
}

#[test]
fn only_the_signature_module_reaches_the_arithmetic() {
    let sources = sources();
    assert!(
        sources.iter().any(|(path, _)| path == "crypto.rs"),
        "src/crypto.rs is where the arithmetic lives"
    );
    let mut intruders = Vec::new();
    let mut callers = 0;
    for (path, text) in &sources {
        for (number, line) in text.lines().enumerate() {
            let code = code(line);
            if code.trim_start().starts_with("pub(crate) mod crypto;") && path == "lib.rs" {
                continue;
            }
            if !names_crypto_module(code) {
                continue;
            }
            if may_name_crypto(path) {
                callers += usize::from(path.starts_with("signature/"));
            } else {
                intruders.push(format!("src/{path}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(
        intruders.is_empty(),
        "only src/signature/ may use crate::crypto:\n{}",
        intruders.join("\n")
    );
    // The check itself sees the real callers (a renamed module would
    // otherwise pass it vacuously).
    assert!(callers >= 3, "expected the backend's uses of crate::crypto");
}

#[test]
fn the_backend_is_chosen_in_one_place() {
    let feature = "feature = \"rustcrypto-signatures\"";
    let mut elsewhere = Vec::new();
    let mut in_backend = 0;
    for (path, text) in sources() {
        for (number, line) in text.lines().enumerate() {
            let code = code(line);
            if !code.contains(feature) {
                continue;
            }
            let lint_allowance = path == "lib.rs" && code.contains("allow(dead_code");
            if path == "signature/backend.rs" {
                in_backend += 1;
            } else if !lint_allowance {
                elsewhere.push(format!("src/{path}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(
        elsewhere.is_empty(),
        "the backend is chosen in src/signature/backend.rs only:\n{}",
        elsewhere.join("\n")
    );
    assert!(
        in_backend >= 2,
        "src/signature/backend.rs chooses the backend"
    );
}

#[test]
fn the_fence_check_catches_a_reach_in() {
    // The matcher against the shapes a reach-in would take, and against
    // words that merely contain "crypto".
    for reach in [
        "use crate::crypto::curve::p256;",
        "    crate::crypto::montgomery::FixedPower::new(n, e)",
        "use crate::{alg, crypto, jwk};",
        "use super::crypto;",
    ] {
        assert!(names_crypto_module(reach), "{reach}");
    }
    for innocent in [
        "use p256::ecdsa;",
        "let cryptographic = 1;",
        "host_crypto::verify(x)",
        "\"crypto\"",
    ] {
        assert!(!names_crypto_module(innocent), "{innocent}");
    }
}
