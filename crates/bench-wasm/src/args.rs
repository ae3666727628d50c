//! Command-line options.

use std::time::Duration;

pub const USAGE: &str = "\
usage: tokenward-bench-wasm [--rounds N] [--round-ms MS] [--only NAME,...] [--json PATH]
  --rounds N      timed rounds per side and case, in back-to-back pairs (default 11)
  --round-ms MS   verify time per round and side; first-use rounds get a
                  fifth of it (default 150)
  --only NAMES    comma-separated case names (RS256, RS256-4096, PS256, ES256, ...)
  --json PATH     also write the results as JSON (the Node runner reads it)";

#[derive(Debug)]
pub struct Options {
    pub rounds: usize,
    pub round: Duration,
    pub only: Option<Vec<String>>,
    pub json: Option<String>,
}

impl Options {
    pub fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
        let mut options = Options {
            rounds: 11,
            round: Duration::from_millis(150),
            only: None,
            json: None,
        };
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or(format!("{flag} needs a value"));
            match flag.as_str() {
                "--rounds" => options.rounds = number(&flag, &value()?)?.max(1),
                "--round-ms" => {
                    options.round = Duration::from_millis(number(&flag, &value()?)? as u64);
                }
                "--only" => {
                    options.only = Some(value()?.split(',').map(str::to_string).collect());
                }
                "--json" => options.json = Some(value()?),
                _ => return Err(format!("unknown argument {flag}")),
            }
        }
        Ok(options)
    }

    /// The first-use budget per round and side (a fresh key to its first verdict).
    pub fn prepare_round(&self) -> Duration {
        self.round / 5
    }

    pub fn selects(&self, name: &str) -> bool {
        self.only
            .as_ref()
            .is_none_or(|names| names.iter().any(|wanted| wanted == name))
    }
}

fn number(flag: &str, text: &str) -> Result<usize, String> {
    text.parse()
        .map_err(|_| format!("{flag} wants a whole number, not {text:?}"))
}

#[cfg(test)]
mod tests {
    use super::Options;
    use std::time::Duration;

    fn parse(args: &[&str]) -> Result<Options, String> {
        Options::parse(args.iter().map(|arg| arg.to_string()))
    }

    #[test]
    fn defaults_and_overrides() {
        let defaults = parse(&[]).expect("no arguments");
        assert_eq!(
            (defaults.rounds, defaults.round),
            (11, Duration::from_millis(150))
        );
        assert!(defaults.selects("ES256"));
        let options = parse(&["--rounds", "1", "--round-ms", "2", "--only", "RS256,EdDSA"])
            .expect("valid arguments");
        assert_eq!(
            (options.rounds, options.round),
            (1, Duration::from_millis(2))
        );
        assert!(options.selects("EdDSA") && !options.selects("ES256"));
        assert!(parse(&["--rounds"]).is_err());
        assert!(parse(&["--rounds", "x"]).is_err());
        assert!(parse(&["--fast"]).is_err());
    }
}
