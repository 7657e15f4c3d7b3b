//! Nothing lost: dangerous output folders are refused before anything is written, and
//! bantin deletes only files listed in its own manifest.

mod hostile_support;

use std::path::{Path, PathBuf};

use hostile_support::{assert_mentions, assert_same, doc, snapshot, Site};

/// A site with two documents, a theme folder and a static file, built once.
fn built_site() -> Site {
    let site = Site::new();
    site.write("content/mot.md", doc("Một", "", "Văn bản một.\n"));
    site.write("content/hai.md", doc("Hai", "", "Văn bản hai.\n"));
    site.write("themes/rieng/README.txt", "giao diện riêng");
    site.write("static/tep-tinh.txt", "tĩnh");
    site.build_ok();
    site
}

/// `bantin build --output <output>` must fail naming the refusal, and leave `watched`
/// byte-identical.
fn refuses_output(site: &Site, output: &Path, home: &Path, watched: &[PathBuf]) {
    let before: Vec<_> = watched.iter().map(|w| snapshot(w)).collect();
    let out = site
        .build_cmd(&["--output", output.to_str().unwrap()])
        .env("HOME", home)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{output:?} accepted:\n{stderr}");
    assert_mentions(
        &stderr,
        &["từ chối ghi vào", "choose another --output folder"],
    );
    for (w, b) in watched.iter().zip(&before) {
        assert_same(
            b,
            &snapshot(w),
            &format!("--output {output:?} touched {w:?}"),
        );
    }
}

#[test]
fn dangerous_output_folders_are_refused() {
    let site = built_site();
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join(".bashrc"), "export PS1='$ '").unwrap();
    let root = site.root().to_path_buf();
    let watched = vec![root.clone(), home.path().to_path_buf()];
    let parent = root.parent().unwrap().to_path_buf();
    for output in [
        root.clone(),
        root.join("."),
        root.join("content"),
        root.join("content/sub"),
        root.join("themes"),
        root.join("themes/rieng"),
        root.join("static"),
        root.join("public/../content"),
        parent,
        PathBuf::from("/"),
        home.path().to_path_buf(),
    ] {
        refuses_output(&site, &output, home.path(), &watched);
    }
    assert!(!Path::new("/.bantin-tmp").exists());
}

#[cfg(unix)]
#[test]
fn a_symlink_to_the_site_is_refused_too() {
    let site = built_site();
    let elsewhere = tempfile::tempdir().unwrap();
    let link = elsewhere.path().join("out");
    std::os::unix::fs::symlink(site.root(), &link).unwrap();
    let content_link = elsewhere.path().join("content-out");
    std::os::unix::fs::symlink(site.root().join("content"), &content_link).unwrap();
    let home = tempfile::tempdir().unwrap();
    let watched = vec![site.root().to_path_buf()];
    refuses_output(&site, &link, home.path(), &watched);
    refuses_output(&site, &content_link, home.path(), &watched);
}

