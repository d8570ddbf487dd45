//! No module of the core or the app imports a module that imports it.

use std::path::PathBuf;

use test_harness::modules::ModuleGraph;

fn cycles(root: &str) -> Result<Vec<String>, String> {
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    Ok(ModuleGraph::read(&workspace.join(root))?.cycles())
}

#[test]
fn the_core_has_no_module_cycle() -> Result<(), String> {
    let found = cycles("crates/postback-core/src/lib.rs")?;
    assert!(
        found.is_empty(),
        "modules that import each other: {found:#?}"
    );
    Ok(())
}

#[test]
fn the_app_has_no_module_cycle() -> Result<(), String> {
    let found = cycles("src/lib.rs")?;
    assert!(
        found.is_empty(),
        "modules that import each other: {found:#?}"
    );
    Ok(())
}
