//! Each cleaning rule of `bantin import`, on small inputs, through the public API.

use bantin::import::{import_bytes, Format, Imported};
use bantin::vi::DocDate;

fn txt(text: &str) -> Imported {
    import_bytes("t.txt", text.as_bytes(), Format::Text)
}

fn html(text: &str) -> Imported {
    import_bytes("t.html", text.as_bytes(), Format::Html)
}

const HEAD: &str =
    "KẾT LUẬN\n\nCỦA BAN THƯỜNG VỤ TỈNH ỦY\n\nvề công tác học tập và làm theo Bác\n\n";
const LONG: &str = "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, chính quyền tiếp tục đẩy mạnh việc học tập và làm theo tư tưởng, đạo đức, phong cách";

#[test]
fn bom_and_crlf_give_the_same_document_as_plain_lf() {
    let lf = format!("{HEAD}Ngày 12/5/2022, Ban Thường vụ Tỉnh ủy đã họp.\n");
    let crlf = format!("\u{FEFF}{}", lf.replace('\n', "\r\n"));
    let a = txt(&lf);
    let b = txt(&crlf);
    assert_eq!(a.to_markdown(), b.to_markdown());
    assert!(!b.body.contains('\r'));
}

#[test]
fn decomposed_unicode_becomes_nfc() {
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = format!("{HEAD}Ngày 12/5/2022, Ban Thường vụ Tỉnh ủy đã họp.")
        .nfd()
        .collect();
    let d = txt(&nfd);
    assert_eq!(d.fields.doc_type.as_ref().unwrap().value.name(), "Kết luận");
    assert!(d.body.contains("Ban Thường vụ Tỉnh ủy đã họp"));
    assert!(unicode_normalization::is_nfc(&d.to_markdown()));
}

#[test]
fn paragraphs_split_by_page_breaks_are_joined() {
    let d = txt(&format!(
        "{HEAD}{LONG} Hồ Chí\n\n\u{000C}Minh” ở mọi nơi.\n\n{LONG} đối với\n\nnhân dân.\n"
    ));
    assert!(
        d.body.contains("phong cách Hồ Chí Minh” ở mọi nơi."),
        "{}",
        d.body
    );
    assert!(d.body.contains("đối với nhân dân."), "{}", d.body);
}

#[test]
fn running_headers_footers_and_page_numbers_are_dropped() {
    let mut text = String::from(HEAD);
    for page in 1..=3 {
        text.push_str("Kết luận số 12-KL/TU - Tỉnh ủy Sơn La\n\n");
        text.push_str(&format!("Nội dung riêng của phần {page}, đầy đủ câu.\n\n"));
        text.push_str(&format!("Trang {page}/3\n\n"));
    }
    let d = txt(&text);
    assert!(
        !d.body.contains("Kết luận số 12-KL/TU - Tỉnh ủy"),
        "{}",
        d.body
    );
    assert!(!d.body.contains("Trang "), "{}", d.body);
    assert!(d.body.contains("Nội dung riêng của phần 2"));
    assert!(d.log.iter().any(|l| l.contains("số trang")), "{:?}", d.log);
}

#[test]
fn footnote_marks_and_displaced_notes_become_markdown_footnotes() {
    let d = txt(&format!(
        "{HEAD}Đã ban hành kế hoạch¹ và hướng dẫn[2]. {LONG}\n\n\
         ¹ Kế hoạch số 25-KH/ĐUK.\n\n[2] Hướng dẫn số 02-HD/TU.\n\nHồ Chí Minh trong toàn Đảng bộ.\n"
    ));
    assert!(
        d.body
            .contains("Đã ban hành kế hoạch[^1] và hướng dẫn[^2]."),
        "{}",
        d.body
    );
    assert!(
        d.body
            .contains("phong cách Hồ Chí Minh trong toàn Đảng bộ."),
        "{}",
        d.body
    );
    assert!(d
        .body
        .ends_with("[^1]: Kế hoạch số 25-KH/ĐUK.\n\n[^2]: Hướng dẫn số 02-HD/TU.\n"));
}

#[test]
fn numbered_sections_become_headings_or_lists_as_the_text_intends() {
    let d = txt(&format!(
        "{HEAD}I. KẾT QUẢ\n\n1. Ưu điểm\n\nĐã làm tốt.\n\n2. Hạn chế\n\nCòn chậm.\n\n\
         II. NHIỆM VỤ\n\n1. Tiếp tục quán triệt.\n\n2. Tăng cường kiểm tra.\n"
    ));
    assert_eq!(
        d.body,
        "## I. KẾT QUẢ\n\n### 1. Ưu điểm\n\nĐã làm tốt.\n\n### 2. Hạn chế\n\nCòn chậm.\n\n\
         ## II. NHIỆM VỤ\n\n1. Tiếp tục quán triệt.\n\n2. Tăng cường kiểm tra.\n"
    );
}

