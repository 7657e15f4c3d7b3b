//! District-level units (huyện, quận, thị xã, thành phố thuộc tỉnh) before 1/7/2025, and
//! what an issuer's name says about its province.
//!
//! The district level was abolished on 1/7/2025, so the table is historical: it serves
//! to place documents of district Party committees ("Huyện ủy Bình Sơn") in their
//! province. Names shared by several provinces (Châu Thành, Phú Tân …) place nothing.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

use super::province::{clean_punctuation, fold_words, place_key, province_key, registry, Era};

/// What kind of district-level unit a [`District`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DistrictKind {
    /// Rural district (huyện).
    Huyen,
    /// Urban district (quận).
    Quan,
    /// Town (thị xã).
    ThiXa,
    /// City under a province or a centrally-run city (thành phố thuộc tỉnh).
    ThanhPho,
}

impl DistrictKind {
    /// The code used in `districts.tsv`.
    fn from_code(code: &str) -> Option<Self> {
        match code {
            "huyen" => Some(DistrictKind::Huyen),
            "quan" => Some(DistrictKind::Quan),
            "thi-xa" => Some(DistrictKind::ThiXa),
            "thanh-pho" => Some(DistrictKind::ThanhPho),
            _ => None,
        }
    }

    /// The common noun: "huyện", "quận", "thị xã", "thành phố".
    pub fn noun(self) -> &'static str {
        match self {
            DistrictKind::Huyen => "huyện",
            DistrictKind::Quan => "quận",
            DistrictKind::ThiXa => "thị xã",
            DistrictKind::ThanhPho => "thành phố",
        }
    }

    /// The name of its Party committee: "Huyện ủy", "Quận ủy", "Thị ủy", "Thành ủy".
    pub fn committee(self) -> &'static str {
        match self {
            DistrictKind::Huyen => "Huyện ủy",
            DistrictKind::Quan => "Quận ủy",
            DistrictKind::ThiXa => "Thị ủy",
            DistrictKind::ThanhPho => "Thành ủy",
        }
    }
}

/// One district-level unit of the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct District {
    /// Slug of its province before 1/7/2025 (an [`Era::Before2025`] unit).
    pub province_slug: String,
    /// Huyện, quận, thị xã or thành phố.
    pub kind: DistrictKind,
    /// Its name without the kind ("Bình Sơn"; "Quận 1" for the numbered quận).
    pub name: String,
}

/// What an issuer's name says about its province.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inference {
    /// One province. `province_slug` is the slug before 1/7/2025 when the name existed
    /// then (the district level did not exist afterwards); resolve `from` with the
    /// document's date through [`registry`] for the unit of the right era.
    Province {
        /// The province's slug.
        province_slug: String,
        /// The district or province name found, as written in the issuer.
        from: String,
    },
    /// A name found that belongs to several provinces.
    Ambiguous {
        /// The name as written.
        name: String,
        /// Slugs of the provinces it may belong to, sorted.
        candidates: Vec<String>,
    },
    /// Nothing in the issuer names a place.
    Nothing,
}

const DISTRICTS_TSV: &str = include_str!("../data/districts.tsv");

/// What words right before a name say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// Introduces a district-level unit of this kind ("Huyện ủy", "quận").
    District(DistrictKind),
    /// Introduces a provincial unit ("Tỉnh ủy", "tỉnh").
    Provincial,
    /// Either a provincial or a district-level city ("Thành ủy", "thành phố", "TP").
    City,
    /// Introduces a commune or village, whose names often repeat provinces' ("xã Hòa Bình").
    Local,
}

