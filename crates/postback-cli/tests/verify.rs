//! `postback verify`: the page's signature check on the body exactly as received.

mod support;

use postback_core::{sign_body, Scheme, SignContext};
use support::{postback_in, temp_dir};

#[test]
fn verify_says_whether_each_scheme_matches_and_why_not() -> std::io::Result<()> {
    let dir = temp_dir("verify")?;
    let body = b"{\"event\":\"ftd\"}";
    std::fs::write(dir.join("body.json"), body)?;
    let context = SignContext {
        timestamp: 1_700_000_000,
        id: "msg_1".to_owned(),
    };
    for (scheme, secret) in [
        (Scheme::GitHub, "s3cr3t"),
        (Scheme::Shopify, "s3cr3t"),
        (Scheme::Stripe, "whsec_test"),
        (
            Scheme::StandardWebhooks,
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ),
    ] {
        let header = sign_body(scheme, secret, body, &context).unwrap_or_default();
        let ts = context.timestamp.to_string();
        let args = [
            "verify",
            "--scheme",
            scheme.id(),
            "--header",
            header.as_str(),
            "--id",
            "msg_1",
            "--timestamp",
            ts.as_str(),
            "body.json",
        ];
        let (code, out, err) = postback_in(&args, "", Some(&dir), &[("POSTBACK_SECRET", secret)])?;
        assert_eq!(code, 0, "{scheme:?}: {out}{err}");
        assert_eq!(
            out.trim(),
            format!("The {} signature matches.", scheme.label())
        );
        // The same body with a trailing newline, piped in: a mismatch, and the likely reason.
        let piped = [&args[..args.len() - 1], &["-"]].concat();
        let (code, out, _) = postback_in(
            &piped,
            "{\"event\":\"ftd\"}\n",
            Some(&dir),
            &[("POSTBACK_SECRET", secret)],
        )?;
        assert_eq!(code, 1, "{scheme:?}: {out}");
        assert!(out.contains("does not match"), "{out}");
        assert!(out.contains("trailing newline"), "{scheme:?}: {out}");
    }
    let (code, _, err) = postback_in(
        &[
            "verify", "--scheme", "md5", "--secret", "s", "--header", "h",
        ],
        "",
        None,
        &[],
    )?;
    assert_eq!(code, 2);
    assert!(err.contains("no signing scheme \"md5\""), "{err}");
    assert!(err.contains("standard-webhooks"), "{err}");
    Ok(())
}
