//! Reading what a command is given: a file, or standard input for `-` or none, never more
//! than a limit, so a huge or endless input cannot hold the machine.

use std::io::Read;

/// The first `limit` bytes of `file`, or of standard input for `-` or none, and whether
/// there was more.
///
/// # Errors
///
/// The reading's error: no such file, not allowed, a directory.
pub fn read_bytes(
    file: Option<&std::path::Path>,
    limit: usize,
) -> std::io::Result<(Vec<u8>, bool)> {
    let take = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::new();
    match file {
        Some(path) if path.as_os_str() != "-" => {
            std::fs::File::open(path)?
                .take(take)
                .read_to_end(&mut bytes)?;
        }
        _ => {
            std::io::stdin().lock().take(take).read_to_end(&mut bytes)?;
        }
    }
    let more = bytes.len() > limit;
    bytes.truncate(limit);
    Ok((bytes, more))
}

/// The text of `file` (or standard input) up to `limit` bytes, invalid UTF-8 replaced.
///
/// # Errors
///
/// The reading's error.
pub fn read_text(file: Option<&std::path::Path>, limit: usize) -> std::io::Result<String> {
    let (bytes, _) = read_bytes(file, limit)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