const MARKERS: [(&str, Marker); 19] = [
    ("huyện ủy", Marker::District(DistrictKind::Huyen)),
    ("huyện", Marker::District(DistrictKind::Huyen)),
    ("quận ủy", Marker::District(DistrictKind::Quan)),
    ("quận", Marker::District(DistrictKind::Quan)),
    ("thị ủy", Marker::District(DistrictKind::ThiXa)),
    ("thị xã", Marker::District(DistrictKind::ThiXa)),
    ("thành ủy", Marker::City),
    ("thành phố", Marker::City),
    ("tp", Marker::City),
    ("tỉnh ủy", Marker::Provincial),
    ("tỉnh", Marker::Provincial),
    ("xã", Marker::Local),
    ("phường", Marker::Local),
    ("thị trấn", Marker::Local),
    ("đặc khu", Marker::Local),
    ("thôn", Marker::Local),
    ("ấp", Marker::Local),
    ("bản", Marker::Local),
    ("khu phố", Marker::Local),
];

/// Provincial names too common elsewhere to count without a marker: "Hồ Chí Minh" is far
/// more often the President ("Học viện Chính trị quốc gia Hồ Chí Minh") than the city.
const NEEDS_MARKER: [&str; 1] = ["Hồ Chí Minh"];

/// Names that mean the central level when nothing else places the issuer.
const CENTRAL_NAMES: [&str; 4] = ["Trung ương", "TW", "Bộ Chính trị", "Ban Bí thư"];

/// A provincial name as found in issuers.
#[derive(Debug)]
struct ProvinceName {
    slug: String,
    needs_marker: bool,
}

/// Everything [`infer_province`] needs, built once.
#[derive(Debug)]
struct Index {
    districts: Vec<District>,
    by_key: HashMap<String, Vec<usize>>,
    by_fold: HashMap<String, Vec<usize>>,
    district_words: usize,
    provinces: HashMap<String, ProvinceName>,
    province_words: usize,
    markers: Vec<(Vec<String>, Marker)>,
    central: Vec<String>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(build_index)
}

/// Rows of `districts.tsv` that parse; the tests check that every row does.
fn parse_rows(tsv: &str) -> Vec<District> {
    tsv.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let (slug, kind, name) = (cols.next()?, cols.next()?, cols.next()?);
            if cols.next().is_some() || name.trim().is_empty() {
                return None;
            }
            Some(District {
                province_slug: slug.trim().to_owned(),
                kind: DistrictKind::from_code(kind.trim())?,
                name: super::nfc(name.trim()).into_owned(),
            })
        })
        .collect()
}

fn word_count(key: &str) -> usize {
    key.split(' ').count()
}

fn build_index() -> Index {
    let districts = parse_rows(DISTRICTS_TSV);
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_fold: HashMap<String, Vec<usize>> = HashMap::new();
    let mut district_words = 0;
    for (i, d) in districts.iter().enumerate() {
        let key = place_key(&d.name);
        district_words = district_words.max(word_count(&key));
        by_key.entry(key).or_default().push(i);
        by_fold.entry(fold_words(&d.name)).or_default().push(i);
    }

    let needs_marker: Vec<String> = NEEDS_MARKER.iter().map(|n| province_key(n)).collect();
    let mut provinces: HashMap<String, ProvinceName> = HashMap::new();
    let mut province_words = 0;
    // Old units first, so a name both eras share gives the old slug.
    for era in [Era::Before2025, Era::From2025] {
        for p in registry().of_era(era) {
            for name in [&p.name, &p.full_name].into_iter().chain(&p.aliases) {
                let key = province_key(name);
                if key.is_empty() || provinces.contains_key(&key) {
                    continue;
                }
                province_words = province_words.max(word_count(&key));
                let needs_marker = needs_marker.contains(&key);
                provinces.insert(
                    key,
                    ProvinceName {
                        slug: p.slug.clone(),
                        needs_marker,
                    },
                );
            }
        }
    }

    let mut markers: Vec<(Vec<String>, Marker)> = MARKERS
        .iter()
        .map(|(words, m)| (place_key(words).split(' ').map(str::to_owned).collect(), *m))
        .collect();
    // Longest first, so "thị xã" is a town and not a commune ("xã").
    markers.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));

    Index {
        districts,
        by_key,
        by_fold,
        district_words,
        provinces,
        province_words,
        markers,
        central: CENTRAL_NAMES.iter().map(|n| place_key(n)).collect(),
    }
}

