//! Counts as people read them: digits in groups of three (`1,338,606`), for the lines,
//! parameters and bytes the page reports.

/// `n` with a comma between each group of three digits.
///
/// ```
/// use postback_core::grouped;
///
/// assert_eq!(grouped(0), "0");
/// assert_eq!(grouped(999), "999");
/// assert_eq!(grouped(1000), "1,000");
/// assert_eq!(grouped(67_108_950), "67,108,950");
/// ```
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::grouped;

    #[test]
    fn each_group_of_three_digits_from_the_right_is_set_apart() {
        for (n, want) in [
            (7, "7"),
            (12, "12"),
            (100, "100"),
            (1_000, "1,000"),
            (10_000, "10,000"),
            (100_000, "100,000"),
            (1_000_000, "1,000,000"),
            (u64::MAX, "18,446,744,073,709,551,615"),
        ] {
            assert_eq!(grouped(n), want, "{n}");
        }
    }

    proptest! {
        #[test]
        fn taking_the_commas_out_gives_the_number_back(n: u64) {
            let text = grouped(n);
            prop_assert_eq!(text.replace(',', ""), n.to_string());
            for group in text.split(',').skip(1) {
                prop_assert_eq!(group.len(), 3);
            }
            let first = text.split(',').next().unwrap_or_default().len();
            prop_assert!((1..=3).contains(&first));
        }
    }
}
