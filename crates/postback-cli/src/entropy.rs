//! The clock and the random numbers, from the operating system: fresh transaction and
//! message IDs as the page makes them (a random UUID v4), and the relay's pairing code.

use postback_core::Generator;

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// Sixteen random bytes from the operating system.
///
/// # Errors
///
/// When the operating system offers no random numbers.
pub fn random_bytes() -> Result<[u8; 16], getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(bytes)
}

/// A fresh unique ID (a random UUID v4), or the time in milliseconds when the system has no
/// random numbers: for transaction IDs, message IDs and run IDs, as the page makes them.
pub fn fresh_id() -> String {
    let now = now_ms();
    random_bytes()
        .map(|random| Generator::TransactionId.generate(now, random))
        .unwrap_or_else(|_| now.to_string())
}