/// The whole table, in file order (by province).
pub fn districts() -> &'static [District] {
    &index().districts
}

/// Every district-level unit with this name (case, tone placement, Unicode form and, failing
/// an exact match, diacritics ignored).
pub fn lookup(name: &str) -> Vec<&'static District> {
    let idx = index();
    let rows = idx
        .by_key
        .get(&place_key(name))
        .or_else(|| idx.by_fold.get(&fold_words(name)));
    rows.map(|rows| rows.iter().map(|&i| &idx.districts[i]).collect())
        .unwrap_or_default()
}

/// The issuer split into words, with the key of each.
struct Words {
    written: Vec<String>,
    keys: Vec<String>,
    folds: Vec<String>,
}

impl Words {
    fn new(text: &str) -> Self {
        let cleaned = clean_punctuation(&super::nfc(text));
        let written: Vec<String> = cleaned.split_whitespace().map(str::to_owned).collect();
        let keys = written.iter().map(|w| place_key(w)).collect();
        let folds = written.iter().map(|w| fold_words(w)).collect();
        Words {
            written,
            keys,
            folds,
        }
    }

    fn len(&self) -> usize {
        self.keys.len()
    }

    fn key(&self, from: usize, to: usize) -> String {
        self.keys[from..to].join(" ")
    }

    fn fold(&self, from: usize, to: usize) -> String {
        self.folds[from..to].join(" ")
    }

    fn written(&self, from: usize, to: usize) -> String {
        self.written[from..to].join(" ")
    }
}

/// A place name found in the issuer.
struct Hit {
    start: usize,
    end: usize,
    provinces: Vec<String>,
}

impl Index {
    /// The marker whose last word is at `end - 1`, if any.
    fn marker_before(&self, words: &Words, end: usize) -> Option<Marker> {
        self.markers.iter().find_map(|(m, marker)| {
            let start = end.checked_sub(m.len())?;
            (words.keys[start..end] == m[..]).then_some(*marker)
        })
    }

    /// The longest district name starting at `start`, as (end, rows); spelled exactly
    /// (up to tone placement) or, failing that, with the same letters ("Đăk Mil").
    fn district_at(&self, words: &Words, start: usize) -> Option<(usize, &[usize])> {
        let longest = self.district_words.min(words.len() - start);
        let exact = (1..=longest).rev().find_map(|len| {
            let rows = self.by_key.get(&words.key(start, start + len))?;
            Some((start + len, rows.as_slice()))
        });
        exact.or_else(|| {
            (1..=longest).rev().find_map(|len| {
                let rows = self.by_fold.get(&words.fold(start, start + len))?;
                Some((start + len, rows.as_slice()))
            })
        })
    }

