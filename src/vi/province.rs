//! The provincial units of Việt Nam across the 2025 reorganisation.
//!
//! Until 30/6/2025 there were 63 units (Thừa Thiên Huế became Thành phố Huế on 1/1/2025);
//! from 1/7/2025 there are 34 (Nghị quyết 202/2025/QH15). Many new units kept an old
//! name (Gia Lai, Quảng Ngãi, Bắc Ninh …) while covering more land, so a name alone does
//! not identify a unit: [`ProvinceRegistry::resolve`] needs the document's date. The two
//! units that share a slug are distinct [`Province`] values, one per [`Era`].
//!
//! The facts come from `src/data/reference-data.yaml` (`provinces_old`, `provinces_new`);
//! the registry is built once per process.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::date::DocDate;
use super::text::{fold, match_key};

/// Which set of provincial units a [`Province`] belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Era {
    /// The pseudo-province of central Party bodies (Trung ương), valid at any date.
    Central,
    /// The 63 units in force until 30/6/2025.
    Before2025,
    /// The 34 units in force from 1/7/2025.
    From2025,
}

impl Era {
    /// A short Vietnamese label for the period, for index pages ("trước 1/7/2025").
    pub fn label(self) -> &'static str {
        match self {
            Era::Central => "Trung ương",
            Era::Before2025 => "trước 1/7/2025",
            Era::From2025 => "từ 1/7/2025",
        }
    }
}

/// What kind of provincial unit a [`Province`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnitKind {
    /// The central level (Trung ương), not a territory.
    Central,
    /// A province (tỉnh).
    Tinh,
    /// A centrally-run city (thành phố trực thuộc trung ương).
    ThanhPho,
}

impl UnitKind {
    /// The common noun used before the name in running text: "tỉnh", "thành phố".
    pub fn noun(self) -> &'static str {
        match self {
            UnitKind::Central => "",
            UnitKind::Tinh => "tỉnh",
            UnitKind::ThanhPho => "thành phố",
        }
    }
}

/// A change of name without a change of territory (Thừa Thiên Huế → Thành phố Huế).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Renaming {
    /// First day under the new name.
    pub on: DocDate,
    /// The new short name ("Huế").
    pub name: String,
    /// The new full name ("Thành phố Huế").
    pub full_name: String,
    /// The act that made the change.
    pub by: String,
}

/// One provincial unit of one [`Era`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Province {
    /// URL slug, e.g. `gia-lai`; shared by the two units of a name kept in 2025.
    pub slug: String,
    /// Short name, e.g. "Gia Lai".
    pub name: String,
    /// Official name, e.g. "Tỉnh Gia Lai".
    pub full_name: String,
    /// Tỉnh, thành phố or the central level.
    pub kind: UnitKind,
    /// The set of units this one belongs to.
    pub era: Era,
    /// Other spellings accepted in front matter ("Khánh Hoà", "TP.HCM").
    pub aliases: Vec<String>,
    /// For a [`Era::Before2025`] unit: the slug of the [`Era::From2025`] unit it became
    /// (part of).
    pub successor: Option<String>,
    /// For a [`Era::From2025`] unit: the slugs of the [`Era::Before2025`] units merged into
    /// it (just its own old slug when unchanged).
    pub predecessors: Vec<String>,
    /// Whether its territory changed in 2025: merged into or formed from several units.
    pub territory_changed: bool,
    /// A renaming during the unit's era, if any.
    pub renamed: Option<Renaming>,
}

/// Whether `date` (a partial date counting as its first day) falls on or after 1/7/2025,
/// the first day of the 34 units.
fn reorganised_by(date: &DocDate) -> bool {
    let first_day = (
        date.year(),
        date.month().unwrap_or(1),
        date.day().unwrap_or(1),
    );
    first_day >= (2025, 7, 1)
}

