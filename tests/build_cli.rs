//! The core contract of `bantin build`, `check` and `init`, driven through the real CLI.

mod common;

use common::{snapshot, TempSite};
use predicates::prelude::*;
use serde_json::Value;

fn documents_json(site: &TempSite) -> Vec<Value> {
    let v: Value = serde_json::from_str(&site.read("data/documents.json")).unwrap();
    v["documents"].as_array().unwrap().clone()
}

#[test]
fn the_sample_site_builds_four_pages_and_the_draft_only_with_drafts() {
    let site = TempSite::sample();
    site.bantin(&["build"]).assert().success();
    let pages: Vec<_> = std::fs::read_dir(site.out().join("van-ban"))
        .unwrap()
        .collect();
    assert_eq!(pages.len(), 4);
    let docs = documents_json(&site);
    assert_eq!(docs.len(), 4);
    assert!(docs.iter().all(|d| d["draft"] == false));
    assert!(!site
        .out()
        .join("van-ban/du-thao-ket-luan-huyen-uy-binh-son-2024")
        .exists());

    site.bantin(&["build", "--drafts"]).assert().success();
    let docs = documents_json(&site);
    assert_eq!(docs.len(), 5);
    let draft = docs
        .iter()
        .find(|d| d["draft"] == true)
        .expect("the draft is listed");
    assert_eq!(
        draft["url"],
        "/van-ban/du-thao-ket-luan-huyen-uy-binh-son-2024/"
    );
    assert_eq!(draft["province"], "Quảng Ngãi");
    assert_eq!(draft["date"], "2024-03-28");
    assert!(site
        .read("van-ban/du-thao-ket-luan-huyen-uy-binh-son-2024/index.html")
        .contains("Dự thảo"));
}

#[test]
fn documents_json_has_the_contract_fields_in_newest_first_order() {
    let site = TempSite::sample();
    site.bantin(&["build"]).assert().success();
    let docs = documents_json(&site);
    let dates: Vec<_> = docs
        .iter()
        .map(|d| d["date"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(dates, vec!["2024", "2023", "2022-05-12", "2019"]);
    let news = docs.iter().find(|d| d["date"] == "2023").unwrap();
    assert_eq!(news["type"], "Tin bài");
    assert_eq!(news["province"], Value::Null);
    assert_eq!(news["author"], "Nguyễn Công Sơn");
    for key in [
        "url",
        "title",
        "type",
        "issuer",
        "province",
        "date",
        "number",
        "directives",
        "signer",
        "signer_title",
        "author",
        "draft",
    ] {
        assert!(
            docs.iter().all(|d| d.get(key).is_some()),
            "every document has `{key}`"
        );
    }
    let conclusion = docs.iter().find(|d| d["date"] == "2022-05-12").unwrap();
    assert_eq!(conclusion["signer"], "Lò Minh Hùng");
    assert_eq!(
        conclusion["directives"],
        serde_json::json!(["05-CT/TW", "01-KL/TW"])
    );
}

#[test]
fn pages_keep_content_in_main_and_link_documents_root_relative() {
    let site = TempSite::sample();
    site.bantin(&["build"]).assert().success();
    let home = site.read("index.html");
    let main = &home[home.find("<main").unwrap()..home.find("</main>").unwrap()];
    assert!(main.contains("<a href=\"/van-ban/ket-luan-ban-thuong-vu-tinh-uy-son-la-2022/\""));
    let page = site.read("van-ban/ket-luan-ban-thuong-vu-tinh-uy-son-la-2022/index.html");
    assert!(page.contains("<html lang=\"vi\""));
    assert!(page.contains("Lò Minh Hùng"));
}

#[test]
fn check_is_clean_on_the_sample_site() {
    let site = TempSite::sample();
    site.bantin(&["check"])
        .assert()
        .success()
        .stderr(predicate::str::contains("0 lỗi"));
    assert!(!site.out().exists(), "check writes nothing");
}

#[test]
fn a_failed_build_reports_every_error_and_leaves_the_old_output_untouched() {
    let site = TempSite::new();
    site.doc("mot", "");
    site.bantin(&["build"]).assert().success();
    let before = snapshot(&site.out());
    site.write(
        "content/hai.md",
        "---\ntitle: Hai\ntype: Kết luận\nissuer: X\ndate: 31/02/2024\n---\n",
    );
    site.write(
        "content/ba.md",
        "---\ntitle: [a, b]\ntype: KL\nissuer: X\ndate: 2024\n---\n",
    );
    site.bantin(&["build"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("content/hai.md:5:1"))
        .stderr(predicate::str::contains("tháng 2 năm 2024 chỉ có 29 ngày"))
        .stderr(predicate::str::contains("content/ba.md:2:1"))
        .stderr(predicate::str::contains("2 lỗi"));
    assert_eq!(snapshot(&site.out()), before);
}

#[test]
fn each_core_error_names_file_line_and_fix() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "---\ntitle: T\ntype: KL\ndate: 2022\n---\n",
            "thiếu trường bắt buộc `issuer`",
            "x.md:2:1",
        ),
        (
            "---\ntitle: T\ntype: QĐ\nissuer: I\ndate: 2022\n---\n",
            "Quyết định",
            "x.md:3:1",
        ),
        (
            "---\ntitle: T\ntype: KL\nissuer: I\ndate: 13/13/2024\n---\n",
            "tháng 13",
            "x.md:5:1",
        ),
        (
            "---\ntitle: T\ntype: KL\nissuer: I\ndate: 05/13/2024\n---\n",
            "13/5/2024",
            "x.md:5:1",
        ),
        (
            "---\ntitle: T\ntype: KL\nissuer: [I\ndate: 2022\n---\n",
            "YAML",
            "x.md:5",
        ),
        (
            "---\ntitle: T\ntype: KL\nissuer: I\ndate: 2022\nslug: ../../etc\n---\n",
            "slug",
            "x.md:6:1",
        ),
    ];
    for (text, message, location) in cases {
        let site = TempSite::new();
        site.write("content/x.md", text);
        site.bantin(&["build"])
            .assert()
            .failure()
            .stderr(predicate::str::contains(*message))
            .stderr(predicate::str::contains(*location))
            .stderr(predicate::str::contains("help"));
        assert!(!site.out().exists(), "nothing written for {message}");
    }
}

