//! The browsable site: indices, pagination, themes, static files, attachments, aliases, pages.

mod common;

use common::TempSite;
use predicates::prelude::*;

fn count_docs(html: &str) -> usize {
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    main.matches("href=\"/van-ban/").count()
}

#[test]
fn the_sample_site_files_its_documents_under_each_index() {
    let site = TempSite::sample();
    site.bantin(&["build"]).assert().success();
    let son_la = site.read("tinh/son-la/index.html");
    assert_eq!(count_docs(&son_la), 2);
    assert_eq!(count_docs(&site.read("tinh/ha-tinh/index.html")), 1);
    assert_eq!(count_docs(&site.read("tinh/chua-xac-dinh/index.html")), 1);
    assert!(
        !site.out().join("tinh/quang-ngai").exists(),
        "the draft is not published"
    );
    assert_eq!(
        count_docs(&site.read("chi-dao/05-ct-tw-2016/index.html")),
        4
    );
    assert_eq!(count_docs(&site.read("nam/2022/index.html")), 1);
    assert_eq!(count_docs(&site.read("loai/tin-bai/index.html")), 2);
    let hub = site.read("tinh/index.html");
    assert!(
        hub.contains("/tinh/son-la/")
            && hub.contains("/tinh/ha-tinh/")
            && hub.contains("/tinh/chua-xac-dinh/")
    );
    assert!(site.read("chi-dao/index.html").contains("/chi-dao/a-z/"));
    assert!(site
        .read("co-quan/index.html")
        .contains("/co-quan/ban-thuong-vu-tinh-uy-son-la/"));

    site.bantin(&["build", "--drafts"]).assert().success();
    assert!(site
        .read("tinh/quang-ngai/index.html")
        .contains("/van-ban/du-thao-ket-luan-huyen-uy-binh-son-2024/"));
}

#[test]
fn a_document_page_links_to_all_its_indices() {
    let site = TempSite::sample();
    site.bantin(&["build"]).assert().success();
    let page = site.read("van-ban/ket-luan-ban-thuong-vu-tinh-uy-son-la-2022/index.html");
    for link in [
        "/tinh/son-la/",
        "/nam/2022/",
        "/loai/ket-luan/",
        "/co-quan/ban-thuong-vu-tinh-uy-son-la/",
        "/chi-dao/05-ct-tw-2016/",
        "/chi-dao/01-kl-tw-2021/",
    ] {
        assert!(page.contains(&format!("href=\"{link}\"")), "{link}");
    }
}

#[test]
fn pagination_boundaries_0_1_20_21() {
    for (n, pages) in [(1usize, 1usize), (20, 1), (21, 2)] {
        let site = TempSite::new();
        for i in 0..n {
            site.doc_dated(&format!("d{i:02}"), &format!("{}/1/2022", i + 1), "");
        }
        site.bantin(&["build"]).assert().success();
        let first = site.read("tinh/son-la/index.html");
        assert_eq!(count_docs(&first), n.min(20), "{n} documents");
        let second = site.out().join("tinh/son-la/page/2/index.html");
        assert_eq!(second.exists(), pages == 2, "{n} documents");
        if pages == 2 {
            assert!(first.contains("rel=\"next\""));
            assert!(first.contains("/tinh/son-la/page/2/"));
            let second = site.read("tinh/son-la/page/2/index.html");
            assert_eq!(count_docs(&second), 1);
            assert!(second.contains("rel=\"prev\""));
        } else {
            assert!(!first.contains("rel=\"next\""));
        }
    }
    // 0 documents: the hubs exist and are empty, the home page still builds.
    let site = TempSite::new();
    site.bantin(&["build"]).assert().success();
    assert!(site.out().join("tinh/index.html").is_file());
    assert_eq!(count_docs(&site.read("index.html")), 0);
}