impl Province {
    /// "tỉnh Bắc Giang", "thành phố Hải Phòng" — the name as it reads inside a sentence.
    pub fn title(&self) -> String {
        match self.kind {
            UnitKind::Central => self.name.clone(),
            kind => format!("{} {}", kind.noun(), self.name),
        }
    }

    /// Whether the unit existed on `date`.
    pub fn in_force_on(&self, date: &DocDate) -> bool {
        match self.era {
            Era::Central => true,
            Era::Before2025 => !reorganised_by(date),
            Era::From2025 => reorganised_by(date),
        }
    }

    /// The short name the unit bore on `date` ("Huế" for Thừa Thiên Huế from 1/1/2025).
    pub fn name_on(&self, date: Option<&DocDate>) -> &str {
        match (&self.renamed, date) {
            (Some(r), Some(d)) if *d >= r.on => &r.name,
            _ => &self.name,
        }
    }

    /// The official name the unit bore on `date`.
    pub fn full_name_on(&self, date: Option<&DocDate>) -> &str {
        match (&self.renamed, date) {
            (Some(r), Some(d)) if *d >= r.on => &r.full_name,
            _ => &self.full_name,
        }
    }
}

/// A name resolved to a unit, with a warning when the name did not fit the date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedProvince<'a> {
    /// The unit.
    pub province: &'a Province,
    /// Why the author may want to look again (a merged province named after 1/7/2025, …),
    /// in Vietnamese with an English gloss.
    pub warning: Option<String>,
}

/// A name that is no provincial unit, with the closest known name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct UnknownProvince {
    /// The name as written.
    pub written: String,
    /// The closest known short name, when one is reasonably close.
    pub closest: Option<String>,
}

impl fmt::Display for UnknownProvince {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self.written.trim();
        match &self.closest {
            Some(c) => write!(
                f,
                "không có tỉnh, thành phố nào tên \"{w}\"; có phải là \"{c}\"? \
                 (unknown province \"{w}\"; did you mean \"{c}\"?)"
            ),
            None => write!(
                f,
                "không có tỉnh, thành phố nào tên \"{w}\" (unknown province \"{w}\")"
            ),
        }
    }
}

/// Every provincial unit of every era, indexed by name.
#[derive(Debug)]
pub struct ProvinceRegistry {
    units: Vec<Province>,
    /// Slug → the units bearing it (one per era at most).
    by_slug: HashMap<String, Vec<usize>>,
    by_key: HashMap<String, Vec<NameEntry>>,
    /// Folded names and aliases with their unit, for suggestions.
    folded: Vec<(String, usize)>,
}

/// One unit a lookup key stands for.
#[derive(Debug, Clone, Copy)]
struct NameEntry {
    unit: usize,
    /// The key is a name the unit lost in a renaming ("Thừa Thiên Huế").
    former: bool,
}

/// The Huế renaming (Nghị quyết 175/2024/QH15): the only one inside an era.
const RENAMED_SLUG: &str = "thua-thien-hue";

/// The rows of reference-data.yaml this module reads; every other key is ignored.
#[derive(Deserialize)]
struct ReferenceData {
    provinces_old: Vec<OldRow>,
    provinces_new: Vec<NewRow>,
}

#[derive(Deserialize)]
struct OldRow {
    name: String,
    full_name: String,
    slug: String,
    kind: String,
    became: String,
    #[serde(default)]
    merged: bool,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
struct NewRow {
    name: String,
    full_name: String,
    slug: String,
    kind: String,
    formed_from: Vec<String>,
    #[serde(default)]
    unchanged: bool,
    #[serde(default)]
    aliases: Vec<String>,
}

const REFERENCE_DATA: &str = include_str!("../data/reference-data.yaml");

/// The registry, built on first use.
pub fn registry() -> &'static ProvinceRegistry {
    static REGISTRY: OnceLock<ProvinceRegistry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        // The data are compiled in and a unit test parses them, so failure here is a
        // defect of the build, not of any user's input.
        ProvinceRegistry::from_yaml(REFERENCE_DATA)
            .unwrap_or_else(|e| panic!("src/data/reference-data.yaml: {e}"))
    })
}

