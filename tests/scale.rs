//! Large sites keep memory bounded by letting go of document bodies after loading and
//! reading them again when a page or the search index needs them. That must never change
//! what is built.

mod common;

use std::path::Path;

use bantin::BuildOptions;
use common::snapshot;

#[test]
fn a_site_that_releases_its_bodies_builds_the_same_site() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let build = |name: &str, body_budget: Option<usize>| {
        let out = tmp.path().join(name);
        let options = BuildOptions {
            drafts: true,
            body_budget,
            ..Default::default()
        };
        let report = bantin::build(root, Some(&out), options, false).unwrap();
        assert!(report.documents >= 5, "{} documents", report.documents);
        snapshot(&out)
    };
    let held = build("held", None);
    let released = build("released", Some(0));
    assert_eq!(
        held.keys().collect::<Vec<_>>(),
        released.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &held {
        assert!(
            released[path] == *bytes,
            "{} differs when bodies are read again",
            path.display()
        );
    }
}

#[test]
fn a_body_edited_during_the_build_is_an_error_not_a_wrong_page() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    let doc = root.join("content/ket-luan.md");
    std::fs::write(
        &doc,
        "---\ntitle: \"Kết luận\"\ntype: \"Kết luận\"\nissuer: \"Tỉnh ủy Sơn La\"\ndate: \"12/5/2022\"\nprovince: \"Sơn La\"\n---\n\nNội dung.\n",
    )
    .unwrap();
    let site = bantin::Site::load(
        &root,
        BuildOptions {
            body_budget: Some(0),
            ..Default::default()
        },
    )
    .unwrap();
    let d = &site.documents[0];
    assert!(d.doc.body_released);
    assert_eq!(d.body(&root).unwrap().trim(), "Nội dung.");
    // The front matter grew a line: the body no longer starts where the model says.
    std::fs::write(
        &doc,
        "---\ntitle: \"Kết luận\"\ntype: \"Kết luận\"\nissuer: \"Tỉnh ủy Sơn La\"\ndate: \"12/5/2022\"\nprovince: \"Sơn La\"\nnumber: \"25-KL/TU\"\n---\n\nNội dung khác.\n",
    )
    .unwrap();
    let err = d.body(&root).unwrap_err();
    assert!(err.message.contains("changed during the build"), "{err:?}");
    std::fs::remove_file(&doc).unwrap();
    assert!(d.body(&root).is_err());
}
