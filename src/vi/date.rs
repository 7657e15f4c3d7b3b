//! Document dates: full (`12/5/2022`) or partial (`5/2023`, `2023`), always day first.
//!
//! One parser for every way a date reaches bantin (front matter, citations, imports), and
//! the display forms Vietnamese readers expect.

use std::fmt;
use std::sync::OnceLock;

use regex::Regex;
use serde::{Serialize, Serializer};

/// A calendar date that may lack its day or month, as many bulletins give only a year.
///
/// Ordering puts a partial date at the first day of its period ("2023" sorts as 1/1/2023,
/// before any full date of 2023).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocDate {
    year: u16,
    month: u8,
    day: u8,
    precision: Precision,
}

/// How much of a [`DocDate`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    /// Only the year.
    Year,
    /// Year and month.
    Month,
    /// Year, month and day.
    Day,
}

/// Why a text is not a valid date. The message is written for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct DateError {
    /// What is wrong, e.g. "tháng 2 năm 2024 chỉ có 29 ngày".
    pub reason: String,
}

fn err(reason: impl Into<String>) -> DateError {
    DateError {
        reason: reason.into(),
    }
}

/// Earliest and latest years accepted: the Party was founded in 1930, and anything far in
/// the future is a typo.
const YEARS: std::ops::RangeInclusive<u16> = 1930..=2100;

/// Number of days in `month` of `year` (Gregorian).
pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

impl DocDate {
    /// A full date, checked.
    pub fn ymd(year: u16, month: u8, day: u8) -> Result<Self, DateError> {
        check_year(year)?;
        check_month(month)?;
        let max = days_in_month(year, month);
        if day == 0 || day > max {
            return Err(err(format!(
                "ngày {day} không tồn tại: tháng {month} năm {year} chỉ có {max} ngày \
                 (day {day} does not exist: month {month} of {year} has {max} days)"
            )));
        }
        Ok(DocDate {
            year,
            month,
            day,
            precision: Precision::Day,
        })
    }

    /// A month of a year, checked.
    pub fn ym(year: u16, month: u8) -> Result<Self, DateError> {
        check_year(year)?;
        check_month(month)?;
        Ok(DocDate {
            year,
            month,
            day: 1,
            precision: Precision::Month,
        })
    }

    /// A year, checked.
    pub fn y(year: u16) -> Result<Self, DateError> {
        check_year(year)?;
        Ok(DocDate {
            year,
            month: 1,
            day: 1,
            precision: Precision::Year,
        })
    }

