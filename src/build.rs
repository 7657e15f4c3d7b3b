//! The commands' library entry points: build, check and init.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};
use crate::output::Staging;
use crate::render::pages::render_site;
use crate::render::templates::Theme;
use crate::site::{BuildOptions, Site};

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Documents rendered.
    pub documents: usize,
    /// Files written.
    pub files: usize,
    /// The output folder.
    pub output: PathBuf,
    /// Warnings found.
    pub warnings: Vec<Diagnostic>,
    /// Citations not pinned to one directive (listed by `bantin check`).
    pub citation_issues: usize,
}

/// Builds the site in `root` into `output` (default `root/public`). Nothing is written unless
/// the whole site loads and renders: the old output stays byte-identical on failure.
pub fn build(
    root: &Path,
    output: Option<&Path>,
    options: BuildOptions,
    force: bool,
) -> Result<BuildReport> {
    use crate::timing::stage;
    let site = Site::load(root, options)?;
    let theme =
        stage("load theme", || Theme::load(root, &site.config.theme)).map_err(Error::Invalid)?;
    let output = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root.join("public"));
    let staging = Staging::new(root, &output, force)?;
    match render_site(&site, &theme, &staging) {
        Ok(()) => {
            let files = stage("commit (swap, remove old output)", || staging.commit())?;
            Ok(BuildReport {
                documents: site.documents.len(),
                files,
                output,
                citation_issues: site.citation_issues.len(),
                warnings: site.warnings,
            })
        }
        Err(e) => {
            staging.abandon();
            Err(with_warnings(e, site.warnings))
        }
    }
}

fn with_warnings(e: Error, warnings: Vec<Diagnostic>) -> Error {
    match e {
        Error::Invalid(mut d) => {
            d.extend(warnings);
            Error::Invalid(d)
        }
        other => other,
    }
}

/// Creates a new site in `dir`: `config.toml`, one example document, an empty `static/`.
/// Refuses a folder that already has files.
pub fn init(dir: &Path) -> Result<()> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| Error::io("reading", dir, e))?
            .next()
            .is_some()
    {
        return Err(Error::Output(format!(
            "{} đã có tệp; bantin init chỉ tạo trang mới trong thư mục trống (the folder is not empty)",
            dir.display()
        )));
    }
    let write = |rel: &str, text: &str| -> Result<()> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io("writing", &path, e))
    };
    write("config.toml", INIT_CONFIG)?;
    write("content/vi-du-ket-luan.md", INIT_DOCUMENT)?;
    std::fs::create_dir_all(dir.join("static"))
        .map_err(|e| Error::io("creating", dir.join("static"), e))?;
    Ok(())
}

const INIT_CONFIG: &str = r#"# Cấu hình trang (site settings). Every key is optional.
title = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
description = "Văn bản, báo cáo và tin bài về học tập và làm theo Bác"
# base_url = "https://example.gov.vn/"
# paginate_by = 20
"#;

const INIT_DOCUMENT: &str = r#"---
title: "Kết luận về tiếp tục thực hiện Chỉ thị số 05-CT/TW"
type: "Kết luận"
issuer: "Ban Thường vụ Tỉnh ủy Sơn La"
date: "12/5/2022"
province: "Sơn La"
number: "25-KL/TU"
directives: ["05-CT/TW", "01-KL/TW"]
signer: "Nguyễn Văn A"
signer_title: "Phó Bí thư Thường trực"
recipients: ["Các huyện ủy, thành ủy,", "Lưu Văn phòng Tỉnh ủy."]
---

Thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện
Chỉ thị số 05-CT/TW của Bộ Chính trị khóa XII về "Đẩy mạnh học tập và làm theo tư tưởng,
đạo đức, phong cách Hồ Chí Minh", Ban Thường vụ Tỉnh ủy kết luận như sau:

## 1. Kết quả đạt được

Các cấp ủy, tổ chức đảng đã quán triệt, triển khai thực hiện nghiêm túc.

## 2. Nhiệm vụ thời gian tới

Tiếp tục đẩy mạnh việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.
"#;