#[test]
fn web_chrome_is_dropped() {
    let d = txt(
        "Trang chủ | Tin tức | Văn bản\nĐăng nhập\n\nKết quả học tập và làm theo Bác năm 2023\n\n\
         Năm 2023, các cấp ủy đảng trong tỉnh đã đạt nhiều kết quả.\n\nChia sẻ\nIn bài viết\n\n\
         Trần Văn Bình\n\nTin liên quan\n- Một bài khác (12/5/2023)\n- Bài nữa\n\n\
         Họ tên no image\nMã kiểm tra no image\nThống kê truy cập\n  • Đang online: 20\n  • Tất cả: 1916248",
    );
    assert_eq!(
        d.body,
        "Năm 2023, các cấp ủy đảng trong tỉnh đã đạt nhiều kết quả.\n"
    );
    assert_eq!(
        d.fields.title.as_ref().unwrap().value,
        "Kết quả học tập và làm theo Bác năm 2023"
    );
    assert_eq!(d.fields.author.as_ref().unwrap().value, "Trần Văn Bình");
    assert_eq!(d.fields.doc_type.as_ref().unwrap().value.name(), "Tin bài");
}

#[test]
fn a_saved_web_page_gives_its_article_and_metadata() {
    let d = html(
        r#"<!DOCTYPE html><html><head><title>Sơn La đẩy mạnh học tập và làm theo Bác - Tỉnh ủy Sơn La</title>
        <meta property="og:site_name" content="Tỉnh ủy Sơn La"></head><body>
        <div class="menu"><a>Trang chủ</a><a>Giới thiệu</a></div>
        <div class="login"><a href="/login">Đăng nhập</a></div>
        <div class="news-detail"><h1>Sơn La đẩy mạnh học tập và làm theo Bác</h1>
        <div class="date">Ngày đăng: 15/05/2023 08:30</div>
        <div class="content-detail"><p>Thời gian qua, việc thực hiện Chỉ thị 05-CT/TW đã đạt nhiều kết quả quan trọng trong toàn Đảng bộ.</p>
        <p><img src="noimage.png" alt="no image"></p>
        <p>Các cấp ủy tiếp tục đưa nội dung học tập vào sinh hoạt chi bộ thường kỳ, gắn với nhiệm vụ chính trị.</p>
        <p style="text-align:right"><strong>Hoàng Mẫn</strong></p></div>
        <div class="social-share">Chia sẻ: Facebook Zalo</div></div>
        <div class="tin-lien-quan"><h3>Tin liên quan</h3><ul><li><a>Bài khác</a></li></ul></div>
        <div id="footer">Thống kê truy cập: 1916248</div></body></html>"#,
    );
    let f = &d.fields;
    assert_eq!(
        f.title.as_ref().unwrap().value,
        "Sơn La đẩy mạnh học tập và làm theo Bác"
    );
    assert_eq!(f.doc_type.as_ref().unwrap().value.name(), "Tin bài");
    assert_eq!(f.author.as_ref().unwrap().value, "Hoàng Mẫn");
    assert_eq!(f.province.as_ref().unwrap().value, "Sơn La");
    assert_eq!(
        f.date.as_ref().unwrap().value,
        DocDate::ymd(2023, 5, 15).unwrap()
    );
    assert_eq!(
        d.body,
        "Thời gian qua, việc thực hiện Chỉ thị 05-CT/TW đã đạt nhiều kết quả quan trọng trong toàn Đảng bộ.\n\n\
         Các cấp ủy tiếp tục đưa nội dung học tập vào sinh hoạt chi bộ thường kỳ, gắn với nhiệm vụ chính trị.\n"
    );
}