    /// Parses every form bantin accepts, always day first:
    /// `2022-05-12`, `2023-05`, `2023`, `12/5/2022`, `12-5-2022`, `12.5.2022`, `5/2023`,
    /// `ngày 12 tháng 5 năm 2022`, `tháng 5 năm 2023`, `năm 2023`.
    /// Month-first dates (`05/13/2024`) and impossible dates (`31/02/2024`) are rejected
    /// with the reason.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(err("ngày tháng trống (the date is empty)"));
        }
        let c = captures(t);
        if let Some(c) = c.iso.captures(t) {
            let y = num(&c[1])?;
            return match (c.get(2), c.get(3)) {
                (Some(m), Some(d)) => DocDate::ymd(y, num(m.as_str())?, num(d.as_str())?),
                (Some(m), None) => DocDate::ym(y, num(m.as_str())?),
                _ => DocDate::y(y),
            };
        }
        if let Some(c) = c.dmy.captures(t) {
            let (d, m, y): (u8, u8, u16) = (num(&c[1])?, num(&c[2])?, num(&c[3])?);
            if m > 12 && d <= 12 {
                return Err(err(format!(
                    "tháng {m} không tồn tại; ngày phải viết trước tháng: có phải là {m}/{d}/{y}? \
                     (month {m} does not exist; dates are day first, D/M/YYYY — did you mean {m}/{d}/{y}?)"
                )));
            }
            return DocDate::ymd(y, m, d);
        }
        if let Some(c) = c.my.captures(t) {
            return DocDate::ym(num(&c[2])?, num(&c[1])?);
        }
        if let Some(c) = c.words.captures(t) {
            let y = num(&c[3])?;
            return match (c.get(1), c.get(2)) {
                (Some(d), Some(m)) => DocDate::ymd(y, num(m.as_str())?, num(d.as_str())?),
                (None, Some(m)) => DocDate::ym(y, num(m.as_str())?),
                (None, None) => DocDate::y(y),
                (Some(_), None) => Err(err("thiếu tháng (the month is missing)")),
            };
        }
        Err(err(format!(
            "\"{t}\" không phải là ngày tháng hợp lệ (not a date): viết D/M/YYYY như 12/5/2022, \
             YYYY-MM-DD, M/YYYY hoặc YYYY"
        )))
    }

    /// The year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month, when known.
    pub fn month(&self) -> Option<u8> {
        (self.precision >= Precision::Month).then_some(self.month)
    }

    /// The day, when known.
    pub fn day(&self) -> Option<u8> {
        (self.precision == Precision::Day).then_some(self.day)
    }

    /// How much of the date is known.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// ISO 8601 as far as known: `2022-05-12`, `2023-05` or `2023`.
    pub fn iso(&self) -> String {
        match self.precision {
            Precision::Day => format!("{:04}-{:02}-{:02}", self.year, self.month, self.day),
            Precision::Month => format!("{:04}-{:02}", self.year, self.month),
            Precision::Year => format!("{:04}", self.year),
        }
    }

    /// A full ISO date, first day of the period for partial dates (for feeds and sitemaps).
    pub fn iso_full(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Short Vietnamese form: `12/5/2022`, `tháng 5/2023`, `năm 2023`.
    pub fn short(&self) -> String {
        match self.precision {
            Precision::Day => format!("{}/{}/{}", self.day, self.month, self.year),
            Precision::Month => format!("tháng {}/{}", self.month, self.year),
            Precision::Year => format!("năm {}", self.year),
        }
    }

    /// Long Vietnamese form: `ngày 12 tháng 5 năm 2022`, `tháng 5 năm 2023`, `năm 2023`.
    pub fn long(&self) -> String {
        match self.precision {
            Precision::Day => format!("ngày {} tháng {} năm {}", self.day, self.month, self.year),
            Precision::Month => format!("tháng {} năm {}", self.month, self.year),
            Precision::Year => format!("năm {}", self.year),
        }
    }

    /// The place-and-date line of an official document, zero-padding days below 10 and
    /// months 1–2 as the Party's presentation rules do: `Sơn La, ngày 05 tháng 02 năm 2022`.
    pub fn header_line(&self, place: &str) -> String {
        let month = if self.month <= 2 {
            format!("{:02}", self.month)
        } else {
            self.month.to_string()
        };
        let when = match self.precision {
            Precision::Day => format!("ngày {:02} tháng {month} năm {}", self.day, self.year),
            Precision::Month => format!("tháng {month} năm {}", self.year),
            Precision::Year => format!("năm {}", self.year),
        };
        if place.trim().is_empty() {
            when
        } else {
            format!("{}, {when}", place.trim())
        }
    }
}

impl fmt::Display for DocDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.short())
    }
}

impl Serialize for DocDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl std::str::FromStr for DocDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DocDate::parse(s)
    }
}

fn check_year(year: u16) -> Result<(), DateError> {
    if YEARS.contains(&year) {
        Ok(())
    } else {
        Err(err(format!(
            "năm {year} nằm ngoài khoảng {}–{} (year out of range)",
            YEARS.start(),
            YEARS.end()
        )))
    }
}

fn check_month(month: u8) -> Result<(), DateError> {
    if (1..=12).contains(&month) {
        Ok(())
    } else {
        Err(err(format!(
            "tháng {month} không tồn tại (month {month} does not exist; months are 1–12)"
        )))
    }
}

fn num<T: std::str::FromStr>(s: &str) -> Result<T, DateError> {
    s.parse().map_err(|_| {
        err(format!(
            "\"{s}\" không phải là số hợp lệ (not a valid number)"
        ))
    })
}

struct Patterns {
    iso: Regex,
    dmy: Regex,
    my: Regex,
    words: Regex,
}

