//! `rules` as written: the path match and the `requires` tree
//! (`JwtRequirement`), with tokenward's older shorthand lists.

use super::error::ConfigError;
use super::fields::{Fields, join, refuse, strings};
use super::wire::{PathMatch, Requires, Rule};
use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

pub(super) fn rule(value: &Value, path: &str) -> Result<Rule, ConfigError> {
    let mut r = Fields::of(value, path)?;
    let mut m = r
        .object("match")?
        .ok_or_else(|| refuse(&join(path, "match"), "required"))?;
    let prefix = m.string("prefix")?;
    let exact = m.string("path")?;
    m.refuse_if_set(
        "safe_regex",
        "rules match a path prefix or an exact path; no regular expressions",
    )?;
    m.refuse_if_set(
        "path_separated_prefix",
        "use prefix (a rule may end the prefix with /)",
    )?;
    m.refuse_if_set("headers", "rules match the path only")?;
    m.refuse_if_set("query_parameters", "rules match the path only")?;
    m.only(
        "case_sensitive",
        &Value::Bool(true),
        "paths are compared case-sensitively",
    )?;
    let match_path = m.path().to_owned();
    m.finish()?;
    let matcher = match (prefix, exact) {
        (Some(p), None) => PathMatch::Prefix(p),
        (None, Some(p)) => PathMatch::Exact(p),
        _ => return Err(refuse(&match_path, "set exactly one of prefix and path")),
    };
    let requires = match r.get("requires")? {
        None => None,
        Some((value, path)) => Some(requires(value, &path)?),
    };
    r.finish()?;
    Ok(Rule { matcher, requires })
}

fn requires(value: &Value, path: &str) -> Result<Requires, ConfigError> {
    let mut r = Fields::of(value, path)?;
    let mut found = Vec::new();
    if let Some(name) = r.string("provider_name")? {
        found.push(Requires::Provider(name));
    }
    if let Some((any, any_path)) = r.get("requires_any")? {
        found.push(match any {
            // tokenward's shorthand: a list of provider names.
            Value::Array(_) => names(any, &any_path, false)?,
            _ => {
                let mut list = Fields::of(any, &any_path)?;
                let mut items = Vec::new();
                for (item, item_path) in list.array("requirements")? {
                    items.push((item_path.clone(), requires(item, &item_path)?));
                }
                list.finish()?;
                Requires::Any(items)
            }
        });
    }
    if let Some((missing, missing_path)) = r.get("allow_missing")? {
        found.push(match missing {
            Value::Array(_) => names(missing, &missing_path, true)?,
            _ => {
                Fields::of(missing, &missing_path)?.finish()?;
                Requires::AllowMissing
            }
        });
    }
    if let Some(failed) = r.object("allow_missing_or_failed")? {
        failed.finish()?;
        found.push(Requires::AllowMissingOrFailed);
    }
    r.refuse_if_set(
        "requires_all",
        "tokenward verifies one token per request (RFC 6750 allows one)",
    )?;
    r.refuse_if_set(
        "provider_and_audiences",
        "configure a provider with these audiences and name it in provider_name",
    )?;
    r.finish()?;
    match found.len() {
        1 => Ok(found.remove(0)),
        _ => Err(refuse(
            path,
            "set exactly one of provider_name, requires_any, allow_missing, allow_missing_or_failed",
        )),
    }
}

/// tokenward's shorthand lists: `requires_any: ["a", "b"]`,
/// `allow_missing: ["a"]` (a valid token of `a`, or none).
fn names(value: &Value, path: &str, allow_missing: bool) -> Result<Requires, ConfigError> {
    let mut items: Vec<(String, Requires)> = strings(value, path)?
        .into_iter()
        .enumerate()
        .map(|(i, name)| (alloc::format!("{path}[{i}]"), Requires::Provider(name)))
        .collect();
    if items.is_empty() {
        return Err(refuse(path, "name at least one provider"));
    }
    if allow_missing {
        items.push((path.to_owned(), Requires::AllowMissing));
    }
    Ok(Requires::Any(items))
}