#[test]
fn a_site_template_overrides_the_theme_and_a_theme_can_be_selected() {
    let site = TempSite::new();
    site.doc("mot", "");
    site.write("templates/404.html", "<p>Trang riêng {{ site.title }}</p>");
    site.bantin(&["build"]).assert().success();
    assert!(site.read("404.html").starts_with("<p>Trang riêng"));
    assert!(
        site.read("van-ban/mot/index.html").contains("<main"),
        "other templates still come from the theme"
    );

    site.write(
        "themes/gon/templates/document.html",
        "{% extends \"base.html\" %}{% block main %}GỌN: {{ doc.title }}{% endblock %}",
    );
    site.write("themes/gon/static/gon.css", "body{}");
    site.write(
        "config.toml",
        "base_url = \"https://example.vn/\"\ntheme = \"gon\"\n",
    );
    site.bantin(&["build"]).assert().success();
    assert!(site
        .read("van-ban/mot/index.html")
        .contains("GỌN: Văn bản mot"));
    assert!(site.out().join("static/gon.css").is_file());

    site.write("config.toml", "theme = \"khong-co\"\n");
    site.bantin(&["build"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("khong-co"));
}

#[test]
fn template_errors_name_the_template_line_and_page() {
    let site = TempSite::new();
    site.doc("mot", "");
    site.write(
        "templates/document.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ doc.khong_co_truong }}\n{% endblock %}",
    );
    site.bantin(&["build"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("templates/document.html:3"))
        .stderr(predicate::str::contains("/van-ban/mot/"));
    site.write("templates/document.html", "{% if %}");
    site.bantin(&["build"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("templates/document.html:1"));
}

#[test]
fn static_files_attachments_aliases_and_pages() {
    let site = TempSite::new();
    site.doc(
        "mot",
        "attachments: [\"goc.pdf\"]\naliases: [\"/tin-cu/bai-1/\", \"cu.html\"]\n",
    );
    site.write("content/goc.pdf", b"%PDF-1.4 fake");
    site.write("static/robots-extra.txt", "x");
    site.write("static/anh/logo.png", b"\x89PNG");
    site.write(
        "content/trang/gioi-thieu.md",
        "---\ntitle: Giới thiệu\n---\nTrang **giới thiệu**.\n",
    );
    site.bantin(&["build"]).assert().success();
    assert_eq!(
        std::fs::read(site.out().join("van-ban/mot/goc.pdf")).unwrap(),
        b"%PDF-1.4 fake"
    );
    let page = site.read("van-ban/mot/index.html");
    assert!(page.contains("href=\"/van-ban/mot/goc.pdf\""));
    assert!(page.contains("Tải văn bản gốc"));
    assert!(site.out().join("robots-extra.txt").is_file());
    assert!(site.out().join("anh/logo.png").is_file());
    for alias in ["tin-cu/bai-1/index.html", "cu.html"] {
        let r = site.read(alias);
        assert!(r.contains("url=/van-ban/mot/"), "{alias}: {r}");
    }
    let about = site.read("trang/gioi-thieu/index.html");
    assert!(about.contains("<strong>giới thiệu</strong>"));
    assert!(
        !site.out().join("van-ban/gioi-thieu").exists(),
        "pages are not bulletins"
    );
    site.bantin(&["check"]).assert().success();
}

#[test]
fn a_missing_attachment_is_an_error_naming_it() {
    let site = TempSite::new();
    site.doc("mot", "attachments: [\"khong-co.pdf\"]\n");
    site.bantin(&["build"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("khong-co.pdf"));
}

#[test]
fn check_reports_broken_internal_links_and_anchors() {
    let site = TempSite::new();
    site.write(
        "content/mot.md",
        "---\ntitle: Một\ntype: KL\nissuer: I\ndate: 2022\nprovince: Sơn La\n---\n[hỏng](/van-ban/khong-co/) và [neo](#khong-co-neo)\n",
    );
    site.bantin(&["check"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("/van-ban/khong-co/"))
        .stderr(predicate::str::contains("#khong-co-neo"))
        .stderr(predicate::str::contains("content/mot.md"));
}

#[test]
fn a_directive_hub_larger_than_200_terms_is_paginated() {
    let site = TempSite::new();
    let symbols: Vec<String> = (1..=201).map(|i| format!("\"{i}-KH/TU\"")).collect();
    site.doc("mot", &format!("directives: [{}]\n", symbols.join(", ")));
    site.bantin(&["build"]).assert().success();
    assert!(site.out().join("chi-dao/page/2/index.html").is_file());
    assert!(site.out().join("chi-dao/a-z/page/2/index.html").is_file());
    assert!(!site.out().join("chi-dao/page/12/index.html").exists());
}

#[test]
fn editor_swap_and_backup_files_beside_templates_are_ignored() {
    let site = TempSite::new();
    site.doc("mot", "");
    site.write("templates/.base.html.swp", "{% if");
    site.write("templates/base.html~", "{% if");
    site.bantin(&["build"]).assert().success();
}
