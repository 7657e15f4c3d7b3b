//! Reproducible builds: the same input gives byte-identical output, whatever the site's
//! folder, the output's folder or the number of threads.

mod hostile_support;

use std::path::Path;

use hostile_support::{assert_same, snapshot, Site};

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// A copy of the repository's sample site (content/ and config.toml).
fn sample() -> Site {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = Site::new();
    copy_dir(&repo.join("content"), &site.root().join("content"));
    std::fs::copy(repo.join("config.toml"), site.root().join("config.toml")).unwrap();
    site
}

fn build_into(site: &Site, out: &Path, threads: &str) {
    let o = site
        .build_cmd(&["--output", out.to_str().unwrap()])
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn the_sample_site_builds_byte_identically_twice() {
    let a = sample();
    let b = sample();
    let outs = tempfile::tempdir().unwrap();
    let first = outs.path().join("lan-1");
    let second = outs.path().join("lan-2");
    let third = outs.path().join("khac/lan-3");
    build_into(&a, &first, "2");
    build_into(&a, &second, "1");
    build_into(&b, &third, "2");
    let s1 = snapshot(&first);
    assert!(
        s1.keys().any(|k| k.starts_with("van-ban/")),
        "no document pages: {:?}",
        s1.keys().take(10).collect::<Vec<_>>()
    );
    assert_same(&s1, &snapshot(&second), "second build, one thread");
    assert_same(&s1, &snapshot(&third), "another site folder");
}

/// Many documents sharing dates, issuers and provinces, so any order that depends on
/// threads or hashing shows.
#[test]
fn a_generated_site_builds_byte_identically_with_any_thread_count() {
    let site = Site::new();
    let provinces = ["Sơn La", "Hà Tĩnh", "Nghệ An", "Thanh Hóa", "Hà Nội"];
    let issuers = ["Tỉnh ủy", "Tỉnh uỷ", "TỈNH ỦY", "Ban Tuyên giáo Tỉnh ủy"];
    for i in 0..300 {
        let p = provinces[i % provinces.len()];
        let issuer = issuers[i % issuers.len()];
        site.write(
            &format!("content/nhom-{}/vb-{i:03}.md", i % 7),
            format!(
                "---\ntitle: \"Văn bản {i}\"\ntype: Kế hoạch\nissuer: \"{issuer} {p}\"\n\
                 date: \"{}/2023\"\nprovince: \"{p}\"\ndirectives: [\"05-CT/TW\", \"01-KL/TW\"]\n\
                 ---\n## Mục {i}\n\nThực hiện Kết luận số 01-KL/TW ngày 18/5/2021.\n",
                1 + i % 3
            ),
        );
    }
    let outs = tempfile::tempdir().unwrap();
    let one = outs.path().join("mot-luong");
    let two = outs.path().join("hai-luong");
    let again = outs.path().join("lai");
    build_into(&site, &one, "1");
    build_into(&site, &two, "2");
    build_into(&site, &again, "2");
    let s = snapshot(&one);
    assert_same(&s, &snapshot(&two), "two threads");
    assert_same(&s, &snapshot(&again), "again");
}
