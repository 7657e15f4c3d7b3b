//! Vietnamese text rules seen from the built site: one name however it is encoded or
//! toned, Vietnamese order, provinces across the 2025 reorganisation, district inference.

mod common;

use common::TempSite;
use predicates::prelude::*;
use unicode_normalization::UnicodeNormalization;

fn doc(site: &TempSite, name: &str, front: &str) {
    site.write(
        &format!("content/{name}.md"),
        format!("---\ntitle: \"{name}\"\n{front}---\nNội dung.\n"),
    );
}

#[test]
fn nfd_nfc_and_old_tone_placement_land_on_the_same_pages() {
    let site = TempSite::new();
    let nfc = "type: Kết luận\nissuer: Ban Thường vụ Tỉnh ủy Thanh Hóa\ndate: 12/5/2022\nprovince: Thanh Hóa\ndirectives: [\"05-CT/TW\"]\n";
    let nfd: String = nfc.nfd().collect();
    let old_tone = "type: Kết luận\nissuer: BAN THƯỜNG VỤ TỈNH UỶ THANH HOÁ\ndate: 13/5/2022\nprovince: Thanh Hoá\ndirectives: [\"05-CT/TW\"]\n";
    doc(&site, "mot", nfc);
    doc(&site, "hai", &nfd);
    doc(&site, "ba", old_tone);
    site.bantin(&["build"]).assert().success();
    let province = site.read("tinh/thanh-hoa/index.html");
    let issuer = site.read("co-quan/ban-thuong-vu-tinh-uy-thanh-hoa/index.html");
    for page in [&province, &issuer] {
        for name in ["mot", "hai", "ba"] {
            assert!(
                page.contains(&format!("/van-ban/{name}/")),
                "{name} missing"
            );
        }
    }
    assert_eq!(
        std::fs::read_dir(site.out().join("co-quan"))
            .unwrap()
            .count(),
        2,
        "one issuer page + the hub"
    );
    assert_eq!(
        std::fs::read_dir(site.out().join("tinh")).unwrap().count(),
        2,
        "one province page + the hub"
    );
}

