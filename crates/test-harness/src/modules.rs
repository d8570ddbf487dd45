//! The module graph of a crate's sources, read with `syn`, so a test can keep the crate free
//! of cycles: no module imports a module that imports it, parent and child included.
//!
//! A module depends on another when it names it or one of its items in a `use` or in any path
//! (`crate::a::b::Item`, `super::x`, `child::f`). A path through a re-export (`pub use`) is
//! followed to the module that defines the item, so a crate root that re-exports every item
//! is not a hub every module depends on. A re-export is not itself a dependency: it is how a
//! parent names what its children offer. Test modules (`#[cfg(test)]`) are left out.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

use syn::visit::Visit;

/// A module's path from the crate root, such as `ui::fire::use_fire`; the root is empty.
pub type ModulePath = Vec<String>;

/// The modules of a crate and what each depends on.
#[derive(Debug, Default)]
pub struct ModuleGraph {
    modules: BTreeSet<ModulePath>,
    /// For each module, its re-exports: a name and the absolute path it stands for.
    aliases: BTreeMap<ModulePath, BTreeMap<String, ModulePath>>,
    /// For each module, the absolute paths it names, still to resolve.
    uses: BTreeMap<ModulePath, Vec<ModulePath>>,
}

impl ModuleGraph {
    /// Reads the crate whose root file is `root` (`src/lib.rs`, `src/main.rs`), following every
    /// `mod x;` to `x.rs` or `x/mod.rs`.
    ///
    /// # Errors
    ///
    /// A message naming the file that cannot be read or parsed.
    pub fn read(root: &Path) -> Result<Self, String> {
        let mut graph = Self::default();
        let dir = root
            .parent()
            .ok_or_else(|| format!("{} has no folder", root.display()))?
            .to_path_buf();
        graph.read_file(root, &dir, Vec::new())?;
        Ok(graph)
    }

    fn read_file(&mut self, file: &Path, dir: &Path, path: ModulePath) -> Result<(), String> {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let parsed = syn::parse_file(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        self.read_items(&parsed.items, file, dir, path)
    }

    fn read_items(
        &mut self,
        items: &[syn::Item],
        file: &Path,
        dir: &Path,
        path: ModulePath,
    ) -> Result<(), String> {
        self.modules.insert(path.clone());
        let mut collector = Collector {
            module: &path,
            found: Vec::new(),
        };
        for item in items {
            if is_test_only(item_attrs(item)) {
                continue;
            }
            match item {
                syn::Item::Mod(m) => {
                    let mut child = path.clone();
                    child.push(m.ident.to_string());
                    match &m.content {
                        Some((_, inline)) => {
                            let child_dir = dir.join(m.ident.to_string());
                            self.read_items(inline, file, &child_dir, child)?;
                        }
                        None => {
                            let (child_file, child_dir) = child_file(dir, &m.ident.to_string())
                                .ok_or_else(|| {
                                    format!("{}: no file for `mod {}`", file.display(), m.ident)
                                })?;
                            self.read_file(&child_file, &child_dir, child)?;
                        }
                    }
                }
                syn::Item::Use(u) if !matches!(u.vis, syn::Visibility::Inherited) => {
                    for (name, target) in leaves(&path, &u.tree) {
                        self.aliases
                            .entry(path.clone())
                            .or_default()
                            .insert(name, target);
                    }
                }
                syn::Item::Use(u) => {
                    collector
                        .found
                        .extend(leaves(&path, &u.tree).into_iter().map(|(_, t)| t));
                }
                other => collector.visit_item(other),
            }
        }
        let found = collector.found;
        self.uses.entry(path).or_default().extend(found);
        Ok(())
    }

    /// The module that defines what `path` names: re-exports followed, stopping at the deepest
    /// module on the way.
    fn resolve(&self, path: &[String]) -> ModulePath {
        let mut at: ModulePath = Vec::new();
        let mut rest: Vec<String> = path.to_vec();
        // Re-exports may lead through other re-exports; a bound keeps a bad loop finite.
        for _ in 0..64 {
            let Some(next) = rest.first().cloned() else {
                return at;
            };
            let mut child = at.clone();
            child.push(next.clone());
            if self.modules.contains(&child) {
                at = child;
                rest.remove(0);
                continue;
            }
            match self.aliases.get(&at).and_then(|a| a.get(&next)) {
                Some(target) => {
                    let mut followed = target.clone();
                    followed.extend(rest.iter().skip(1).cloned());
                    at = Vec::new();
                    rest = followed;
                }
                None => return at,
            }
        }
        at
    }

    /// Each path `module` names, with the module it resolves to, for finding out why an
    /// edge is there.
    pub fn explain(&self, module: &[String]) -> Vec<(ModulePath, ModulePath)> {
        self.uses
            .get(module)
            .into_iter()
            .flatten()
            .map(|used| (used.clone(), self.resolve(used)))
            .collect()
    }

    /// What each module depends on, other than itself.
    pub fn edges(&self) -> BTreeMap<ModulePath, BTreeSet<ModulePath>> {
        let mut edges: BTreeMap<ModulePath, BTreeSet<ModulePath>> = BTreeMap::new();
        for module in &self.modules {
            let targets = edges.entry(module.clone()).or_default();
            for used in self.uses.get(module).into_iter().flatten() {
                let target = self.resolve(used);
                if target != *module {
                    targets.insert(target);
                }
            }
        }
        edges
    }

    /// Every group of modules that depend on each other in a circle, each as `a -> b -> a`.
    pub fn cycles(&self) -> Vec<String> {
        let edges = self.edges();
        strongly_connected(&edges)
            .into_iter()
            .filter(|group| group.len() > 1)
            .map(|group| {
                let names: Vec<String> = group.iter().map(|m| show(m)).collect();
                names.join(" <-> ")
            })
            .collect()
    }
}

/// A module path as written in Rust, the root as `crate`.
fn show(module: &[String]) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("::")
    }
}

