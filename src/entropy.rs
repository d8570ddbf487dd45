//! The current time and random bytes, for the value generators.

/// Why random bytes could not be had.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EntropyError {
    /// The browser offers no `crypto.getRandomValues`.
    #[error("this browser offers no secure random numbers")]
    Unavailable,
}

impl EntropyError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        "Type a unique value by hand, or open the page in a current browser."
    }
}

/// Milliseconds since the Unix epoch, from the browser's clock.
pub fn now_ms() -> u64 {
    let now = js_sys::Date::now();
    if now.is_finite() && now > 0.0 {
        now as u64
    } else {
        0
    }
}

/// How many minutes this browser's clock is ahead of UTC now (negative west of UTC).
pub fn utc_offset_minutes() -> i32 {
    // getTimezoneOffset counts the other way: minutes to add to local time to get UTC.
    let behind = js_sys::Date::new_0().get_timezone_offset();
    if behind.is_finite() {
        -(behind.round() as i32)
    } else {
        0
    }
}

/// Sixteen random bytes from `crypto.getRandomValues`.
///
/// # Errors
///
/// [`EntropyError::Unavailable`] when the browser offers no secure random numbers.
pub fn random_bytes() -> Result<[u8; 16], EntropyError> {
    let mut bytes = [0u8; 16];
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .ok_or(EntropyError::Unavailable)?;
    Ok(bytes)
}

/// A fresh unique ID (a random UUID v4), or the current time in milliseconds when the browser
/// offers no secure random numbers: for transaction IDs, message IDs and run IDs.
pub fn fresh_id() -> String {
    let now = now_ms();
    random_bytes()
        .map(|random| postback_core::Generator::TransactionId.generate(now, random))
        .unwrap_or_else(|_| now.to_string())
}