#[test]
fn the_province_hub_is_in_vietnamese_alphabetical_order() {
    let site = TempSite::new();
    for (i, p) in [
        "Yên Bái",
        "Đà Nẵng",
        "Điện Biên",
        "An Giang",
        "Đắk Lắk",
        "Bà Rịa - Vũng Tàu",
        "Bắc Giang",
        "Cà Mau",
    ]
    .iter()
    .enumerate()
    {
        doc(
            &site,
            &format!("d{i}"),
            &format!("type: KL\nissuer: Tỉnh ủy\ndate: 2020\nprovince: {p}\n"),
        );
    }
    site.bantin(&["build"]).assert().success();
    let hub = site.read("tinh/index.html");
    let main = &hub[hub.find("<main").unwrap()..];
    let order: Vec<usize> = [
        "An Giang",
        "Bà Rịa - Vũng Tàu",
        "Bắc Giang",
        "Cà Mau",
        "Đà Nẵng",
        "Đắk Lắk",
        "Điện Biên",
        "Yên Bái",
    ]
    .iter()
    .map(|n| main.find(n).unwrap_or_else(|| panic!("{n} not on the hub")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

#[test]
fn a_new_province_lists_its_predecessors_by_origin_and_a_merged_one_points_to_it() {
    let site = TempSite::new();
    doc(
        &site,
        "bn-2026",
        "type: KL\nissuer: Tỉnh ủy Bắc Ninh\ndate: 10/1/2026\nprovince: Bắc Ninh\n",
    );
    doc(
        &site,
        "bg-2024",
        "type: KL\nissuer: Tỉnh ủy Bắc Giang\ndate: 10/1/2024\nprovince: Bắc Giang\n",
    );
    doc(
        &site,
        "bn-2023",
        "type: KL\nissuer: Tỉnh ủy Bắc Ninh\ndate: 10/1/2023\nprovince: Bắc Ninh\n",
    );
    site.bantin(&["build"]).assert().success();
    let new = site.read("tinh/bac-ninh/index.html");
    let (a, b, c) = (
        new.find("/van-ban/bn-2026/").unwrap(),
        new.find("/van-ban/bn-2023/").unwrap(),
        new.find("/van-ban/bg-2024/").unwrap(),
    );
    assert!(
        a < b && b < c,
        "own period first, then each predecessor in its own section"
    );
    assert!(
        new.contains("Tỉnh Bắc Giang (trước 1/7/2025)"),
        "sections are marked by origin"
    );
    assert!(new.contains("Tỉnh Bắc Ninh (từ 1/7/2025)"));
    let old = site.read("tinh/bac-giang/index.html");
    assert!(old.contains("/van-ban/bg-2024/"));
    assert!(old.contains("Đã hợp nhất vào tỉnh Bắc Ninh từ 1/7/2025"));
    assert!(old.contains("href=\"/tinh/bac-ninh/\""));
}

#[test]
fn a_name_of_two_periods_gets_one_page_with_two_sections() {
    let site = TempSite::new();
    doc(
        &site,
        "gl-2024",
        "type: KL\nissuer: Tỉnh ủy Gia Lai\ndate: 2024\nprovince: Gia Lai\n",
    );
    doc(
        &site,
        "gl-2026",
        "type: KL\nissuer: Tỉnh ủy Gia Lai\ndate: 2026\nprovince: Gia Lai\n",
    );
    site.bantin(&["build"]).assert().success();
    let page = site.read("tinh/gia-lai/index.html");
    assert!(page.contains("(trước 1/7/2025)") && page.contains("(từ 1/7/2025)"));
    assert!(page.find("/van-ban/gl-2026/").unwrap() < page.find("(trước 1/7/2025)").unwrap());
    assert!(page.find("(trước 1/7/2025)").unwrap() < page.find("/van-ban/gl-2024/").unwrap());
}

#[test]
fn a_province_name_that_no_longer_existed_warns_and_links_the_successor() {
    let site = TempSite::new();
    doc(
        &site,
        "bg-2026",
        "type: KL\nissuer: Tỉnh ủy\ndate: 2/2/2026\nprovince: Bắc Giang\n",
    );
    site.bantin(&["build"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Bắc Ninh"))
        .stderr(predicate::str::contains("bg-2026.md:6:1"));
    let page = site.read("van-ban/bg-2026/index.html");
    assert!(page.contains("/tinh/bac-giang/"));
    assert!(
        page.contains("/tinh/bac-ninh/"),
        "the document links the successor"
    );
}

#[test]
fn unknown_provinces_are_errors_naming_the_closest() {
    let site = TempSite::new();
    doc(
        &site,
        "x",
        "type: KL\nissuer: Tỉnh ủy\ndate: 2020\nprovince: Sơn Laa\n",
    );
    site.bantin(&["build"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("Sơn La"))
        .stderr(predicate::str::contains("x.md:6:1"));
}

#[test]
fn a_district_issuer_infers_its_province_and_an_ambiguous_one_does_not() {
    let site = TempSite::new();
    doc(
        &site,
        "binh-son",
        "type: KL\nissuer: Huyện ủy Bình Sơn\ndate: 28/3/2024\n",
    );
    doc(
        &site,
        "chau-thanh",
        "type: KL\nissuer: Huyện ủy Châu Thành\ndate: 28/3/2024\n",
    );
    site.bantin(&["build"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "suy ra \"Quảng Ngãi\" từ \"Bình Sơn\"",
        ))
        .stderr(predicate::str::contains("Châu Thành"));
    assert!(site
        .read("tinh/quang-ngai/index.html")
        .contains("/van-ban/binh-son/"));
    assert!(site
        .read("tinh/chua-xac-dinh/index.html")
        .contains("/van-ban/chau-thanh/"));
}

#[test]
fn impossible_and_month_first_dates_are_rejected_with_the_reason() {
    for (date, reason) in [
        ("31/02/2024", "chỉ có 29 ngày"),
        ("05/13/2024", "13/5/2024"),
    ] {
        let site = TempSite::new();
        doc(
            &site,
            "x",
            &format!("type: KL\nissuer: I\ndate: {date}\nprovince: Sơn La\n"),
        );
        site.bantin(&["build"])
            .assert()
            .failure()
            .stderr(predicate::str::contains(reason));
    }
}