/// The file and the folder of children of `mod name;` declared in a file whose children live
/// in `dir`.
fn child_file(dir: &Path, name: &str) -> Option<(PathBuf, PathBuf)> {
    let flat = dir.join(format!("{name}.rs"));
    if flat.is_file() {
        return Some((flat, dir.join(name)));
    }
    let nested = dir.join(name).join("mod.rs");
    nested.is_file().then(|| (nested, dir.join(name)))
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        _ => &[],
    }
}

/// Whether `#[cfg(test)]` marks the item.
fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Ident>()
                .is_ok_and(|ident| ident == "test")
    })
}

/// `segments` seen from `module`, as an absolute path; `None` for another crate's path.
fn absolute(module: &[String], segments: &[String]) -> Option<ModulePath> {
    let first = segments.first()?;
    let mut at: ModulePath = match first.as_str() {
        "crate" => Vec::new(),
        "self" => module.to_vec(),
        "super" => module.get(..module.len().checked_sub(1)?)?.to_vec(),
        // A name of this module (a child, or an item): relative to it.
        _ => {
            let mut path = module.to_vec();
            path.extend(segments.iter().cloned());
            return Some(path);
        }
    };
    for segment in segments.iter().skip(1) {
        if segment == "super" {
            at.pop()?;
        } else {
            at.push(segment.clone());
        }
    }
    Some(at)
}

/// The leaves of a `use` tree: the name each brings in and the absolute path it stands for.
/// Paths into other crates are left out.
fn leaves(module: &[String], tree: &syn::UseTree) -> Vec<(String, ModulePath)> {
    let mut out = Vec::new();
    walk_use(module, tree, &mut Vec::new(), &mut out);
    out
}

fn walk_use(
    module: &[String],
    tree: &syn::UseTree,
    prefix: &mut Vec<String>,
    out: &mut Vec<(String, ModulePath)>,
) {
    // Another crate's path (`leptos::prelude`) reads as a path inside this module, which
    // resolves to the module itself and so adds no dependency.
    let mut leaf = |name: String, prefix: &[String], last: Option<String>| {
        let mut segments = prefix.to_vec();
        segments.extend(last);
        if let Some(path) = absolute(module, &segments) {
            out.push((name, path));
        }
    };
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            walk_use(module, &p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) if n.ident == "self" => {
            let name = prefix.last().cloned().unwrap_or_default();
            leaf(name, prefix, None);
        }
        syn::UseTree::Name(n) => leaf(n.ident.to_string(), prefix, Some(n.ident.to_string())),
        syn::UseTree::Rename(r) => leaf(r.rename.to_string(), prefix, Some(r.ident.to_string())),
        syn::UseTree::Glob(_) => leaf("*".to_owned(), prefix, None),
        syn::UseTree::Group(g) => {
            for item in &g.items {
                walk_use(module, item, prefix, out);
            }
        }
    }
}

/// Collects the paths named inside items.
struct Collector<'a> {
    module: &'a ModulePath,
    found: Vec<ModulePath>,
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if segments.len() > 1
            || matches!(
                segments.first().map(String::as_str),
                Some("crate" | "super")
            )
        {
            if let Some(absolute) = absolute(self.module, &segments) {
                self.found.push(absolute);
            }
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_item_mod(&mut self, _: &'ast syn::ItemMod) {
        // Modules are read on their own.
    }

    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {
        // Attributes (`#[cfg(...)]`, `#[serde(...)]`) name no module of this crate.
    }

    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {
        // `pub(super)` and `pub(crate)` say who may see an item, not what it uses.
    }
}

