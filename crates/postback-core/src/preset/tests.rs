use super::*;
use crate::{
    template::{SyntaxChoice, TextKind},
    Template, Values,
};

fn choice(preset: &Preset) -> SyntaxChoice {
    preset
        .syntax
        .map_or(SyntaxChoice::Detect, SyntaxChoice::Only)
}

#[test]
fn there_are_at_least_fifteen_presets_with_unique_ids() {
    assert!(PRESETS.len() >= 15, "{}", PRESETS.len());
    let mut ids: Vec<&str> = PRESETS.iter().map(|p| p.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), PRESETS.len());
}

#[test]
fn each_documented_template_and_example_values_give_the_documented_url() {
    for preset in PRESETS {
        let template = Template::parse_with(preset.template, TextKind::Url, choice(preset));
        let Ok(template) = template else {
            panic!("{}: the template does not parse", preset.id)
        };
        assert!(
            template.problems().is_empty(),
            "{}: {:?}",
            preset.id,
            template.problems()
        );
        let out = template.expand(&Values::from_pairs(preset.example_values.iter().copied()));
        assert!(
            out.unfilled.is_empty(),
            "{}: unfilled {:?}",
            preset.id,
            out.unfilled
        );
        assert_eq!(out.text, preset.example_url, "{}", preset.id);
        assert!(url::Url::parse(&out.text).is_ok(), "{}", preset.id);
    }
}

#[test]
fn each_preset_names_its_click_id_key_in_its_template_and_links_its_docs() {
    for preset in PRESETS {
        let template = Template::parse_with(preset.template, TextKind::Url, choice(preset));
        let names: Vec<String> = template
            .map(|t| t.names().into_iter().map(str::to_owned).collect())
            .unwrap_or_default();
        assert!(
            preset
                .click_id_keys
                .iter()
                .any(|k| names.iter().any(|n| n == k)),
            "{}: no click-ID macro among {names:?}",
            preset.id
        );
        assert!(preset.docs.starts_with("http"), "{}", preset.id);
        assert!(
            !preset.name.is_empty() && !preset.example_url.is_empty(),
            "{}",
            preset.id
        );
        if let Some(key) = preset.status_key {
            assert_eq!(preset.role_of(key), Some(Role::Status), "{}", preset.id);
        }
    }
}

#[test]
fn the_documented_click_id_shapes_fit_their_examples() {
    for preset in PRESETS {
        let (Some(shape), Some(key)) = (preset.click_id_shape, preset.click_id_keys.first()) else {
            continue;
        };
        let example = preset
            .example_values
            .iter()
            .find(|(n, _)| n == key)
            .map(|(_, v)| *v);
        assert!(
            example.is_some_and(|v| shape.fits(v)),
            "{}: {example:?}",
            preset.id
        );
    }
}

#[test]
fn search_finds_presets_by_part_of_their_name_in_any_case() {
    let names = |q: &str| Preset::search(q).iter().map(|p| p.id).collect::<Vec<_>>();
    assert_eq!(names("volu"), vec!["voluum"]);
    assert_eq!(names("HASOFFERS"), vec!["tune"]);
    assert_eq!(names("").len(), PRESETS.len());
    assert!(names("no such platform").is_empty());
}

#[test]
fn shapes_are_described_in_plain_words() {
    let cases = [
        (
            Shape {
                len: Some(22),
                charset: Some(Charset::Alphanumeric),
            },
            "22 letters and digits",
        ),
        (
            Shape {
                len: Some(32),
                charset: None,
            },
            "32 characters",
        ),
        (
            Shape {
                len: None,
                charset: Some(Charset::Hex),
            },
            "hexadecimal digits",
        ),
    ];
    for (shape, want) in cases {
        assert_eq!(shape.describe(), want);
    }
}