/// Punctuation that joins or abbreviates parts of a name ("Bà Rịa - Vũng Tàu", "TP.HCM",
/// "Ea H'leo") is not part of what identifies it.
pub(crate) fn clean_punctuation(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`'))
        .map(|c| match c {
            '-' | '‐' | '‑' | '–' | '—' | '.' | ',' | ';' | ':' | '(' | ')' | '/' | '"' | '“'
            | '”' | '«' | '»' => ' ',
            c => c,
        })
        .collect()
}

/// [`match_key`] after [`clean_punctuation`]: the key under which names of places are
/// indexed, word by word.
pub(crate) fn place_key(s: &str) -> String {
    match_key(&clean_punctuation(s))
}

/// Words that precede a provincial name without being part of it.
const PREFIXES: [&str; 3] = ["Tỉnh", "Thành phố", "TP"];

/// Removes one leading "tỉnh", "thành phố" or "TP" from a key (of either kind: match or
/// folded), unless nothing would be left.
fn strip_prefix<'k>(key: &'k str, prefixes: &[String]) -> &'k str {
    for p in prefixes {
        if let Some(rest) = key.strip_prefix(p.as_str()) {
            if let Some(rest) = rest.strip_prefix(' ') {
                if !rest.is_empty() {
                    return rest;
                }
            }
        }
    }
    key
}

fn prefix_keys() -> &'static [String] {
    static KEYS: OnceLock<Vec<String>> = OnceLock::new();
    KEYS.get_or_init(|| PREFIXES.iter().map(|p| place_key(p)).collect())
}

fn folded_prefixes() -> &'static [String] {
    static KEYS: OnceLock<Vec<String>> = OnceLock::new();
    KEYS.get_or_init(|| PREFIXES.iter().map(|p| fold_words(p)).collect())
}

/// Folded, punctuation-free, single-spaced: the form suggestions are measured in.
pub(crate) fn fold_words(s: &str) -> String {
    fold(&clean_punctuation(s))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The lookup key of a provincial name as written: [`place_key`] without a leading
/// "Tỉnh"/"Thành phố"/"TP".
pub(crate) fn province_key(s: &str) -> String {
    let key = place_key(s);
    strip_prefix(&key, prefix_keys()).to_owned()
}

fn parse_kind(kind: &str, slug: &str) -> Result<UnitKind, String> {
    match kind {
        "tinh" => Ok(UnitKind::Tinh),
        "thanh-pho" => Ok(UnitKind::ThanhPho),
        other => Err(format!("{slug}: unknown kind {other:?}")),
    }
}

impl ProvinceRegistry {
    /// Builds the registry from the text of reference-data.yaml.
    fn from_yaml(yaml: &str) -> Result<Self, String> {
        let data: ReferenceData = serde_yaml::from_str(yaml).map_err(|e| e.to_string())?;
        let hue_row = data
            .provinces_new
            .iter()
            .find(|r| r.formed_from.iter().any(|s| s == RENAMED_SLUG))
            .ok_or("no new unit is formed from thua-thien-hue")?;
        let renaming = Renaming {
            on: DocDate::ymd(2025, 1, 1).map_err(|e| e.reason)?,
            name: hue_row.name.clone(),
            full_name: hue_row.full_name.clone(),
            by: "Nghị quyết 175/2024/QH15".to_owned(),
        };

        let mut units = vec![Province {
            slug: "trung-uong".to_owned(),
            name: "Trung ương".to_owned(),
            full_name: "Trung ương".to_owned(),
            kind: UnitKind::Central,
            era: Era::Central,
            aliases: vec![
                "Trung ương Đảng".to_owned(),
                "TW".to_owned(),
                "TƯ".to_owned(),
            ],
            successor: None,
            predecessors: Vec::new(),
            territory_changed: false,
            renamed: None,
        }];
        for r in &data.provinces_old {
            units.push(Province {
                kind: parse_kind(&r.kind, &r.slug)?,
                slug: r.slug.clone(),
                name: r.name.clone(),
                full_name: r.full_name.clone(),
                era: Era::Before2025,
                aliases: r.aliases.clone(),
                successor: Some(r.became.clone()),
                predecessors: Vec::new(),
                territory_changed: r.merged,
                renamed: (r.slug == RENAMED_SLUG).then(|| renaming.clone()),
            });
        }
        for r in &data.provinces_new {
            // A new unit keeps the spellings of the old unit whose name it took
            // ("Khánh Hoà", "Đăk Lăk").
            let mut aliases = r.aliases.clone();
            if let Some(old) = data.provinces_old.iter().find(|o| o.slug == r.slug) {
                aliases.extend(old.aliases.iter().cloned());
            }
            units.push(Province {
                kind: parse_kind(&r.kind, &r.slug)?,
                slug: r.slug.clone(),
                name: r.name.clone(),
                full_name: r.full_name.clone(),
                era: Era::From2025,
                aliases,
                successor: None,
                predecessors: r.formed_from.clone(),
                territory_changed: !r.unchanged,
                renamed: None,
            });
        }

        let mut by_slug: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_key: HashMap<String, Vec<NameEntry>> = HashMap::new();
        let mut folded = Vec::new();
        let new_name_key = province_key(&renaming.name);
        for (i, u) in units.iter().enumerate() {
            let same_slug = by_slug.entry(u.slug.clone()).or_default();
            if same_slug.iter().any(|&j| units[j].era == u.era) {
                return Err(format!("{} listed twice in one era", u.slug));
            }
            same_slug.push(i);
            let names = [&u.name, &u.full_name].into_iter().chain(&u.aliases);
            for name in names {
                let key = province_key(name);
                if key.is_empty() {
                    continue;
                }
                let former = u.renamed.is_some() && key != new_name_key;
                let entries = by_key.entry(key).or_default();
                if !entries.iter().any(|e| e.unit == i) {
                    entries.push(NameEntry { unit: i, former });
                }
                let f = strip_prefix(&fold_words(name), folded_prefixes()).to_owned();
                if !folded.iter().any(|(g, j)| *g == f && *j == i) {
                    folded.push((f, i));
                }
            }
        }
        for (key, entries) in &by_key {
            for era in [Era::Central, Era::Before2025, Era::From2025] {
                if entries.iter().filter(|e| units[e.unit].era == era).count() > 1 {
                    return Err(format!("the name {key:?} stands for two units of one era"));
                }
            }
        }
        for u in &units {
            let targets = u.successor.iter().chain(&u.predecessors);
            let other = match u.era {
                Era::Before2025 => Era::From2025,
                _ => Era::Before2025,
            };
            for t in targets {
                let known = by_slug
                    .get(t)
                    .is_some_and(|js| js.iter().any(|&j| units[j].era == other));
                if !known {
                    return Err(format!("{}: {t} is not a unit of {other:?}", u.slug));
                }
            }
        }
        Ok(ProvinceRegistry {
            units,
            by_slug,
            by_key,
            folded,
        })
    }

    /// Resolves a name as written in front matter ("Gia Lai", "tỉnh Gia Lai", "TP.HCM"),
    /// on the document's date. Case, spacing, tone placement and Unicode form do not matter.
    ///
    /// A name borne by a unit of each era means the old unit before 1/7/2025 and the new
    /// one from then on (a partial date counts as its first day); with no date, the old
    /// one. A name that no longer existed on the date still resolves, with a warning that
    /// names what the unit became.
    pub fn resolve(
        &self,
        written: &str,
        date: Option<&DocDate>,
    ) -> Result<ResolvedProvince<'_>, UnknownProvince> {
        let key = province_key(written);
        let Some(entries) = self.by_key.get(&key) else {
            return Err(UnknownProvince {
                written: written.trim().to_owned(),
                closest: self.closest(written),
            });
        };
        let in_era = |era: Era| entries.iter().find(|e| self.units[e.unit].era == era);
        let reorganised = date.map(reorganised_by);
        let central = in_era(Era::Central);
        let old = in_era(Era::Before2025);
        let new = in_era(Era::From2025);
        let (entry, mut warning) = match (central, old, new, reorganised) {
            (Some(c), ..) => (*c, None),
            (None, Some(_), Some(n), Some(true)) => (*n, None),
            (None, Some(o), Some(n), None) => (*o, self.undated_warning(o, n)),
            (None, Some(o), _, _) => {
                let w = (reorganised == Some(true)).then(|| self.ended_warning(o));
                (*o, w.flatten())
            }
            (None, None, Some(n), _) => {
                let w = (reorganised == Some(false)).then(|| {
                    let p = &self.units[n.unit];
                    format!(
                        "{} chỉ có từ 1/7/2025, sau ngày của văn bản \
                         ({} exists only from 1/7/2025, after the document's date)",
                        capitalised(&p.title()),
                        p.name
                    )
                });
                (*n, w)
            }
            (None, None, None, _) => {
                return Err(UnknownProvince {
                    written: written.trim().to_owned(),
                    closest: self.closest(written),
                })
            }
        };
        if let (None, true, Some(d)) = (&warning, entry.former, date) {
            warning = self.renamed_warning(&self.units[entry.unit], Some(d));
        }
        Ok(ResolvedProvince {
            province: &self.units[entry.unit],
            warning,
        })
    }

    /// The unit of `era` with `slug`.
    pub fn get(&self, era: Era, slug: &str) -> Option<&Province> {
        self.by_slug
            .get(slug)?
            .iter()
            .map(|&i| &self.units[i])
            .find(|u| u.era == era)
    }

    /// Every unit bearing `slug`: one per era, old before new (`gia-lai` gives two, for the
    /// two periods of its index page).
    pub fn with_slug<'s>(&'s self, slug: &str) -> impl Iterator<Item = &'s Province> + 's {
        self.by_slug
            .get(slug)
            .into_iter()
            .flatten()
            .map(|&i| &self.units[i])
    }

    /// Every unit: Trung ương, then the 63 old units, then the 34 new ones, each in the
    /// order of the reference data.
    pub fn all(&self) -> impl Iterator<Item = &Province> {
        self.units.iter()
    }

    /// The units of one era.
    pub fn of_era(&self, era: Era) -> impl Iterator<Item = &Province> {
        self.units.iter().filter(move |u| u.era == era)
    }

    /// The [`Era::From2025`] unit an old unit became (part of): "theo tỉnh hiện nay".
    pub fn successor_of(&self, p: &Province) -> Option<&Province> {
        p.successor
            .as_deref()
            .and_then(|s| self.get(Era::From2025, s))
    }

    /// The [`Era::Before2025`] units a new unit was formed from.
    pub fn predecessors_of(&self, p: &Province) -> Vec<&Province> {
        p.predecessors
            .iter()
            .filter_map(|s| self.get(Era::Before2025, s))
            .collect()
    }

    /// The known short name closest to `written`, compared without diacritics.
    fn closest(&self, written: &str) -> Option<String> {
        let w = strip_prefix(&fold_words(written), folded_prefixes()).to_owned();
        if w.is_empty() {
            return None;
        }
        let (distance, unit) = self
            .folded
            .iter()
            .map(|(f, i)| (strsim::levenshtein(&w, f), *i))
            .min_by_key(|(d, _)| *d)?;
        // Beyond a third of the word changed, the "suggestion" would be a guess.
        let tolerated = (w.chars().count() / 3).max(1);
        (distance <= tolerated).then(|| self.units[unit].name.clone())
    }

    /// Warning for a merged old unit named in a document dated from 1/7/2025.
    fn ended_warning(&self, old: &NameEntry) -> Option<String> {
        let p = &self.units[old.unit];
        if old.former {
            return self.renamed_warning(p, None);
        }
        let next = self.successor_of(p)?;
        Some(if next.slug == p.slug || !p.territory_changed {
            format!(
                "{} là đơn vị trước 1/7/2025; từ 1/7/2025 là {} (Nghị quyết 202/2025/QH15) \
                 ({} is the unit before 1/7/2025; from 1/7/2025 it is {})",
                capitalised(&p.title()),
                next.title(),
                p.name,
                next.full_name
            )
        } else {
            format!(
                "{} đã hợp nhất vào {} từ 1/7/2025 (Nghị quyết 202/2025/QH15) \
                 ({} was merged into {} on 1/7/2025)",
                capitalised(&p.title()),
                next.title(),
                p.name,
                next.full_name
            )
        })
    }

    /// Warning for a name a unit had lost by `date` (None: lost for good).
    fn renamed_warning(&self, p: &Province, date: Option<&DocDate>) -> Option<String> {
        let r = p.renamed.as_ref()?;
        if date.is_some_and(|d| *d < r.on) {
            return None;
        }
        Some(format!(
            "{} đã trở thành {} từ {} ({}) ({} became {} on {})",
            p.full_name,
            r.full_name,
            r.on.short(),
            r.by,
            p.name,
            r.full_name,
            r.on.iso()
        ))
    }

    /// Warning for a name shared by an old and a larger new unit, on an undated document.
    fn undated_warning(&self, old: &NameEntry, new: &NameEntry) -> Option<String> {
        let o = &self.units[old.unit];
        let n = &self.units[new.unit];
        if !n.territory_changed {
            return None;
        }
        let parts: Vec<&str> = self
            .predecessors_of(n)
            .into_iter()
            .map(|p| p.name.as_str())
            .collect();
        Some(format!(
            "văn bản không có ngày nên \"{}\" được hiểu là {} trước 1/7/2025, không phải {} \
             từ 1/7/2025 (gồm {}) (no date: read as the unit before 1/7/2025)",
            o.name,
            o.title(),
            n.title(),
            parts.join(", ")
        ))
    }
}

/// Upper-cases the first letter, for a title opening a sentence.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn date(s: &str) -> DocDate {
        DocDate::parse(s).unwrap()
    }

    fn slug_era(written: &str, d: Option<&str>) -> (String, Era) {
        let d = d.map(date);
        let r = registry().resolve(written, d.as_ref()).unwrap();
        (r.province.slug.clone(), r.province.era)
    }

    #[test]
    fn reference_data_parse_into_63_and_34_units() {
        let reg = registry();
        assert_eq!(reg.of_era(Era::Before2025).count(), 63);
        assert_eq!(reg.of_era(Era::From2025).count(), 34);
        assert_eq!(reg.of_era(Era::Central).count(), 1);
        assert!(reorganised_by(&date("1/7/2025")) && reorganised_by(&date("7/2025")));
        assert!(!reorganised_by(&date("30/6/2025")) && !reorganised_by(&date("2025")));
        // Every old unit flows into exactly the new unit that lists it.
        for old in reg.of_era(Era::Before2025) {
            let new = reg.successor_of(old).expect(&old.slug);
            assert!(new.predecessors.contains(&old.slug), "{}", old.slug);
        }
        let all_predecessors: usize = reg
            .of_era(Era::From2025)
            .map(|p| p.predecessors.len())
            .sum();
        assert_eq!(all_predecessors, 63);
    }

    #[test]
    fn every_name_resolves_to_its_own_unit_in_its_own_era() {
        let reg = registry();
        let before = date("1/3/2024");
        let after = date("1/3/2026");
        for p in reg.all() {
            let d = match p.era {
                Era::Central => None,
                Era::Before2025 => Some(&before),
                Era::From2025 => Some(&after),
            };
            for name in [&p.name, &p.full_name] {
                let r = reg
                    .resolve(name, d)
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(r.province, p, "{name}");
                assert_eq!(r.warning, None, "{name}");
            }
        }
    }

    #[test]
    fn every_alias_in_the_reference_data_resolves() {
        let reg = registry();
        let before = date("1/3/2024");
        let data: ReferenceData = serde_yaml::from_str(REFERENCE_DATA).unwrap();
        let mut count = 0;
        for row in &data.provinces_old {
            for alias in &row.aliases {
                let r = reg.resolve(alias, Some(&before)).unwrap();
                assert_eq!(r.province.slug, row.slug, "{alias}");
                assert_eq!(r.province.era, Era::Before2025, "{alias}");
                count += 1;
            }
        }
        assert!(count >= 20, "only {count} aliases read");
    }

    #[test]
    fn ho_chi_minh_city_spellings() {
        for w in [
            "TP. Hồ Chí Minh",
            "TP.HCM",
            "TPHCM",
            "TP HCM",
            "Tp.HCM",
            "Thành phố Hồ Chí Minh",
            "thành phố Hồ Chí Minh",
            "Hồ Chí Minh",
            "HCM",
        ] {
            assert_eq!(slug_era(w, Some("2024")).0, "ho-chi-minh", "{w}");
            assert_eq!(
                slug_era(w, Some("2026")),
                ("ho-chi-minh".into(), Era::From2025),
                "{w}"
            );
        }
    }

    #[test]
    fn prefixes_case_spacing_tone_placement_and_nfd_do_not_matter() {
        for w in ["Tỉnh Sơn La", "tỉnh  sơn la", "TỈNH SƠN LA", " Sơn La "] {
            assert_eq!(
                slug_era(w, Some("2023")),
                ("son-la".into(), Era::Before2025),
                "{w}"
            );
        }
        let nfd: String = "Khánh Hòa".nfd().collect();
        assert_eq!(slug_era(&nfd, Some("2023")).0, "khanh-hoa");
        assert_eq!(slug_era("Khánh Hoà", Some("2023")).0, "khanh-hoa");
        assert_eq!(slug_era("Thanh Hoá", Some("2023")).0, "thanh-hoa");
        assert_eq!(slug_era("HOÀ BÌNH", Some("2023")).0, "hoa-binh");
        assert_eq!(
            slug_era("Bà Rịa-Vũng Tàu", Some("2023")).0,
            "ba-ria-vung-tau"
        );
    }

    #[test]
    fn shared_names_follow_the_document_date() {
        assert_eq!(
            slug_era("Gia Lai", Some("12/5/2024")),
            ("gia-lai".into(), Era::Before2025)
        );
        assert_eq!(
            slug_era("Gia Lai", Some("2026")),
            ("gia-lai".into(), Era::From2025)
        );
        assert_eq!(slug_era("Gia Lai", Some("30/6/2025")).1, Era::Before2025);
        assert_eq!(slug_era("Gia Lai", Some("1/7/2025")).1, Era::From2025);
        // A partial date counts as its first day.
        assert_eq!(slug_era("Quảng Ngãi", Some("2025")).1, Era::Before2025);
        assert_eq!(slug_era("Quảng Ngãi", Some("7/2025")).1, Era::From2025);
        assert_eq!(slug_era("Khánh Hoà", Some("2026")).1, Era::From2025);
        let reg = registry();
        let old = reg.get(Era::Before2025, "gia-lai").unwrap();
        let new = reg.get(Era::From2025, "gia-lai").unwrap();
        assert_ne!(old, new);
        let eras: Vec<Era> = reg.with_slug("gia-lai").map(|p| p.era).collect();
        assert_eq!(eras, [Era::Before2025, Era::From2025]);
        assert_eq!(reg.with_slug("bac-giang").count(), 1);
        assert_eq!(reg.with_slug("atlantis").count(), 0);
        let parts: Vec<_> = reg
            .predecessors_of(new)
            .iter()
            .map(|p| p.slug.as_str())
            .collect();
        assert_eq!(parts, ["gia-lai", "binh-dinh"]);
    }

    #[test]
    fn undated_shared_name_means_the_old_unit_and_says_so() {
        let r = registry().resolve("Gia Lai", None).unwrap();
        assert_eq!(r.province.era, Era::Before2025);
        let w = r.warning.unwrap();
        assert!(w.contains("Bình Định"), "{w}");
        // Unchanged units need no warning.
        let r = registry().resolve("Sơn La", None).unwrap();
        assert_eq!(r.province.era, Era::Before2025);
        assert_eq!(r.warning, None);
    }

    #[test]
    fn merged_province_named_after_the_merger_warns() {
        let d = date("3/2/2026");
        let r = registry().resolve("Bắc Giang", Some(&d)).unwrap();
        assert_eq!(r.province.slug, "bac-giang");
        assert_eq!(r.province.era, Era::Before2025);
        let w = r.warning.unwrap();
        assert!(
            w.contains("đã hợp nhất vào tỉnh Bắc Ninh từ 1/7/2025"),
            "{w}"
        );
        let d = date("3/2/2024");
        assert_eq!(
            registry().resolve("Bắc Giang", Some(&d)).unwrap().warning,
            None
        );
    }

    #[test]
    fn hue_renaming() {
        let reg = registry();
        let r = reg
            .resolve("Thừa Thiên Huế", Some(&date("2/2025")))
            .unwrap();
        assert_eq!(r.province.slug, "thua-thien-hue");
        let w = r.warning.unwrap();
        assert!(w.contains("Thành phố Huế từ 1/1/2025"), "{w}");
        let r = reg
            .resolve("Thừa Thiên - Huế", Some(&date("2026")))
            .unwrap();
        assert_eq!(r.province.slug, "thua-thien-hue");
        assert!(r.warning.unwrap().contains("Thành phố Huế"));
        let r = reg
            .resolve("Thừa Thiên Huế", Some(&date("12/2024")))
            .unwrap();
        assert_eq!(r.warning, None);
        assert_eq!(
            slug_era("Huế", Some("3/2025")),
            ("thua-thien-hue".into(), Era::Before2025)
        );
        assert_eq!(
            slug_era("Thành phố Huế", Some("2026")),
            ("hue".into(), Era::From2025)
        );
        assert_eq!(
            reg.resolve("Huế", Some(&date("3/2025"))).unwrap().warning,
            None
        );
        let old = reg.get(Era::Before2025, "thua-thien-hue").unwrap();
        assert_eq!(old.name_on(Some(&date("2/2025"))), "Huế");
        assert_eq!(old.name_on(Some(&date("2024"))), "Thừa Thiên Huế");
        assert_eq!(reg.successor_of(old).unwrap().slug, "hue");
    }

    #[test]
    fn central_pseudo_province() {
        assert_eq!(
            slug_era("Trung ương", Some("2026")),
            ("trung-uong".into(), Era::Central)
        );
        assert_eq!(slug_era("TW", None).0, "trung-uong");
    }

    #[test]
    fn unknown_names_suggest_the_closest() {
        let e = registry().resolve("Sơn Laa", None).unwrap_err();
        assert_eq!(e.closest.as_deref(), Some("Sơn La"));
        let msg = e.to_string();
        assert!(
            msg.contains("Sơn La\"?") && msg.contains("did you mean"),
            "{msg}"
        );
        let e = registry().resolve("tinh Son La", None).unwrap_err();
        assert_eq!(e.closest.as_deref(), Some("Sơn La"));
        let e = registry().resolve("Atlantis", None).unwrap_err();
        assert_eq!(e.closest, None);
        assert!(registry().resolve("", None).is_err());
        assert!(registry().resolve("Tỉnh", None).is_err());
    }
}
