//! The version rule for everything a build writes that a later build must read back: stored
//! runs, the saved draft and secrets, share and result links, and evidence files.
//!
//! Each of these carries its format's version in `v`. Any change to what one of them holds
//! (a field added, renamed or retyped, in it or in a type it contains, such as the draft)
//! bumps that format's version and adds one upgrade step, from the previous version to the
//! new one, to the format's list; the previous version's fixture stays in `fixtures/`, and
//! a test reads every fixture of every version. A test also writes a sample of each format
//! and compares it with the current version's fixture, so a change that forgets the bump
//! fails the build, naming the format.
//!
//! Reading never guesses: a value from a newer version is reported as such and left
//! untouched, and a value that cannot be upgraded is reported with the reason.

use serde_json::Value;

/// One upgrade step: a value of version `n` in, the same value as version `n + 1` out.
pub(crate) type Step = fn(Value) -> Result<Value, String>;

/// Why a stored or shared value could not be brought to the current version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Unreadable {
    /// A newer build wrote it.
    Newer(u32),
    /// It has no version, or one that never existed, or a step refused it.
    Broken(String),
}

/// The version `value` was written with. A whole number too large for any build of ours is
/// read as a newer version; anything else that is not a whole number is refused by name.
pub(crate) fn version_of(value: &Value) -> Result<u32, Unreadable> {
    let Some(v) = value.get("v") else {
        return Err(Unreadable::Broken("no format version".to_owned()));
    };
    match v.as_u64() {
        Some(whole) => Ok(u32::try_from(whole).unwrap_or(u32::MAX)),
        None => Err(Unreadable::Broken(format!(
            "the format version {v} is not a whole number"
        ))),
    }
}

/// The current version of a format whose upgrade steps are `steps`: one more than the steps.
pub(crate) const fn current(steps: &[Step]) -> u32 {
    steps.len() as u32 + 1
}

/// `value`, written at its own version, brought up to the current one by running each step
/// from that version on, with `v` set to the current version.
pub(crate) fn upgrade(mut value: Value, steps: &[Step]) -> Result<Value, Unreadable> {
    let from = version_of(&value)?;
    let now = current(steps);
    if from > now {
        return Err(Unreadable::Newer(from));
    }
    if from == 0 {
        return Err(Unreadable::Broken(
            "format version 0 never existed".to_owned(),
        ));
    }
    for step in steps.iter().skip(from as usize - 1) {
        value = step(value).map_err(Unreadable::Broken)?;
    }
    if let Some(object) = value.as_object_mut() {
        object.insert("v".to_owned(), Value::from(now));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rename_a_to_b(mut value: Value) -> Result<Value, String> {
        let a = value
            .as_object_mut()
            .and_then(|o| o.remove("a"))
            .ok_or("no a")?;
        value["b"] = a;
        Ok(value)
    }

    fn double_b(mut value: Value) -> Result<Value, String> {
        let b = value["b"].as_u64().ok_or("b is not a number")?;
        value["b"] = json!(b * 2);
        Ok(value)
    }

    #[test]
    fn values_are_brought_up_one_step_per_version_and_newer_ones_are_refused() {
        let steps: [Step; 2] = [rename_a_to_b, double_b];
        assert_eq!(current(&steps), 3);
        let cases = [
            (json!({"v": 1, "a": 2}), Ok(json!({"v": 3, "b": 4}))),
            (json!({"v": 2, "b": 2}), Ok(json!({"v": 3, "b": 4}))),
            (json!({"v": 3, "b": 2}), Ok(json!({"v": 3, "b": 2}))),
            (json!({"v": 4, "c": 1}), Err(Unreadable::Newer(4))),
            (
                json!({"v": 1, "c": 1}),
                Err(Unreadable::Broken("no a".into())),
            ),
            (
                json!({"a": 1}),
                Err(Unreadable::Broken("no format version".into())),
            ),
            (
                json!({"v": 0}),
                Err(Unreadable::Broken("format version 0 never existed".into())),
            ),
        ];
        for (value, want) in cases {
            assert_eq!(upgrade(value.clone(), &steps), want, "{value}");
        }
    }
}