    /// District names right after a district or city marker.
    fn district_hits(&self, words: &Words) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut i = 1;
        while i < words.len() {
            let kind = match self.marker_before(words, i) {
                Some(Marker::District(k)) => k,
                Some(Marker::City) => DistrictKind::ThanhPho,
                _ => {
                    i += 1;
                    continue;
                }
            };
            // "Quận 1" carries its kind in its name, so the marker may be part of it.
            let found = self
                .district_at(words, i)
                .map(|(end, rows)| (i, end, rows))
                .or_else(|| {
                    self.district_at(words, i - 1)
                        .map(|(end, rows)| (i - 1, end, rows))
                });
            let Some((start, end, rows)) = found else {
                i += 1;
                continue;
            };
            let same_kind: Vec<usize> = rows
                .iter()
                .copied()
                .filter(|&r| self.districts[r].kind == kind)
                .collect();
            // A unit that changed kind may be named by its former committee.
            let chosen = if same_kind.is_empty() {
                rows.to_vec()
            } else {
                same_kind
            };
            let mut provinces: Vec<String> = chosen
                .iter()
                .map(|&r| self.districts[r].province_slug.clone())
                .collect();
            provinces.sort();
            provinces.dedup();
            hits.push(Hit {
                start,
                end,
                provinces,
            });
            i = end.max(i + 1);
        }
        hits
    }

    /// Provincial names outside district names and not after a commune marker.
    fn province_hits(&self, words: &Words, districts: &[Hit]) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut i = 0;
        while i < words.len() {
            if districts.iter().any(|h| (h.start..h.end).contains(&i)) {
                i += 1;
                continue;
            }
            let longest = self.province_words.min(words.len() - i);
            let found = (1..=longest).rev().find_map(|len| {
                self.provinces
                    .get(&words.key(i, i + len))
                    .map(|p| (i + len, p))
            });
            let Some((end, p)) = found else {
                i += 1;
                continue;
            };
            let marker = self.marker_before(words, i);
            let counts = match marker {
                Some(Marker::Local) | Some(Marker::District(_)) => false,
                Some(Marker::Provincial) | Some(Marker::City) => true,
                None => !p.needs_marker,
            };
            if counts {
                hits.push(Hit {
                    start: i,
                    end,
                    provinces: vec![p.slug.clone()],
                });
            }
            i = end;
        }
        hits
    }

    fn names_central(&self, words: &Words) -> Option<String> {
        self.central.iter().find_map(|c| {
            let len = word_count(c);
            (0..=words.len().checked_sub(len)?)
                .find(|&i| words.key(i, i + len) == *c)
                .map(|i| words.written(i, i + len))
        })
    }
}

/// The one province all `hits` agree on, or why not.
fn conclude(words: &Words, hits: &[Hit]) -> Inference {
    let Some(first) = hits.first() else {
        return Inference::Nothing;
    };
    // The provinces every name found allows ("Châu Thành … Phú Tân" both allow An Giang).
    let common: Vec<&String> = first
        .provinces
        .iter()
        .filter(|p| hits.iter().all(|h| h.provinces.contains(p)))
        .collect();
    if let [one] = common.as_slice() {
        // Quote the name that settles it, else every name that took part.
        let from = match hits.iter().find(|h| h.provinces.len() == 1) {
            Some(h) => words.written(h.start, h.end),
            None => join_names(words, hits),
        };
        return Inference::Province {
            province_slug: (*one).clone(),
            from,
        };
    }
    let mut candidates: Vec<String> = if common.is_empty() {
        hits.iter()
            .flat_map(|h| h.provinces.iter().cloned())
            .collect()
    } else {
        common.into_iter().cloned().collect()
    };
    candidates.sort();
    candidates.dedup();
    Inference::Ambiguous {
        name: join_names(words, hits),
        candidates,
    }
}

