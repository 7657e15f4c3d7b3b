//! A small inline SVG bar chart, rendered at build time (no JavaScript, prints well).

use std::collections::BTreeMap;
use std::fmt::Write;

/// Bars of documents per year, every year from the first to the last shown (gaps as zero),
/// with a text alternative for screen readers.
pub fn bar_chart(per_year: &BTreeMap<u16, usize>) -> String {
    let (Some((&first, _)), Some((&last, _))) =
        (per_year.first_key_value(), per_year.last_key_value())
    else {
        return String::new();
    };
    let years: Vec<u16> = (first..=last).collect();
    let max = per_year.values().copied().max().unwrap_or(1).max(1);
    let (bar_w, gap, height, label_h) = (28usize, 8usize, 120usize, 34usize);
    let width = years.len() * (bar_w + gap) + gap;
    let summary: Vec<String> = per_year.iter().map(|(y, n)| format!("{y}: {n}")).collect();
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"bieu-do\" role=\"img\" viewBox=\"0 0 {width} {}\" width=\"{width}\" height=\"{}\" xmlns=\"http://www.w3.org/2000/svg\"><title>Số văn bản theo năm: {}</title>",
        height + label_h,
        height + label_h,
        summary.join(", ")
    );
    for (i, y) in years.iter().enumerate() {
        let n = per_year.get(y).copied().unwrap_or(0);
        let h = if n == 0 {
            0
        } else {
            (n * (height - 16) / max).max(2)
        };
        let x = gap + i * (bar_w + gap);
        let top = height - h;
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{top}\" width=\"{bar_w}\" height=\"{h}\" fill=\"#a50e0e\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#222\">{n}</text><text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#222\">{y}</text>",
            x + bar_w / 2,
            top.saturating_sub(3).max(10),
            x + bar_w / 2,
            height + 16
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bar_per_year_including_gaps() {
        let mut m = BTreeMap::new();
        m.insert(2019, 3);
        m.insert(2021, 1);
        let svg = bar_chart(&m);
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains("2020"));
        assert!(svg.contains("<title>Số văn bản theo năm: 2019: 3, 2021: 1</title>"));
        assert_eq!(bar_chart(&BTreeMap::new()), "");
    }
}
