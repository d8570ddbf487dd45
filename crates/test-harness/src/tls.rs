//! A self-signed certificate for `127.0.0.1` and `localhost`, made fresh for each server.

use std::io;

use native_tls::Identity;
use openssl::{
    asn1::Asn1Time,
    bn::BigNum,
    hash::MessageDigest,
    pkey::PKey,
    rsa::Rsa,
    x509::{extension::SubjectAlternativeName, X509NameBuilder, X509},
};

/// A key and a certificate valid for a day, for a loopback HTTPS server.
pub(crate) fn self_signed() -> io::Result<Identity> {
    make().map_err(io::Error::other)
}

fn make() -> Result<Identity, Box<dyn std::error::Error + Send + Sync>> {
    let key = PKey::from_rsa(Rsa::generate(2048)?)?;
    let mut name = X509NameBuilder::new()?;
    name.append_entry_by_text("CN", "127.0.0.1")?;
    let name = name.build();
    let mut builder = X509::builder()?;
    builder.set_version(2)?;
    builder.set_serial_number(&*BigNum::from_u32(1)?.to_asn1_integer()?)?;
    builder.set_subject_name(&name)?;
    builder.set_issuer_name(&name)?;
    builder.set_pubkey(&key)?;
    builder.set_not_before(&*Asn1Time::days_from_now(0)?)?;
    builder.set_not_after(&*Asn1Time::days_from_now(1)?)?;
    let names = SubjectAlternativeName::new()
        .ip("127.0.0.1")
        .dns("localhost")
        .build(&builder.x509v3_context(None, None))?;
    builder.append_extension(names)?;
    builder.sign(&key, MessageDigest::sha256())?;
    let cert = builder.build();
    Ok(Identity::from_pkcs8(
        &cert.to_pem()?,
        &key.private_key_to_pem_pkcs8()?,
    )?)
}
