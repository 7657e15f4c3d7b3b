//! `bantin import` on the command line: writes, refuses to overwrite, `--force`,
//! `--dry-run`, and the per-file report.

use assert_cmd::Command;
use predicates::str::contains;

fn seed(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seeds")
        .join(name)
}

#[test]
fn imports_refuses_to_overwrite_and_forces() {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("content");
    let run = |extra: &[&str]| {
        let mut cmd = Command::cargo_bin("bantin").unwrap();
        cmd.arg("import")
            .arg("--into")
            .arg(&into)
            .args(extra)
            .arg(seed("000_339cf126be7e4122.txt"));
        cmd
    };
    let written = into.join("ket-luan-ban-thuong-vu-tinh-uy-son-la-2022.md");

    run(&["--dry-run"])
        .assert()
        .success()
        .stdout(contains("chạy thử"))
        .stdout(contains("| signer: \"Lò Minh Hùng\""));
    assert!(!written.exists());

    run(&[])
        .assert()
        .success()
        .stdout(contains("đã ghi"))
        .stdout(contains("[cao] dòng 64"))
        .stderr(contains("Đã nhập 1/1 tệp"));
    let first = std::fs::read_to_string(&written).unwrap();
    assert!(first.starts_with("---\ntitle: \"Kết luận của Ban Thường vụ Tỉnh ủy"));

    std::fs::write(&written, "edited by hand").unwrap();
    run(&[]).assert().failure().stdout(contains("--force"));
    assert_eq!(std::fs::read_to_string(&written).unwrap(), "edited by hand");

    run(&["--force"]).assert().success();
    assert_eq!(std::fs::read_to_string(&written).unwrap(), first);
}

#[test]
fn reports_what_it_left_out_and_fails_on_unreadable_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let bare = dir.path().join("bare.txt");
    std::fs::write(&bare, "Một đoạn văn không có gì để suy ra.").unwrap();
    Command::cargo_bin("bantin")
        .unwrap()
        .arg("import")
        .arg("--dry-run")
        .arg("--into")
        .arg(dir.path().join("content"))
        .arg(&bare)
        .arg(dir.path().join("missing.txt"))
        .assert()
        .failure()
        .stdout(contains("không suy ra được"))
        .stdout(contains("CẦN BỔ SUNG"))
        .stdout(contains("lỗi (failed)"))
        .stderr(contains("Đã nhập 0/2 tệp"));
}