/// Tarjan's strongly connected components, each sorted.
fn strongly_connected(edges: &BTreeMap<ModulePath, BTreeSet<ModulePath>>) -> Vec<Vec<ModulePath>> {
    struct State<'a> {
        edges: &'a BTreeMap<ModulePath, BTreeSet<ModulePath>>,
        index: BTreeMap<&'a ModulePath, usize>,
        low: BTreeMap<&'a ModulePath, usize>,
        stack: Vec<&'a ModulePath>,
        on_stack: BTreeSet<&'a ModulePath>,
        groups: Vec<Vec<ModulePath>>,
    }
    /// The number `map` gives `node`; every node on the stack has both of its numbers.
    fn number(map: &BTreeMap<&ModulePath, usize>, node: &ModulePath) -> usize {
        map.get(node).copied().unwrap_or(usize::MAX)
    }
    fn visit<'a>(state: &mut State<'a>, node: &'a ModulePath) {
        let n = state.index.len();
        state.index.insert(node, n);
        state.low.insert(node, n);
        state.stack.push(node);
        state.on_stack.insert(node);
        for next in state.edges.get(node).into_iter().flatten() {
            let Some((next, _)) = state.edges.get_key_value(next) else {
                continue;
            };
            if !state.index.contains_key(next) {
                visit(state, next);
                let low = number(&state.low, node).min(number(&state.low, next));
                state.low.insert(node, low);
            } else if state.on_stack.contains(next) {
                let low = number(&state.low, node).min(number(&state.index, next));
                state.low.insert(node, low);
            }
        }
        if number(&state.low, node) == number(&state.index, node) {
            let mut group = Vec::new();
            while let Some(top) = state.stack.pop() {
                state.on_stack.remove(top);
                group.push(top.clone());
                if top == node {
                    break;
                }
            }
            group.sort();
            state.groups.push(group);
        }
    }
    let mut state = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        groups: Vec::new(),
    };
    for node in edges.keys() {
        if !state.index.contains_key(node) {
            visit(&mut state, node);
        }
    }
    state.groups
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A crate made of `files` (path under `src/`, text), read from a fresh folder.
    fn cycles_of(files: &[(&str, &str)]) -> Vec<String> {
        let dir = std::env::temp_dir().join(format!(
            "modules-test-{}-{}",
            std::process::id(),
            files.len() * 31 + files.iter().map(|f| f.1.len()).sum::<usize>()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        let graph = ModuleGraph::read(&dir.join("lib.rs")).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        graph.cycles()
    }

    #[test]
    fn two_siblings_that_use_each_other_are_a_cycle() {
        let found = cycles_of(&[
            ("lib.rs", "mod a; mod b;"),
            ("a.rs", "use crate::b::B; pub struct A;"),
            (
                "b.rs",
                "pub struct B; fn f() -> crate::a::A { crate::a::A }",
            ),
        ]);
        assert_eq!(found, ["a <-> b"]);
    }

    #[test]
    fn a_child_that_uses_its_parent_which_uses_it_is_a_cycle() {
        let found = cycles_of(&[
            ("lib.rs", "mod extract;"),
            (
                "extract.rs",
                "mod har; pub fn params() {} pub fn read() { har::read() }",
            ),
            (
                "extract/har.rs",
                "use super::params; pub fn read() { params() }",
            ),
        ]);
        assert_eq!(found, ["extract <-> extract::har"]);
    }

    #[test]
    fn re_exports_lead_to_the_defining_module_and_make_no_cycle() {
        let found = cycles_of(&[
            (
                "lib.rs",
                "mod a; mod b; mod c; pub use a::A; pub use b::{B, make as build}; pub use c::*;",
            ),
            ("a.rs", "use crate::{B, build}; pub struct A(B);"),
            ("b.rs", "pub struct B; pub fn make() -> B { B }"),
            (
                "c.rs",
                "pub use super::a::A as Again; #[cfg(test)] mod tests { use crate::a::A; }",
            ),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn visibility_is_not_a_use() {
        let found = cycles_of(&[
            ("lib.rs", "mod a;"),
            ("a.rs", "mod b; pub(crate) fn f() { b::g() }"),
            ("a/b.rs", "pub(super) fn g() {} pub(crate) struct S;"),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_longer_circle_is_found_and_test_modules_are_left_out() {
        let found = cycles_of(&[
            ("lib.rs", "mod a; mod b; mod c;"),
            (
                "a.rs",
                "use crate::b::x; #[cfg(test)] mod tests { use crate::c::z; }",
            ),
            ("b.rs", "pub fn x() { super::c::z() }"),
            ("c.rs", "pub fn z() { crate::a::y() }"),
        ]);
        assert_eq!(found, ["a <-> b <-> c"]);
    }
}