#[test]
fn unknown_keys_warn_with_the_closest_key_and_still_build() {
    let site = TempSite::new();
    site.doc("x", "isuer: typo\n");
    site.bantin(&["build"])
        .assert()
        .success()
        .stderr(predicate::str::contains("did you mean `issuer`?"));
}

#[test]
fn two_files_on_one_url_name_both() {
    let site = TempSite::new();
    site.doc("Hòa Bình", "");
    site.doc("sub/hoa-binh", "");
    site.bantin(&["build"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("Hòa Bình.md"))
        .stderr(predicate::str::contains("hoa-binh.md"));
}

#[test]
fn init_creates_a_site_that_builds_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("moi");
    assert_cmd::Command::cargo_bin("bantin")
        .unwrap()
        .arg("init")
        .arg(&site)
        .assert()
        .success();
    assert!(site.join("config.toml").is_file());
    assert!(site.join("static").is_dir());
    assert_cmd::Command::cargo_bin("bantin")
        .unwrap()
        .args(["build", "--root"])
        .arg(&site)
        .assert()
        .success();
    assert!(site
        .join("public/van-ban/vi-du-ket-luan/index.html")
        .is_file());
    assert_cmd::Command::cargo_bin("bantin")
        .unwrap()
        .args(["check", "--root"])
        .arg(&site)
        .assert()
        .success();
    // A second init into the same, now non-empty folder is refused.
    assert_cmd::Command::cargo_bin("bantin")
        .unwrap()
        .arg("init")
        .arg(&site)
        .assert()
        .failure();
}

#[test]
fn a_base_url_with_a_path_prefixes_every_internal_link() {
    let site = TempSite::new();
    site.doc("mot", "");
    site.bantin(&["build", "--base-url", "https://example.vn/bantin/"])
        .assert()
        .success();
    let home = site.read("index.html");
    assert!(home.contains("href=\"/bantin/van-ban/mot/\""), "{home}");
    assert!(home.contains("/bantin/static/css/style.css"));
    assert!(!home.contains("href=\"/van-ban/"));
    let page = site.read("van-ban/mot/index.html");
    assert!(
        page.contains("https://example.vn/bantin/van-ban/mot/"),
        "canonical URL is absolute"
    );
}

#[test]
fn dangerous_or_foreign_output_folders_are_refused() {
    let site = TempSite::new();
    site.doc("mot", "");
    let root = site.path().to_str().unwrap().to_string();
    for bad in [root.clone(), format!("{root}/content"), "/".to_string()] {
        site.bantin(&["build", "--output", &bad])
            .assert()
            .failure()
            .stderr(predicate::str::contains("từ chối"));
    }
    let foreign = site.path().join("other");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
    let out = foreign.to_str().unwrap();
    site.bantin(&["build", "--output", out])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--force"));
    site.bantin(&["build", "--output", out, "--force"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(foreign.join("keep.txt")).unwrap(),
        "mine"
    );
    assert!(foreign.join("van-ban/mot/index.html").is_file());
}

#[test]
fn a_bare_content_folder_builds_with_the_embedded_theme() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/a.md"),
        "---\ntitle: A\ntype: Tin bài\nauthor: B\ndate: 2023\n---\nx\n",
    )
    .unwrap();
    assert_cmd::Command::cargo_bin("bantin")
        .unwrap()
        .args(["build", "--root"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(dir.path().join("public/static/css/style.css").is_file());
    assert!(dir.path().join("public/van-ban/a/index.html").is_file());
}

#[test]
fn timings_list_every_stage_with_wall_and_cpu_time() {
    let site = TempSite::sample();
    let out = site.bantin(&["build", "--timings"]).assert().success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    for stage in [
        "load content, find citations",
        "document pages",
        "index pages",
        "search index",
        "feeds, sitemap",
        "commit (swap, remove old output)",
        "tổng (total)",
    ] {
        let line = stderr
            .lines()
            .find(|l| l.starts_with(stage))
            .unwrap_or_else(|| panic!("no `{stage}` line in:\n{stderr}"));
        // Two numbers: wall and CPU milliseconds.
        let numbers = line[stage.len()..]
            .split_whitespace()
            .filter(|w| w.parse::<f64>().is_ok())
            .count();
        assert_eq!(numbers, 2, "{line}");
    }
    // Without the flag, no table.
    let plain = site.bantin(&["build"]).assert().success();
    assert!(!String::from_utf8_lossy(&plain.get_output().stderr).contains("tổng (total)"));
}