/// The names of `hits` as written, each once, comma-separated.
fn join_names(words: &Words, hits: &[Hit]) -> String {
    let mut names: Vec<String> = Vec::new();
    for h in hits {
        let n = words.written(h.start, h.end);
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names.join(", ")
}

/// What an issuer's name ("Huyện ủy Bình Sơn", "Ban Thường vụ Tỉnh ủy Sơn La", "Thành ủy
/// Hà Nội", "Đảng ủy Khối Cơ quan tỉnh Hà Tĩnh") says about its province.
///
/// A provincial name wins; otherwise a district name after "Huyện ủy", "Quận ủy", "Thị
/// ủy", "Thành ủy", "huyện", "quận", "thị xã" or "thành phố" places the issuer, unless the
/// name belongs to several provinces; otherwise a central body ("Trung ương", "Bộ Chính
/// trị", "Ban Bí thư") gives the pseudo-province `trung-uong`.
pub fn infer_province(issuer: &str) -> Inference {
    let idx = index();
    let words = Words::new(issuer);
    if words.len() == 0 {
        return Inference::Nothing;
    }
    let district_hits = idx.district_hits(&words);
    let province_hits = idx.province_hits(&words, &district_hits);
    if !province_hits.is_empty() {
        return conclude(&words, &province_hits);
    }
    if !district_hits.is_empty() {
        return conclude(&words, &district_hits);
    }
    match idx.names_central(&words) {
        Some(from) => Inference::Province {
            province_slug: "trung-uong".to_owned(),
            from,
        },
        None => Inference::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn province(slug: &str, from: &str) -> Inference {
        Inference::Province {
            province_slug: slug.to_owned(),
            from: from.to_owned(),
        }
    }

    fn slug_of(issuer: &str) -> Option<String> {
        match infer_province(issuer) {
            Inference::Province { province_slug, .. } => Some(province_slug),
            _ => None,
        }
    }

    #[test]
    fn every_row_of_the_table_parses_and_names_an_old_province() {
        let rows = DISTRICTS_TSV
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(
            districts().len(),
            rows,
            "a row of districts.tsv does not parse"
        );
        assert!(rows > 700, "{rows}");
        let reg = registry();
        for d in districts() {
            assert!(
                reg.get(Era::Before2025, &d.province_slug).is_some(),
                "{} {}",
                d.province_slug,
                d.name
            );
        }
        // Every old province has district-level units, and no row is listed twice.
        for p in reg.of_era(Era::Before2025) {
            assert!(
                districts().iter().any(|d| d.province_slug == p.slug),
                "{}",
                p.slug
            );
        }
        let mut seen = std::collections::HashSet::new();
        for d in districts() {
            assert!(
                seen.insert((&d.province_slug, d.kind, place_key(&d.name))),
                "{d:?}"
            );
        }
    }

    #[test]
    fn district_committee_places_its_province() {
        assert_eq!(
            infer_province("Huyện ủy Bình Sơn"),
            province("quang-ngai", "Bình Sơn")
        );
        assert_eq!(
            infer_province("Ban Thường vụ Huyện ủy Mộc Châu"),
            province("son-la", "Mộc Châu")
        );
        assert_eq!(slug_of("Thành ủy Tam Kỳ").as_deref(), Some("quang-nam"));
        assert_eq!(slug_of("Thị ủy Sa Pa").as_deref(), Some("lao-cai"));
        assert_eq!(slug_of("Quận ủy Ba Đình").as_deref(), Some("ha-noi"));
        assert_eq!(
            slug_of("Ủy ban nhân dân huyện Điện Biên Đông").as_deref(),
            Some("dien-bien")
        );
        assert_eq!(
            slug_of("Đảng ủy xã Bình Châu, huyện Bình Sơn").as_deref(),
            Some("quang-ngai")
        );
    }

    #[test]
    fn old_tone_placement_case_and_nfd_do_not_matter() {
        assert_eq!(
            infer_province("Huyện uỷ Bình Sơn"),
            province("quang-ngai", "Bình Sơn")
        );
        assert_eq!(slug_of("HUYỆN ỦY BÌNH SƠN").as_deref(), Some("quang-ngai"));
        let nfd: String = "Huyện ủy Bình Sơn".nfd().collect();
        assert_eq!(slug_of(&nfd).as_deref(), Some("quang-ngai"));
        // Spelling variants of the same letters.
        assert_eq!(slug_of("Huyện ủy Đăk Mil").as_deref(), Some("dak-nong"));
        assert_eq!(slug_of("Huyện ủy Cư M’gar").as_deref(), Some("dak-lak"));
    }

    #[test]
    fn provincial_names_win() {
        assert_eq!(
            infer_province("Ban Thường vụ Tỉnh ủy Sơn La"),
            province("son-la", "Sơn La")
        );
        assert_eq!(
            infer_province("Thành ủy Hà Nội"),
            province("ha-noi", "Hà Nội")
        );
        assert_eq!(
            slug_of("Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh Hà Tĩnh").as_deref(),
            Some("ha-tinh")
        );
        assert_eq!(
            slug_of("Thành ủy TP. Hồ Chí Minh").as_deref(),
            Some("ho-chi-minh")
        );
        assert_eq!(
            slug_of("Ban Tuyên giáo Tỉnh uỷ Thừa Thiên Huế").as_deref(),
            Some("thua-thien-hue")
        );
        // The province named beside an ambiguous district settles it.
        assert_eq!(
            slug_of("Huyện ủy Châu Thành, tỉnh Bến Tre").as_deref(),
            Some("ben-tre")
        );
    }

    #[test]
    fn shared_district_names_are_ambiguous() {
        match infer_province("Huyện ủy Châu Thành") {
            Inference::Ambiguous { name, candidates } => {
                assert_eq!(name, "Châu Thành");
                assert!(candidates.len() >= 8, "{candidates:?}");
                assert!(candidates.contains(&"tien-giang".to_owned()));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            infer_province("Huyện ủy Phú Tân"),
            Inference::Ambiguous { .. }
        ));
    }

    #[test]
    fn district_named_like_a_province_is_the_district() {
        // Huyện Quảng Ninh is in Quảng Bình; huyện Hòa Bình in Bạc Liêu.
        assert_eq!(
            slug_of("Huyện ủy Quảng Ninh").as_deref(),
            Some("quang-binh")
        );
        assert_eq!(slug_of("Huyện ủy Hòa Bình").as_deref(), Some("bac-lieu"));
        assert_eq!(slug_of("Thành ủy Hòa Bình").as_deref(), Some("hoa-binh"));
        // The kind of the committee tells same-named units apart.
        assert_eq!(slug_of("Thị ủy Sơn Tây").as_deref(), Some("ha-noi"));
        assert_eq!(slug_of("Huyện ủy Sơn Tây").as_deref(), Some("quang-ngai"));
        assert_eq!(slug_of("Huyện ủy Tân Uyên").as_deref(), Some("lai-chau"));
    }

    #[test]
    fn numbered_quan_of_ho_chi_minh_city() {
        assert_eq!(
            infer_province("Quận ủy Quận 1"),
            province("ho-chi-minh", "Quận 1")
        );
        assert_eq!(
            slug_of("Đảng ủy phường Bến Nghé, Quận 1").as_deref(),
            Some("ho-chi-minh")
        );
    }

    #[test]
    fn communes_and_people_are_not_provinces() {
        assert_eq!(infer_province("Đảng ủy xã Hòa Bình"), Inference::Nothing);
        assert_eq!(
            infer_province("Học viện Chính trị quốc gia Hồ Chí Minh"),
            Inference::Nothing
        );
        assert_eq!(infer_province("Ban Thường vụ Tỉnh ủy"), Inference::Nothing);
        assert_eq!(infer_province(""), Inference::Nothing);
    }

    #[test]
    fn central_bodies() {
        assert_eq!(
            slug_of("Ban Chấp hành Trung ương").as_deref(),
            Some("trung-uong")
        );
        assert_eq!(slug_of("Bộ Chính trị").as_deref(), Some("trung-uong"));
        assert_eq!(slug_of("Ban Tuyên giáo TW").as_deref(), Some("trung-uong"));
    }

    #[test]
    fn lookup_finds_every_unit_of_a_name() {
        let found = lookup("Phong Điền");
        let mut slugs: Vec<_> = found.iter().map(|d| d.province_slug.as_str()).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs, ["can-tho", "thua-thien-hue"]);
        assert_eq!(lookup("Cư Mgar")[0].province_slug, "dak-lak");
        assert!(lookup("Atlantis").is_empty());
    }
}
