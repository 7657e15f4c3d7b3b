//! The `bantin` command line: parses arguments and hands over to the library.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use bantin::{BuildOptions, Diagnostic, Error};

/// A build allocates many small strings on two threads at once; glibc malloc spent a quarter
/// of the CPU time of a 10,000-document build, mimalloc a fraction of that (bench/bench.py).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// bantin — trình tạo trang tĩnh cho văn bản "học tập và làm theo tư tưởng, đạo đức, phong
/// cách Hồ Chí Minh" (a static site generator for Party bulletins).
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into DIR/public (or --output).
    Build {
        /// Site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: ROOT/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Include drafts ("Dự thảo").
        #[arg(long)]
        drafts: bool,
        /// Absolute URL the site is published at (overrides config.toml).
        #[arg(long)]
        base_url: Option<String>,
        /// Write into a non-empty folder bantin did not create (its files are kept).
        #[arg(long)]
        force: bool,
        /// Print the wall time of each build stage.
        #[arg(long)]
        timings: bool,
    },
    /// Check everything a build would, and every internal link; write nothing.
    Check {
        /// Site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new site in DIR.
    Init {
        /// Folder to create.
        dir: PathBuf,
    },
    /// Turn raw bulletins (.txt, .html) into documents, one per input, with a report of
    /// every front-matter value inferred and every one left out.
    Import {
        /// Input files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Folder to write the documents into.
        #[arg(long, default_value = "content")]
        into: PathBuf,
        /// Replace documents that already exist.
        #[arg(long)]
        force: bool,
        /// Write nothing; show the report and the front matter that would be written.
        #[arg(long)]
        dry_run: bool,
    },
    /// Serve the site with drafts on a local address; rebuild on every change and update the
    /// browser (errors show over the last good page).
    Serve {
        /// Site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Port; the next free one is used when it is busy.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal();
    match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            base_url,
            force,
            timings,
        } => {
            let started = std::time::Instant::now();
            if timings {
                bantin::timing::enable();
            }
            match bantin::build(
                &root,
                output.as_deref(),
                BuildOptions {
                    drafts,
                    base_url,
                    ..Default::default()
                },
                force,
            ) {
                Ok(report) => {
                    print_diagnostics(&report.warnings, &root, color);
                    if report.citation_issues > 0 {
                        eprintln!(
                            "{} trích dẫn chưa xác định được văn bản chỉ đạo; `bantin check` liệt kê từng trích dẫn",
                            report.citation_issues
                        );
                    }
                    eprintln!(
                        "Đã tạo {} văn bản, {} tệp vào {} trong {:.2} s ({} cảnh báo)",
                        report.documents,
                        report.files,
                        report.output.display(),
                        started.elapsed().as_secs_f64(),
                        report.warnings.len()
                    );
                    if timings {
                        print_timings(started.elapsed());
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e, &root, color),
            }
        }
        Command::Check { root } => match bantin::check::check(&root) {
            Ok(report) => {
                print_diagnostics(&report.diagnostics, &root, color);
                let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
                eprintln!(
                    "Đã kiểm tra {} văn bản, {} trang, {} liên kết: {} lỗi, {} cảnh báo",
                    report.documents,
                    report.pages,
                    report.links,
                    errors,
                    report.diagnostics.len() - errors
                );
                if errors == 0 {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                }
            }
            Err(e) => fail(e, &root, color),
        },
        Command::Init { dir } => match bantin::init(&dir) {
            Ok(()) => {
                eprintln!(
                    "Đã tạo trang mới trong {}; chạy `bantin build --root {}`",
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail(e, &dir, color),
        },
        Command::Import {
            files,
            into,
            force,
            dry_run,
        } => {
            let options = bantin::import::Options {
                into,
                force,
                dry_run,
                progress: color,
            };
            let results = bantin::import::import_files(&files, &options);
            for r in &results {
                print!("{}", r.render(dry_run));
            }
            let ok = results.iter().filter(|r| r.is_ok()).count();
            eprintln!(
                "Đã nhập {ok}/{} tệp{}",
                results.len(),
                if dry_run {
                    " (chạy thử, chưa ghi)"
                } else {
                    ""
                }
            );
            if ok == results.len() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::Serve {
            root,
            bind,
            port,
            open,
        } => serve(root, bind, port, open, color),
    }
}

fn serve(root: PathBuf, bind: std::net::IpAddr, port: u16, open: bool, color: bool) -> ExitCode {
    let options = bantin::serve::ServeOptions {
        root: root.clone(),
        bind,
        port,
        open,
        ..Default::default()
    };
    match bantin::serve::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e, &root, color),
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic], root: &Path, color: bool) {
    for d in diagnostics {
        eprintln!("{}", bantin::report::format(d, root, color));
    }
}

fn fail(e: Error, root: &Path, color: bool) -> ExitCode {
    let diagnostics = e.diagnostics();
    print_diagnostics(&diagnostics, root, color);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    eprintln!("Thất bại: {errors} lỗi; không có tệp nào được ghi (failed: nothing was written)");
    ExitCode::FAILURE
}

/// The stage table of `build --timings`: wall and CPU time of each stage, in order.
fn print_timings(total: std::time::Duration) {
    eprintln!("{:<40} {:>9} {:>9}", "giai đoạn (stage)", "ms", "CPU ms");
    for s in bantin::timing::take() {
        eprintln!(
            "{:<40} {:>9.1} {:>9.1}",
            s.name,
            s.wall.as_secs_f64() * 1000.0,
            s.cpu.as_secs_f64() * 1000.0
        );
    }
    eprintln!(
        "{:<40} {:>9.1} {:>9.1}",
        "tổng (total)",
        total.as_secs_f64() * 1000.0,
        bantin::timing::process_cpu().as_secs_f64() * 1000.0
    );
}