#[test]
fn an_output_path_that_is_a_file_is_refused() {
    let site = built_site();
    site.write("ghi-chu.txt", "không phải thư mục");
    let out = site
        .build_cmd(&[
            "--output",
            site.root().join("ghi-chu.txt").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(site.root().join("ghi-chu.txt")).unwrap(),
        "không phải thư mục"
    );
}

#[test]
fn pages_of_deleted_documents_go_and_nothing_else() {
    let site = built_site();
    assert!(site.out().join("van-ban/hai/index.html").exists());
    std::fs::remove_file(site.root().join("content/hai.md")).unwrap();
    site.build_ok();
    assert!(!site.out().join("van-ban/hai").exists());
    assert!(site.out().join("van-ban/mot/index.html").exists());
    assert!(site.out().join("tep-tinh.txt").exists());
}

#[test]
fn a_folder_bantin_did_not_create_is_refused() {
    let site = Site::new();
    site.write("content/mot.md", doc("Một", "", "x\n"));
    site.write("public/anh-gia-dinh.jpg", "ảnh");
    site.write("public/luu-tru/bao-cao.docx", "báo cáo");
    let before = snapshot(&site.out());
    let stderr = site.build_fails();
    assert_mentions(
        &stderr,
        &[
            "a non-empty folder bantin did not create",
            "anh-gia-dinh.jpg",
            "pass --force",
        ],
    );
    assert_same(&before, &snapshot(&site.out()), "foreign folder");
}

#[test]
fn foreign_files_in_the_output_are_refused_then_kept_with_force() {
    let site = built_site();
    site.write("public/ghi-chu.txt", "của tôi");
    site.write("public/van-ban/mot/phu-luc.pdf", "phụ lục");
    let before = snapshot(&site.out());
    let stderr = site.build_fails();
    assert_mentions(
        &stderr,
        &["files bantin did not write", "ghi-chu.txt", "--force"],
    );
    assert_same(&before, &snapshot(&site.out()), "foreign files");

    // With --force the foreign files stay, untouched, across builds and deletions.
    site.write(
        "content/mot.md",
        doc("Một (sửa)", "", "Văn bản một, đã sửa.\n"),
    );
    std::fs::remove_file(site.root().join("content/hai.md")).unwrap();
    for _ in 0..2 {
        let out = site.build_cmd(&["--force"]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            std::fs::read_to_string(site.out().join("ghi-chu.txt")).unwrap(),
            "của tôi"
        );
        assert_eq!(
            std::fs::read_to_string(site.out().join("van-ban/mot/phu-luc.pdf")).unwrap(),
            "phụ lục"
        );
        assert!(!site.out().join("van-ban/hai").exists());
        assert!(
            std::fs::read_to_string(site.out().join("van-ban/mot/index.html"))
                .unwrap()
                .contains("Một (sửa)")
        );
    }
}

#[test]
fn a_foreign_file_where_a_page_goes_is_never_overwritten() {
    let site = built_site();
    site.write("public/van-ban/ba/index.html", "trang viết tay");
    site.write("content/ba.md", doc("Ba", "", "x\n"));
    let out = site.build_cmd(&["--force"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_mentions(
        &String::from_utf8_lossy(&out.stderr),
        &["a file bantin did not write would be replaced"],
    );
    assert_eq!(
        std::fs::read_to_string(site.out().join("van-ban/ba/index.html")).unwrap(),
        "trang viết tay"
    );
}

/// A manifest edited to list paths outside the output deletes nothing there.
#[test]
fn a_tampered_manifest_cannot_delete_outside_the_output() {
    let site = built_site();
    site.write("nan-nhan.txt", "đừng xóa");
    let victim_abs = site.root().join("nan-nhan.txt");
    let manifest = site.out().join(".bantin-manifest");
    let mut listed = std::fs::read_to_string(&manifest).unwrap();
    listed.push_str("../nan-nhan.txt\n");
    listed.push_str(&format!("{}\n", victim_abs.display()));
    listed.push_str("van-ban/../../nan-nhan.txt\n");
    listed.push_str("../content/mot.md\n");
    std::fs::write(&manifest, listed).unwrap();
    site.build_ok();
    assert_eq!(std::fs::read_to_string(&victim_abs).unwrap(), "đừng xóa");
    assert!(site.root().join("content/mot.md").exists());
}

/// Something beside the output under bantin's staging name that bantin did not leave is
/// refused, not deleted.
#[test]
fn a_foreign_folder_under_the_staging_name_is_kept() {
    let site = built_site();
    site.write(".public.bantin-tmp/cua-toi.txt", "của tôi");
    let before = snapshot(&site.out());
    let stderr = site.build_fails();
    assert_mentions(&stderr, &["is not bantin's"]);
    assert_eq!(
        std::fs::read_to_string(site.root().join(".public.bantin-tmp/cua-toi.txt")).unwrap(),
        "của tôi"
    );
    assert_same(&before, &snapshot(&site.out()), "staging name");
}

/// A failed build (any error) leaves the output byte-identical and no staging folder.
#[test]
fn a_failed_build_writes_nothing() {
    let site = built_site();
    let before = snapshot(&site.out());
    site.write("content/hong.md", "---\ntitle: [\n---\n");
    site.build_fails();
    assert_same(&before, &snapshot(&site.out()), "failed build");
    assert!(!site.root().join(".public.bantin-tmp").exists());
}
