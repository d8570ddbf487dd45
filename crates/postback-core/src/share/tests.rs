use proptest::prelude::*;

use super::*;
use crate::{Method, Scheme, Values};

fn draft(url: &str, values: &[(&str, &str)]) -> Draft {
    Draft {
        preset: Some("affise".into()),
        url: url.into(),
        values: Values::from_pairs(values.iter().copied()),
        ..Draft::default()
    }
}

#[test]
fn secrets_are_left_out_unless_included_on_purpose() {
    let d = draft(
        "https://offers-x.affise.com/postback?clickid={clickid}&secure={secure}&k={api_key}",
        &[("clickid", "c1"), ("secure", "s3"), ("api_key", "k9")],
    );
    let signing = Signing::Hmac {
        scheme: Scheme::GitHub,
        secret: "hush".into(),
    };
    let without = Shared::new(&d, &signing, None, false, None);
    assert_eq!(
        without.draft.values,
        Values::from_pairs([("clickid", "c1")])
    );
    assert_eq!(without.signing.secret, None);
    assert!(!without.secrets_included);
    let fragment = without.to_fragment().unwrap();
    let back = read_share_link(&fragment).unwrap();
    assert_eq!(
        back.signing(),
        Signing::Hmac {
            scheme: Scheme::GitHub,
            secret: String::new()
        }
    );

    let with = Shared::new(&d, &signing, Some(Scenario::Duplicate), true, None);
    assert_eq!(with.draft.values, d.values);
    let back = read_share_link(&with.to_fragment().unwrap()).unwrap();
    assert_eq!(back.signing(), signing);
    assert_eq!(back.scenario, Some(Scenario::Duplicate));
    assert!(back.secrets_included);
}

#[test]
fn bad_fragments_are_refused_with_a_reason() {
    let good = Shared::new(
        &draft("https://t.example/pb?a={a}", &[]),
        &Signing::Off,
        None,
        false,
        None,
    )
    .to_fragment()
    .unwrap();
    let data = good.strip_prefix(&format!("pbt={SHARE_VERSION}.")).unwrap();
    let cut = good.get(..good.len() - 8).unwrap();
    let tampered = format!(
        "pbt={SHARE_VERSION}.{}A{}",
        data.get(..10).unwrap(),
        data.get(11..).unwrap()
    );
    let json_not_ours = format!(
        "pbt={SHARE_VERSION}.{}",
        URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"{\"hello\":1}", 9))
    );
    let cases: [(&str, ShareError); 7] = [
        ("", ShareError::NotOurs),
        ("#section-2", ShareError::NotOurs),
        ("pbt=70.AAAA", ShareError::Newer { version: 70 }),
        ("pbt=x.AAAA", ShareError::Damaged),
        (cut, ShareError::Damaged),
        (&tampered, ShareError::Damaged),
        (&json_not_ours, ShareError::Damaged),
    ];
    for (fragment, want) in cases {
        assert_eq!(read_share_link(fragment), Err(want), "{fragment}");
    }
}

#[test]
fn a_compression_bomb_stops_at_the_cap() {
    // Five megabytes of spaces pack into a link-sized fragment: unpacking stops at the cap.
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 5 * 1024 * 1024], 9);
    let fragment = format!("pbt=1.{}", URL_SAFE_NO_PAD.encode(&bomb));
    assert!(
        fragment.len() < MAX_FRAGMENT_CHARS * 2,
        "{}",
        fragment.len()
    );
    assert_eq!(read_share_link(&fragment), Err(ShareError::Oversized));
    // Fifty megabytes need a fragment longer than any link: refused before unpacking.
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 50 * 1024 * 1024], 9);
    let fragment = format!("pbt=1.{}", URL_SAFE_NO_PAD.encode(&bomb));
    assert_eq!(read_share_link(&fragment), Err(ShareError::Damaged));
}

#[test]
fn a_test_too_large_for_a_link_says_so() {
    let mut d = draft("https://t.example/pb?a={a}", &[]);
    d.method = Method::Post;
    // Pseudo-random letters (xorshift) barely compress.
    let mut x: u32 = 2_463_534_242;
    d.body = (0..20_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            char::from(b'a' + (x % 26) as u8)
        })
        .collect();
    let err = Shared::new(&d, &Signing::Off, None, false, None).to_fragment();
    assert!(
        matches!(err, Err(ShareError::TooLarge { chars }) if chars > MAX_FRAGMENT_CHARS),
        "{err:?}"
    );
}

#[test]
fn a_partners_result_travels_back_in_its_own_link() {
    let draft = draft(
        "https://t.example/pb?cid={c}",
        &[("c", "1"), ("secure", "s")],
    );
    let prepared = crate::Prepared {
        secrets: Secrets::of(&draft, &Signing::Off),
        draft,
        request: crate::FireRequest::get("https://t.example/pb?cid=1").unwrap(),
        mode: crate::FetchMode::Read,
    };
    let run = Run::new(
        "r1".into(),
        1_763_700_000_000,
        &prepared,
        vec![],
        crate::Delivery::Hidden,
        15,
    );
    let result = SharedResult::new("Ana at Acme", run, 1);
    let fragment = result.to_fragment().unwrap();
    assert!(fragment.starts_with(&format!("pbr={SHARE_VERSION}.")));
    assert_eq!(read_result_link(&format!("#{fragment}")), Ok(result));
    assert!(!fragment.contains("pbt="));
    assert_eq!(read_share_link(&fragment), Err(ShareError::NotOurs));
}

proptest! {
    #[test]
    fn any_draft_that_fits_comes_back_the_same(
        url in "\\PC{0,200}",
        body in "\\PC{0,200}",
        headers in "\\PC{0,100}",
        values in proptest::collection::btree_map("[a-z_]{1,8}", "\\PC{0,40}", 0..6),
        asked_by in "\\PC{0,30}",
    ) {
        let d = Draft {
            url, body, headers,
            method: Method::Post,
            values: Values::from_pairs(values),
            ..Draft::default()
        };
        let partner = Some(PartnerCheck { asked_by, note: String::new() });
        let shared = Shared::new(&d, &Signing::Off, Some(Scenario::Once), true, partner);
        let fragment = shared.to_fragment().unwrap();
        prop_assert!(fragment.bytes().all(|b| b.is_ascii_alphanumeric() || b"=._-".contains(&b)));
        prop_assert_eq!(read_share_link(&fragment).unwrap(), shared);
    }

    #[test]
    fn arbitrary_fragments_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let packed = format!("pbt=1.{}", URL_SAFE_NO_PAD.encode(&bytes));
        let _ = read_share_link(&packed);
        let _ = read_share_link(&String::from_utf8_lossy(&bytes));
        let _ = read_result_link(&format!("pbr=1.{}", URL_SAFE_NO_PAD.encode(&bytes)));
    }
}
