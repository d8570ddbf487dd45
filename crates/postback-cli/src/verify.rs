//! `verify`: the page's Check a signature on the command line: the body exactly as received
//! (bytes, not text), its signature header and the secret; when they do not match, the usual
//! mistakes that would explain it.

use std::{io::Write, path::Path, process::ExitCode};

use postback_core::{verify_signature, Scheme, SignContext, Verification};

use crate::{bad_input, input};

/// The largest body checked: a signed webhook body is far smaller.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// What `postback verify` was given.
pub struct VerifyArgs<'a> {
    /// The scheme's ID.
    pub scheme: &'a str,
    /// The secret.
    pub secret: &'a str,
    /// The signature header's value.
    pub header: &'a str,
    /// The message ID, for Standard Webhooks.
    pub id: &'a str,
    /// The timestamp in Unix seconds, for Standard Webhooks.
    pub timestamp: u64,
    /// Where the body is.
    pub file: Option<&'a Path>,
}

/// `postback verify`: "the signature matches" and exit 0, or why not and exit 1.
pub fn verify(args: &VerifyArgs<'_>, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let Some(scheme) = Scheme::from_id(args.scheme) else {
        let ids: Vec<&str> = Scheme::ALL.iter().map(|s| s.id()).collect();
        return bad_input(
            err,
            &format!("no signing scheme {:?}", args.scheme),
            &format!("Use one of: {}.", ids.join(", ")),
        );
    };
    let body = match input::read_bytes(args.file, MAX_BODY_BYTES) {
        Ok((_, true)) => {
            return bad_input(
                err,
                &format!("the body is over {} MiB", MAX_BODY_BYTES / 1024 / 1024),
                "Check that this is the signed body alone, not a whole log.",
            )
        }
        Ok((bytes, false)) => bytes,
        Err(e) => {
            return bad_input(
                err,
                &format!("the body cannot be read: {e}"),
                "Name the file that holds the body exactly as received, or pipe it in.",
            )
        }
    };
    let context = SignContext {
        timestamp: args.timestamp,
        id: args.id.to_owned(),
    };
    match verify_signature(scheme, args.secret, &body, args.header, &context) {
        Ok(Verification::Match) => {
            let _ = writeln!(out, "The {} signature matches.", scheme.label());
            ExitCode::SUCCESS
        }
        Ok(Verification::Mismatch(why)) => {
            let _ = writeln!(out, "The {} signature does not match.", scheme.label());
            for reason in &why {
                let _ = writeln!(out, "- {reason}");
            }
            if why.is_empty() {
                let _ = writeln!(
                    out,
                    "None of the usual mistakes explains it: check the secret, and that the body \
                     is exactly the bytes that were signed."
                );
            }
            ExitCode::FAILURE
        }
        Err(e) => bad_input(err, &e.to_string(), e.hint()),
    }
}
