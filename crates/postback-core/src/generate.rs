//! Value generators: fresh transaction IDs, timestamps, random numbers and payouts. Pure: the
//! caller passes the current time and random bytes, so results are reproducible in tests.

use serde::{Deserialize, Serialize};

use crate::preset::Role;

/// One way to make a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Generator {
    /// A random UUID v4, for a fresh transaction ID.
    TransactionId,
    /// Unix time in seconds.
    UnixSeconds,
    /// Unix time in milliseconds.
    UnixMillis,
    /// ISO 8601 time in UTC with milliseconds.
    Iso8601,
    /// A random whole number.
    RandomInt,
    /// A random payout with a dot decimal separator and two decimals.
    Payout,
}

impl Generator {
    /// Every generator, in menu order.
    pub const ALL: [Generator; 6] = [
        Generator::TransactionId,
        Generator::UnixSeconds,
        Generator::UnixMillis,
        Generator::Iso8601,
        Generator::RandomInt,
        Generator::Payout,
    ];

    /// A short label for the generator's button.
    pub fn label(self) -> &'static str {
        match self {
            Self::TransactionId => "New ID",
            Self::UnixSeconds => "Now (s)",
            Self::UnixMillis => "Now (ms)",
            Self::Iso8601 => "Now (ISO)",
            Self::RandomInt => "Random",
            Self::Payout => "Sample payout",
        }
    }

    /// A value made at `now_ms` (milliseconds since the Unix epoch) from `random` bytes.
    ///
    /// ```
    /// use postback_core::Generator;
    ///
    /// let now = 1_700_000_000_123;
    /// let random = [7u8; 16];
    /// assert_eq!(Generator::UnixSeconds.generate(now, random), "1700000000");
    /// assert_eq!(Generator::UnixMillis.generate(now, random), "1700000000123");
    /// assert_eq!(Generator::Iso8601.generate(now, random), "2023-11-14T22:13:20.123Z");
    /// assert_eq!(Generator::TransactionId.generate(now, random), "07070707-0707-4707-8707-070707070707");
    /// assert_eq!(Generator::Payout.generate(now, random), "17.99");
    /// ```
    pub fn generate(self, now_ms: u64, random: [u8; 16]) -> String {
        match self {
            Self::TransactionId => uuid::Builder::from_random_bytes(random)
                .into_uuid()
                .hyphenated()
                .to_string(),
            Self::UnixSeconds => (now_ms / 1000).to_string(),
            Self::UnixMillis => now_ms.to_string(),
            Self::Iso8601 => crate::clock::rfc3339_millis(now_ms),
            Self::RandomInt => {
                let [a, b, c, d, ..] = random;
                u32::from_le_bytes([a, b, c, d]).to_string()
            }
            Self::Payout => {
                let [a, b, ..] = random;
                let cents = u32::from(u16::from_le_bytes([a, b])) % 10_000;
                format!("{}.{:02}", cents / 100, cents % 100)
            }
        }
    }

    /// The generator that fits a macro, from what the platform says its key means or else
    /// from its name; `None` for a click ID, which must come from a real click.
    ///
    /// ```
    /// use postback_core::{Generator, Role};
    ///
    /// assert_eq!(Generator::suggest("txid", None), Some(Generator::TransactionId));
    /// assert_eq!(Generator::suggest("timestamp", None), Some(Generator::UnixSeconds));
    /// assert_eq!(Generator::suggest("transaction_id", Some(Role::ClickId)), None);
    /// assert_eq!(Generator::suggest("clickid", None), None);
    /// ```
    pub fn suggest(name: &str, role: Option<Role>) -> Option<Generator> {
        match role {
            Some(Role::TransactionId) => return Some(Self::TransactionId),
            Some(Role::Payout) => return Some(Self::Payout),
            Some(_) => return None,
            None => {}
        }
        let name = name.to_lowercase();
        let name = name.as_str();
        match name {
            "txid" | "tx" | "txn_id" | "tid" | "order_id" | "orderid" | "action_id"
            | "event_id" | "rdtk_event_id" | "ref" | "adv_sub" | "uuid" | "transaction" => {
                Some(Self::TransactionId)
            }
            "timestamp" | "ts" | "time" | "unix" => Some(Self::UnixSeconds),
            "timestamp_ms" | "ts_ms" | "time_ms" => Some(Self::UnixMillis),
            "date" | "datetime" | "iso" | "conversion_date_time" => Some(Self::Iso8601),
            "rand" | "random" | "nonce" | "cb" | "cachebuster" => Some(Self::RandomInt),
            "payout" | "sum" | "amount" | "revenue" | "rev" | "amt" | "price" | "cpa" => {
                Some(Self::Payout)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn generated_values_have_their_promised_shape(now in 0u64..4_000_000_000_000, random in any::<[u8; 16]>()) {
            let id = Generator::TransactionId.generate(now, random);
            prop_assert_eq!(id.len(), 36);
            prop_assert_eq!(id.chars().nth(14), Some('4'));
            let payout = Generator::Payout.generate(now, random);
            prop_assert!(payout.parse::<f64>().is_ok() && !payout.contains(','));
            prop_assert_eq!(payout.split_once('.').map(|(_, d)| d.len()), Some(2));
            prop_assert!(Generator::Iso8601.generate(now, random).ends_with('Z'));
            prop_assert!(Generator::RandomInt.generate(now, random).parse::<u32>().is_ok());
        }

        #[test]
        fn different_random_bytes_give_different_ids(a in any::<[u8; 16]>(), b in any::<[u8; 16]>()) {
            prop_assume!(a != b);
            let (x, y) = (Generator::TransactionId.generate(0, a), Generator::TransactionId.generate(0, b));
            // Version and variant bits are fixed, so bytes that differ only there may collide.
            let fixed = |r: [u8; 16]| (r[6] & 0x0f, r[8] & 0x3f);
            let same_but_fixed = a.iter().zip(b.iter()).enumerate().all(|(i, (p, q))| i == 6 || i == 8 || p == q);
            if !(same_but_fixed && fixed(a) == fixed(b)) {
                prop_assert_ne!(x, y);
            }
        }
    }
}