fn captures(_: &str) -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        iso: Regex::new(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$").unwrap(),
        dmy: Regex::new(r"^(\d{1,2})\s*[/.\-‐‑–]\s*(\d{1,2})\s*[/.\-‐‑–]\s*(\d{4})$").unwrap(),
        // "5/2023", and "tháng 5/2023" as bantin itself prints a month.
        my: Regex::new(r"^(?i:tháng\s+)?(\d{1,2})\s*[/.\-]\s*(\d{4})$").unwrap(),
        words: Regex::new(r"(?i)^(?:ngày\s+(\d{1,2})\s+)?(?:tháng\s+(\d{1,2})\s+)?năm\s+(\d{4})$")
            .unwrap(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_accepted_form() {
        let d = DocDate::ymd(2022, 5, 12).unwrap();
        for s in [
            "2022-05-12",
            "12/5/2022",
            "12/05/2022",
            "12-5-2022",
            "12.5.2022",
            "ngày 12 tháng 5 năm 2022",
            "Ngày 12 tháng 05 năm 2022",
        ] {
            assert_eq!(DocDate::parse(s).unwrap(), d, "{s}");
        }
        assert_eq!(
            DocDate::parse("5/2023").unwrap(),
            DocDate::ym(2023, 5).unwrap()
        );
        assert_eq!(
            DocDate::parse("2023-05").unwrap(),
            DocDate::ym(2023, 5).unwrap()
        );
        assert_eq!(
            DocDate::parse("tháng 5 năm 2023").unwrap(),
            DocDate::ym(2023, 5).unwrap()
        );
        assert_eq!(DocDate::parse("2023").unwrap(), DocDate::y(2023).unwrap());
        assert_eq!(
            DocDate::parse("năm 2023").unwrap(),
            DocDate::y(2023).unwrap()
        );
    }

    #[test]
    fn what_short_prints_reads_back() {
        for d in [
            DocDate::ymd(2022, 5, 12).unwrap(),
            DocDate::ym(2023, 5).unwrap(),
            DocDate::y(2023).unwrap(),
        ] {
            assert_eq!(DocDate::parse(&d.short()).unwrap(), d, "{}", d.short());
        }
    }

    #[test]
    fn rejects_impossible_dates_with_the_reason() {
        let e = DocDate::parse("31/02/2024").unwrap_err();
        assert!(e.reason.contains("29"), "{}", e.reason);
        let e = DocDate::parse("29/2/2023").unwrap_err();
        assert!(e.reason.contains("28"), "{}", e.reason);
        let e = DocDate::parse("13/13/2024").unwrap_err();
        assert!(e.reason.contains("tháng 13"), "{}", e.reason);
        assert!(DocDate::parse("0/1/2024").is_err());
        assert!(DocDate::parse("1/1/1800").is_err());
        assert!(DocDate::parse("hôm qua").is_err());
    }

    #[test]
    fn rejects_month_first_dates_suggesting_the_fix() {
        let e = DocDate::parse("05/13/2024").unwrap_err();
        assert!(e.reason.contains("13/5/2024"), "{}", e.reason);
    }

    #[test]
    fn partial_dates_sort_first_in_their_period() {
        let y = DocDate::y(2023).unwrap();
        let m = DocDate::ym(2023, 1).unwrap();
        let d = DocDate::ymd(2023, 1, 1).unwrap();
        assert!(y < m && m < d);
        assert!(DocDate::ymd(2022, 12, 31).unwrap() < y);
    }

    #[test]
    fn displays_as_vietnamese_readers_expect() {
        let d = DocDate::ymd(2022, 5, 12).unwrap();
        assert_eq!(d.short(), "12/5/2022");
        assert_eq!(d.long(), "ngày 12 tháng 5 năm 2022");
        assert_eq!(d.header_line("Sơn La"), "Sơn La, ngày 12 tháng 5 năm 2022");
        assert_eq!(d.iso(), "2022-05-12");
        let d = DocDate::ymd(2024, 2, 5).unwrap();
        assert_eq!(
            d.header_line("Hà Tĩnh"),
            "Hà Tĩnh, ngày 05 tháng 02 năm 2024"
        );
        let d = DocDate::ymd(2024, 11, 5).unwrap();
        assert_eq!(d.header_line("Huế"), "Huế, ngày 05 tháng 11 năm 2024");
        assert_eq!(DocDate::y(2023).unwrap().short(), "năm 2023");
        assert_eq!(DocDate::ym(2023, 5).unwrap().short(), "tháng 5/2023");
        assert_eq!(DocDate::ym(2023, 5).unwrap().iso(), "2023-05");
    }
}
