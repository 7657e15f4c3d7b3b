//! Themes: Tera templates, static files and UI strings, with the default theme embedded in
//! the binary so a bare `content/` folder builds.
//!
//! Lookup order for a template: the site's own `templates/`, then `themes/<theme>/templates/`
//! on disk, then the embedded default theme.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use tera::{Tera, Value};

use crate::error::Diagnostic;
use crate::vi::DocDate;

/// The default theme, compiled in.
static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Bytes of a static file, from the binary or from disk.
#[derive(Debug, Clone)]
pub enum StaticFile {
    /// Embedded in the binary.
    Embedded(&'static [u8]),
    /// A file on disk.
    Disk(PathBuf),
}

/// A loaded theme: compiled templates, strings and static files.
pub struct Theme {
    /// Compiled templates.
    pub tera: Tera,
    /// UI strings (`t` in templates).
    pub strings: Value,
    /// Static files by output path (`static/css/style.css`).
    pub static_files: BTreeMap<String, StaticFile>,
    /// Where each template came from, to locate errors.
    sources: HashMap<String, (PathBuf, String)>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("templates", &self.sources.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Theme {
    /// Loads the theme named `name` for the site in `root`.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let mut templates: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        let mut static_files = BTreeMap::new();
        let mut strings_sources: Vec<(PathBuf, String)> = Vec::new();
        let mut errors = Vec::new();

        if let Some(dir) = DEFAULT_THEME.get_dir("templates") {
            for f in dir.files() {
                if let (Some(text), Some(fname)) = (f.contents_utf8(), f.path().file_name()) {
                    let n = fname.to_string_lossy().into_owned();
                    templates.insert(
                        n.clone(),
                        (
                            PathBuf::from("(built-in)/themes/default/templates").join(&n),
                            text.to_string(),
                        ),
                    );
                }
            }
        }
        embedded_static(&DEFAULT_THEME, &mut static_files);
        if let Some(f) = DEFAULT_THEME.get_file("strings.toml") {
            strings_sources.push((
                PathBuf::from("(built-in)/themes/default/strings.toml"),
                f.contents_utf8().unwrap_or_default().to_string(),
            ));
        }

        let theme_dir = root.join("themes").join(name);
        if theme_dir.is_dir() {
            read_templates(
                root,
                &theme_dir.join("templates"),
                &mut templates,
                &mut errors,
            );
            disk_static(&theme_dir.join("static"), &mut static_files);
            let strings = theme_dir.join("strings.toml");
            if let Ok(text) = std::fs::read_to_string(&strings) {
                strings_sources.push((crate::content::relative(root, &strings), text));
            }
        } else if name != "default" {
            errors.push(
                Diagnostic::error(format!("không tìm thấy giao diện \"{name}\" (theme not found in themes/{name}/)"))
                    .in_file("config.toml")
                    .with_help("create themes/<name>/templates/, or remove `theme =` to use the built-in default theme"),
            );
        }
        read_templates(root, &root.join("templates"), &mut templates, &mut errors);

        let strings = merge_strings(&strings_sources, &mut errors);
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default escaper also turns `/` into `&#x2F;`, which bloats every URL;
        // escaping `& < > " '` is what HTML text and quoted attributes need.
        tera.set_escape_fn(escape_html);
        register_filters(&mut tera);
        let raw: Vec<(String, String)> = templates
            .iter()
            .map(|(n, (_, t))| (n.clone(), t.clone()))
            .collect();
        if let Err(e) = tera.add_raw_templates(raw) {
            errors.push(template_error(&e, &templates, None));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Theme {
            tera,
            strings,
            static_files,
            sources: templates.into_iter().collect(),
        })
    }

    /// True if the theme has a template of this name.
    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Renders `name`; an error names the template, its line where it can be found, and the
    /// page being rendered.
    pub fn render(
        &self,
        name: &str,
        ctx: &tera::Context,
        page: &str,
    ) -> Result<String, Diagnostic> {
        let mut bytes = self.render_bytes(name, ctx, page)?;
        // Kept strings (list entries) should not carry render_bytes' head room.
        bytes.shrink_to_fit();
        // Tera writes only UTF-8 (its templates and values are `str`).
        Ok(String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }

    /// [`Theme::render`] as bytes, for pages written straight to the output: skips the UTF-8
    /// re-validation Tera does for a `String` (a few per cent of a large build).
    pub fn render_bytes(
        &self,
        name: &str,
        ctx: &tera::Context,
        page: &str,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(16 * 1024);
        self.tera.render_to(name, ctx, &mut out).map_err(|e| {
            let sources: BTreeMap<String, (PathBuf, String)> = self
                .sources
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            template_error(&e, &sources, Some((name, page)))
        })?;
        Ok(out)
    }
}

fn embedded_static(dir: &'static Dir<'static>, out: &mut BTreeMap<String, StaticFile>) {
    for f in dir.files() {
        let path = f.path().to_string_lossy().replace('\\', "/");
        if let Some(rel) = path.strip_prefix("static/") {
            out.insert(format!("static/{rel}"), StaticFile::Embedded(f.contents()));
        }
    }
    for d in dir.dirs() {
        embedded_static(d, out);
    }
}

/// Adds every file under `dir` as `static/<relative path>`.
pub fn disk_static(dir: &Path, out: &mut BTreeMap<String, StaticFile>) {
    if !dir.is_dir() {
        return;
    }
    for e in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
    {
        if e.file_type().is_file() {
            if let Ok(rel) = e.path().strip_prefix(dir) {
                out.insert(
                    format!("static/{}", rel.to_string_lossy().replace('\\', "/")),
                    StaticFile::Disk(e.path().to_path_buf()),
                );
            }
        }
    }
}

fn read_templates(
    root: &Path,
    dir: &Path,
    out: &mut BTreeMap<String, (PathBuf, String)>,
    errors: &mut Vec<Diagnostic>,
) {
    if !dir.is_dir() {
        return;
    }
    for e in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
    {
        if !e.file_type().is_file() {
            continue;
        }
        let Ok(rel) = e.path().strip_prefix(dir) else {
            continue;
        };
        let name = rel.to_string_lossy().replace('\\', "/");
        // Editors' swap and backup files (`.base.html.swp`, `base.html~`) are not templates.
        let file_name = e.file_name().to_string_lossy();
        if file_name.starts_with('.') || file_name.ends_with('~') {
            continue;
        }
        match std::fs::read(e.path())
            .map_err(|e| e.to_string())
            .and_then(|b| crate::content::decode(&b).map_err(|d| d.message))
        {
            Ok(text) => {
                out.insert(name, (crate::content::relative(root, e.path()), text));
            }
            Err(why) => errors.push(
                Diagnostic::error(format!("không đọc được mẫu (cannot read template): {why}"))
                    .in_file(crate::content::relative(root, e.path())),
            ),
        }
    }
}

fn merge_strings(sources: &[(PathBuf, String)], errors: &mut Vec<Diagnostic>) -> Value {
    let mut merged = serde_json::Map::new();
    for (path, text) in sources {
        match toml::from_str::<toml::Table>(text) {
            Ok(table) => {
                for (k, v) in table {
                    if let Ok(v) = serde_json::to_value(v) {
                        merged.insert(k, v);
                    }
                }
            }
            Err(e) => errors.push(
                Diagnostic::error(format!("strings.toml không hợp lệ: {}", e.message()))
                    .in_file(path),
            ),
        }
    }
    Value::Object(merged)
}

/// Turns a Tera error into a diagnostic naming the template file and line.
fn template_error(
    e: &tera::Error,
    sources: &BTreeMap<String, (PathBuf, String)>,
    rendering: Option<(&str, &str)>,
) -> Diagnostic {
    let mut chain = vec![e.to_string()];
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        chain.push(s.to_string());
        src = s.source();
    }
    let full = chain.join(": ");
    // The template at fault: the innermost one quoted in the message, else the one rendered.
    let name = chain
        .iter()
        .rev()
        .find_map(|m| quoted_template(m, sources))
        .or_else(|| rendering.map(|(n, _)| n.to_string()));
    let mut d = Diagnostic::error(match rendering {
        Some((_, page)) => format!("lỗi mẫu khi tạo trang {page} (template error): {full}"),
        None => format!("lỗi mẫu (template error): {full}"),
    })
    .with_help("fix the template named here; `bantin check` lists every template error");
    if let Some(name) = name {
        if let Some((path, text)) = sources.get(&name) {
            d = d.in_file(path);
            if let Some((line, col)) = parse_position(&full).or_else(|| guess_line(&full, text)) {
                d = d.at(line, col);
            }
        }
    }
    d
}

fn quoted_template(msg: &str, sources: &BTreeMap<String, (PathBuf, String)>) -> Option<String> {
    msg.split('\'')
        .skip(1)
        .step_by(2)
        .find(|s| sources.contains_key(*s))
        .map(str::to_string)
}

/// Tera's parse errors carry ` --> line:col`.
fn parse_position(msg: &str) -> Option<(usize, usize)> {
    let at = msg.find("--> ")?;
    let rest = &msg[at + 4..];
    let mut parts = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty());
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// Tera's render errors name a variable or filter in backquotes but no line: find the first
/// line of the template that mentions it.
fn guess_line(msg: &str, text: &str) -> Option<(usize, usize)> {
    msg.split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| !s.is_empty())
        .find_map(|needle| {
            text.lines().enumerate().find_map(|(i, line)| {
                line.find(needle)
                    .map(|c| (i + 1, line[..c].chars().count() + 1))
            })
        })
}

/// Escapes text for HTML element content and quoted attribute values.
fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

fn register_filters(tera: &mut Tera) {
    // `{{ doc.date_iso | vi_date(format="long") }}`; formats: short, long, header (with place).
    tera.register_filter(
        "vi_date",
        |v: &Value, args: &HashMap<String, Value>| -> tera::Result<Value> {
            let s = v
                .as_str()
                .ok_or_else(|| tera::Error::msg("vi_date expects an ISO date string"))?;
            let d = DocDate::parse(s).map_err(|e| tera::Error::msg(e.to_string()))?;
            let format = args
                .get("format")
                .and_then(Value::as_str)
                .unwrap_or("short");
            Ok(Value::String(match format {
                "long" => d.long(),
                "header" => d.header_line(args.get("place").and_then(Value::as_str).unwrap_or("")),
                "iso" => d.iso(),
                _ => d.short(),
            }))
        },
    );
    // `{{ names | vi_sort }}` or `{{ terms | vi_sort(attribute="name") }}`: Vietnamese order.
    tera.register_filter(
        "vi_sort",
        |v: &Value, args: &HashMap<String, Value>| -> tera::Result<Value> {
            let mut items = v
                .as_array()
                .cloned()
                .ok_or_else(|| tera::Error::msg("vi_sort expects a list"))?;
            let attr = args
                .get("attribute")
                .and_then(Value::as_str)
                .map(str::to_string);
            let key = |x: &Value| -> String {
                let v = match &attr {
                    Some(a) => a
                        .split('.')
                        .try_fold(x, |acc, k| acc.get(k))
                        .unwrap_or(&Value::Null),
                    None => x,
                };
                v.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| v.to_string())
            };
            items.sort_by(|a, b| crate::vi::collate::compare(&key(a), &key(b)));
            Ok(Value::Array(items))
        },
    );
    tera.register_filter(
        "vi_slug",
        |v: &Value, _: &HashMap<String, Value>| -> tera::Result<Value> {
            Ok(Value::String(crate::vi::slugify(
                v.as_str().unwrap_or_default(),
            )))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_format_dates_and_sort_vietnamese() {
        let mut tera = Tera::default();
        register_filters(&mut tera);
        tera.add_raw_template(
            "t",
            "{{ d | vi_date }}|{{ d | vi_date(format=\"long\") }}|{{ d | vi_date(format=\"header\", place=\"Sơn La\") }}|{% for n in names | vi_sort %}{{ n }},{% endfor %}",
        )
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("d", "2022-02-05");
        ctx.insert(
            "names",
            &["Điện Biên", "Đà Nẵng", "Yên Bái", "An Giang", "Dak"],
        );
        let out = tera.render("t", &ctx).unwrap();
        assert_eq!(
            out,
            "5/2/2022|ngày 5 tháng 2 năm 2022|Sơn La, ngày 05 tháng 02 năm 2022|An Giang,Dak,Đà Nẵng,Điện Biên,Yên Bái,"
        );
    }

    #[test]
    fn render_errors_name_template_and_line() {
        let mut sources = BTreeMap::new();
        sources.insert(
            "x.html".to_string(),
            (
                PathBuf::from("templates/x.html"),
                "a\n{{ doc.missing }}\n".to_string(),
            ),
        );
        let mut tera = Tera::default();
        tera.add_raw_template("x.html", "a\n{{ doc.missing }}\n")
            .unwrap();
        let err = tera.render("x.html", &tera::Context::new()).unwrap_err();
        let d = template_error(&err, &sources, Some(("x.html", "/van-ban/a/")));
        assert_eq!(d.file.as_deref(), Some(Path::new("templates/x.html")));
        assert_eq!(d.line, Some(2));
        assert!(d.message.contains("/van-ban/a/"));
    }
}