#[test]
fn legacy_font_mojibake_is_repaired() {
    let tcvn3 = "KÕT LUËN\n\nCñA BAN TH¦êNG Vô TØNH ñY\n\nvÒ häc tËp vµ lµm theo t\u{AD} t\u{AD}ëng, ®¹o ®øc, phong c¸ch Hå ChÝ Minh\n\nNgµy 12/5/2022, Ban Th\u{AD}êng vô TØnh ñy ®· häp.";
    let d = txt(tcvn3);
    assert!(d.report().contains("TCVN3"), "{}", d.report());
    assert!(
        d.body
            .contains("Ngày 12/5/2022, Ban Thường vụ Tỉnh ủy đã họp."),
        "{}",
        d.body
    );
    assert_eq!(
        d.fields.title.as_ref().unwrap().value,
        "Kết luận của Ban Thường vụ Tỉnh ủy về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    );
    let vni = "Ñaûng boä tænh ñaõ laõnh ñaïo, chæ ñaïo vieäc hoïc taäp vaø laøm theo tö töôûng Hoà Chí Minh.";
    let d = txt(vni);
    assert_eq!(
        d.body,
        "Đảng bộ tỉnh đã lãnh đạo, chỉ đạo việc học tập và làm theo tư tưởng Hồ Chí Minh.\n"
    );
    assert!(d.report().contains("VNI"));
}

#[test]
fn title_block_and_footer_leave_the_body() {
    let d = txt(
        "ĐẢNG CỘNG SẢN VIỆT NAM\n\nSố 873-BC/HU\n\nBình Sơn, ngày 12 tháng 3 năm 2024\n\n\
         BÁO CÁO\n\nsơ kết công tác\n\nThực hiện kế hoạch, Ban Thường vụ Huyện ủy báo cáo như sau:\n\n\
         Đã làm tốt./.\n\nNơi nhận:\n- Ban Thường vụ Tỉnh ủy,\n- Lưu VPHU.\n\n\
         T/M BAN THƯỜNG VỤ\nBÍ THƯ\n\nVõ Văn Đông\n"
    );
    assert_eq!(
        d.body,
        "Thực hiện kế hoạch, Ban Thường vụ Huyện ủy báo cáo như sau:\n\nĐã làm tốt./.\n"
    );
    let f = &d.fields;
    assert_eq!(f.number.as_ref().unwrap().value, "873-BC/HU");
    assert_eq!(
        f.date.as_ref().unwrap().value,
        DocDate::ymd(2024, 3, 12).unwrap()
    );
    assert_eq!(f.title.as_ref().unwrap().value, "Báo cáo sơ kết công tác");
    assert_eq!(
        f.issuer.as_ref().unwrap().value,
        "Ban Thường vụ Huyện ủy Bình Sơn"
    );
    assert_eq!(f.province.as_ref().unwrap().value, "Quảng Ngãi");
    assert!(f.province.as_ref().unwrap().inferred);
    assert_eq!(f.signer.as_ref().unwrap().value, "Võ Văn Đông");
    assert_eq!(
        f.signer_authority.as_ref().unwrap().value,
        "T/M Ban Thường vụ"
    );
}

#[test]
fn a_drafts_revision_date_and_blank_date_line() {
    let d = txt(
        "HUYỆN ỦY BÌNH SƠN\n\nSố      -KL/HU\n(Dự thảo lần 2, ngày 15/3/2024)\n\n\
         Bình Sơn, ngày    tháng 3 năm 2024\n\nKẾT LUẬN\n\nvề công tác học tập\n\n\
         Ban Thường vụ Huyện ủy kết luận như sau:\n",
    );
    let f = &d.fields;
    assert_eq!(
        f.date.as_ref().unwrap().value,
        DocDate::ym(2024, 3).unwrap()
    );
    assert!(f.draft.as_ref().unwrap().value);
    assert!(f.number.is_none());
    assert_eq!(f.issuer.as_ref().unwrap().value, "Huyện ủy Bình Sơn");
    assert_eq!(f.province.as_ref().unwrap().value, "Quảng Ngãi");
    let d = txt(
        "Số      -KL/HU\n(Dự thảo lần 2, ngày 15/3/2024)\n\nKẾT LUẬN\n\nvề công tác học tập\n\n\
         Ban Thường vụ Huyện ủy kết luận như sau:\n",
    );
    assert_eq!(
        d.fields.date.as_ref().unwrap().value,
        DocDate::ymd(2024, 3, 15).unwrap()
    );
}

#[test]
fn a_partial_date_is_the_latest_year_referred_to_and_flagged() {
    let d = txt(
        "BÁO CÁO\n\nsơ kết công tác\n\nThực hiện Kế hoạch số 12-KH/TU ngày 08/12/2023, nhiệm kỳ 2020 - 2025, \
         định hướng đến năm 2030, Ban Thường vụ báo cáo như sau:\n\nNăm 2022 đã làm tốt.\n",
    );
    let date = d.fields.date.as_ref().unwrap();
    assert_eq!(date.value, DocDate::y(2023).unwrap());
    assert!(date.inferred);
    assert!(d.front_matter().contains("date: \"2023\"  # suy luận"));
}

#[test]
fn an_issuer_name_over_two_lines_and_a_notice_of_conclusions() {
    let d = txt(
        "THÔNG BÁO KẾT LUẬN\nCỦA BAN THƯỜNG VỤ\nTỈNH ỦY SƠN LA\n\nVỀ CÔNG TÁC HỌC TẬP\n\n\
         Ngày 12/5/2022, Ban Thường vụ Tỉnh ủy đã họp và kết luận.\n",
    );
    let f = &d.fields;
    assert_eq!(f.doc_type.as_ref().unwrap().value.name(), "Thông báo");
    assert_eq!(
        f.issuer.as_ref().unwrap().value,
        "Ban Thường vụ Tỉnh ủy Sơn La"
    );
    assert_eq!(f.province.as_ref().unwrap().value, "Sơn La");
    assert_eq!(
        f.date.as_ref().unwrap().value,
        DocDate::ymd(2022, 5, 12).unwrap()
    );
    let title = &f.title.as_ref().unwrap().value;
    assert!(
        title
            .starts_with("Thông báo kết luận của Ban Thường vụ Tỉnh ủy Sơn La về công tác học tập"),
        "{title}"
    );
}
