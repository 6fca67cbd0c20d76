//! The `barograph` command: parses arguments, calls the library, prints diagnostics and
//! sets the exit code. Nothing else lives here.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// `println!` that does not panic when stdout is closed (`barograph build | head`).
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `eprint!` that does not panic when stderr is closed.
macro_rules! err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprintln!` that does not panic when stderr is closed.
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Build a survey barometer (press article, infographic PDF and website) from one
/// source of truth: data/*.yaml, content/**/*.md and templates/.
#[derive(Parser, Debug)]
#[command(
    name = "barograph",
    version,
    about,
    long_about = None,
    disable_help_subcommand = true,
    after_help = "Start a project with `barograph init`; `barograph help TOPIC` prints the format docs."
)]
struct Cli {
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more: the time spent in each stage of every build.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

/// The project folder: `--root`, else the nearest folder holding `site.yaml`, here or
/// above, else the current folder.
#[derive(clap::Args, Debug)]
struct Root {
    /// Project folder (holding site.yaml, data/, content/, templates/) [default: the
    /// nearest folder with a site.yaml, here or above].
    #[arg(short, long)]
    root: Option<PathBuf>,
}

impl Root {
    fn get(&self) -> PathBuf {
        self.root.clone().unwrap_or_else(|| {
            barograph::find_root(std::path::Path::new(".")).unwrap_or_else(|| PathBuf::from("."))
        })
    }
}

/// Where the project is and where the site goes.
#[derive(clap::Args, Debug)]
struct Paths {
    #[command(flatten)]
    root: Root,
    /// Output folder [default: <root>/output].
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Print the time spent in each stage of every build (as -v does).
    #[arg(long)]
    timings: bool,
}

/// Articles a preview may show although they are not published yet.
#[derive(clap::Args, Debug)]
struct Preview {
    /// Build drafts (`draft: true`) too, for a preview.
    #[arg(short = 'D', long)]
    drafts: bool,
    /// Build articles dated in the future (under embargo) too, for a preview; they
    /// carry a banner saying until when they are embargoed.
    #[arg(short = 'F', long)]
    future: bool,
}

impl Preview {
    fn publish(&self) -> barograph::model::Publish {
        barograph::model::Publish {
            drafts: self.drafts,
            future: self.future,
            now: None,
        }
    }
}

impl Paths {
    fn output(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.get().join("output"))
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output folder (replaced only if the build succeeds).
    Build {
        #[command(flatten)]
        paths: Paths,
        /// Public address of the site, overriding base_url in site.yaml
        /// (e.g. https://example.org/preview/ for a copy served under a sub-path).
        #[arg(short = 'u', long, value_name = "URL")]
        base_url: Option<String>,
        #[command(flatten)]
        preview: Preview,
    },
    /// Build, then serve the site on 127.0.0.1 and rebuild when inputs change
    /// (pages reload by themselves; a failed build shows as an overlay).
    Serve {
        #[command(flatten)]
        paths: Paths,
        /// Port to listen on (0 picks a free one).
        #[arg(short, long, default_value_t = 8000)]
        port: u16,
        /// Address to listen on (0.0.0.0 for other devices of the network; requests must
        /// name localhost or an IP address).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the browser once it is built.
        #[arg(long)]
        open: bool,
        #[command(flatten)]
        preview: Preview,
    },
    /// Build, then rebuild whenever an input changes, without serving.
    Watch {
        #[command(flatten)]
        paths: Paths,
        #[command(flatten)]
        preview: Preview,
    },
    /// Validate and render everything, but write nothing.
    Check {
        #[command(flatten)]
        root: Root,
        /// Treat missing disclosure items (sponsor, sample design, mode, weighting, a
        /// figure's base) as errors.
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        preview: Preview,
    },
    /// Start a project in DIR (default: here): site.yaml, a survey with made-up
    /// figures, an article, a quotation and a .gitignore, commented; it builds at once.
    Init {
        /// Folder of the new project (created if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Language of the site and of the starter files: fr or en.
        #[arg(short, long, default_value = "fr", value_parser = ["fr", "en"])]
        language: String,
    },
    /// Add an article (as a draft) or a survey skeleton to the project.
    New {
        #[command(subcommand)]
        what: New,
    },
    /// The theme: copy a default template into the project, to edit it.
    Theme {
        #[command(subcommand)]
        what: Theme,
    },
    /// Print the completion script of SHELL (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the help of a command, or a page of the documentation (TOPIC: site,
    /// data-format, content-format, commentary, templates, website, infographic, builds).
    Help {
        /// A command or a documentation topic.
        topic: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum New {
    /// content/articles/NAME.md, a draft presenting the latest survey.
    Article {
        /// Its name, which gives its file name and address (`resultats-2027`).
        name: String,
        #[command(flatten)]
        root: Root,
    },
    /// data/NAME.yaml, every key to fill in and no figure yet.
    Survey {
        /// Its name, which gives its id and file name (`barometre-2027`).
        name: String,
        #[command(flatten)]
        root: Root,
    },
}

#[derive(Subcommand, Debug)]
enum Theme {
    /// Copy the default theme's FILE (`article.html`, `assets/style.css`,
    /// `locales/fr.yaml`…) into the project's templates/ folder.
    Eject {
        /// The file, as under templates/.
        file: String,
        #[command(flatten)]
        root: Root,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let quiet = cli.quiet;
    match &cli.command {
        Command::Serve {
            paths,
            port,
            bind,
            open,
            preview,
        } => {
            let listen = Listen {
                port: *port,
                bind: *bind,
                open: *open,
            };
            return serve(paths, Some(listen), preview, (color, cli.verbose));
        }
        Command::Watch { paths, preview } => {
            return serve(paths, None, preview, (color, cli.verbose));
        }
        Command::Init { dir, language } => {
            let next = match dir.as_os_str() == "." {
                true => {
                    "next: barograph serve (then edit data/, content/ and site.yaml)".to_string()
                }
                false => format!(
                    "next: cd {} && barograph serve (then edit data/, content/ and site.yaml)",
                    shown(dir)
                ),
            };
            return created(barograph::init(dir, language), Some(&next), quiet, color);
        }
        Command::New { what } => {
            let made = match what {
                New::Article { name, root } => barograph::new_article(&root.get(), name, today()),
                New::Survey { name, root } => barograph::new_survey(&root.get(), name),
            };
            return created(made.map(|p| vec![p]), None, quiet, color);
        }
        Command::Theme {
            what: Theme::Eject { file, root },
        } => {
            return created(
                barograph::eject(&root.get(), file).map(|p| vec![p]),
                None,
                quiet,
                color,
            );
        }
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut command, "barograph", &mut std::io::stdout());
            return ExitCode::SUCCESS;
        }
        Command::Help { topic } => return help(topic.as_deref()),
        _ => {}
    }
    let mut show_timings = cli.verbose;
    let result = match &cli.command {
        Command::Build {
            paths,
            base_url,
            preview,
        } => {
            show_timings |= paths.timings;
            let output = paths.output();
            let opts = barograph::BuildOptions {
                root: paths.root.get(),
                output: output.clone(),
                base_url: base_url.clone(),
                publish: preview.publish(),
            };
            barograph::build(&opts).map(|r| (r, Some(format!("into {}", shown(&output)))))
        }
        Command::Check {
            root,
            strict,
            preview,
        } => barograph::check_with(&root.get(), *strict, preview.publish()).map(|r| (r, None)),
        _ => unreachable!("handled above"),
    };
    match result {
        Ok((report, place)) => {
            if quiet {
                return ExitCode::SUCCESS;
            }
            if !report.warnings.is_empty() {
                err!("{}", report.sources.render(&report.warnings, color));
            }
            for (source, why) in &report.held {
                out!("held back: {source} ({why})");
            }
            out!("{}", summary(&report, place.as_deref()));
            if show_timings {
                print_timings(&report);
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            err!("{}", failure.sources.render(&failure.diagnostics, color));
            let n = failure.diagnostics.error_count();
            if matches!(cli.command, Command::Check { .. }) {
                errln!(
                    "error: check found {n} error{}; nothing was written",
                    plural(n)
                );
            } else {
                errln!(
                    "error: build failed with {n} error{}; the previous output is unchanged",
                    plural(n)
                );
            }
            ExitCode::FAILURE
        }
    }
}

/// One line: what was built (or checked), what the build had to redo, and how long it took.
fn summary(r: &barograph::BuildReport, place: Option<&str>) -> String {
    let mut work = match place {
        Some(_) => format!(
            "{} written, {} Typst compile{}, {} from cache",
            r.written,
            r.compiled,
            plural(r.compiled),
            r.cached
        ),
        None => format!(
            "{} Typst compile{}; nothing written",
            r.compiled,
            plural(r.compiled)
        ),
    };
    if r.waited.as_millis() >= 100 {
        work.push_str(&format!(
            "; waited {:.1} s for another build",
            r.waited.as_secs_f64()
        ));
    }
    let (verb, place) = match place {
        Some(p) => ("built", format!(" {p}")),
        None => ("checked", String::new()),
    };
    format!(
        "{verb} {} article{}, {} page{}, {} PDF{} ({} files, {}; {work}){place} in {:.0} ms",
        r.articles,
        plural(r.articles),
        r.pages,
        plural(r.pages),
        r.pdfs,
        plural(r.pdfs),
        r.files,
        human_bytes(r.bytes),
        r.elapsed.as_secs_f64() * 1000.0
    )
}

/// Where `serve` listens, and whether it opens the browser.
struct Listen {
    port: u16,
    bind: std::net::IpAddr,
    open: bool,
}

/// `serve` (with where to listen) or `watch` (without): build, then rebuild on every
/// change until interrupted. Build errors are printed and, when serving, shown in the
/// browser.
fn serve(
    paths: &Paths,
    listen: Option<Listen>,
    preview: &Preview,
    (color, verbose): (bool, bool),
) -> ExitCode {
    let output = paths.output();
    let timings = paths.timings || verbose;
    let root = paths.root.get();
    let opts = barograph::BuildOptions {
        root: root.clone(),
        output: output.clone(),
        base_url: None,
        publish: preview.publish(),
    };
    let running = match listen
        .as_ref()
        .map(|l| {
            let options = barograph::serve::Options {
                bind: l.bind,
                port: l.port,
                base_path: barograph::serve::base_path_of(&root),
            };
            barograph::serve::start_with(&root, &output, &options)
        })
        .transpose()
    {
        Ok(r) => r,
        Err(d) => {
            err!(
                "{}",
                barograph::diagnostics::Sources::new().render(&d.into(), color)
            );
            return ExitCode::FAILURE;
        }
    };
    if let Some(r) = &running {
        out!("serving {} (Ctrl-C to stop)", r.url);
        if listen.as_ref().is_some_and(|l| l.bind.is_unspecified()) {
            out!(
                "listening on every address of this machine: from another device, use its address instead of 127.0.0.1"
            );
        }
    }
    let mut open = listen.as_ref().is_some_and(|l| l.open);
    let result = barograph::serve::watch::run(&opts, |rebuild| {
        let took = rebuild.noticed.elapsed().as_secs_f64() * 1000.0;
        let changed: Vec<String> = rebuild.changed.iter().map(|p| shown(p)).collect();
        let cause = if changed.is_empty() {
            String::new()
        } else {
            format!(" after {}", changed.join(", "))
        };
        match rebuild.result {
            Ok(report) => {
                if !report.warnings.is_empty() {
                    err!("{}", report.sources.render(&report.warnings, color));
                }
                out!(
                    "{}{cause} ({took:.0} ms from the change)",
                    summary(&report, Some(&format!("into {}", shown(&output))))
                );
                if timings {
                    print_timings(&report);
                }
                if let Some(r) = &running {
                    r.hub.built();
                    if std::mem::take(&mut open) {
                        let url = r.url.clone();
                        barograph::serve::browser::open(&r.url, move || {
                            errln!("warning: cannot open a browser here; open {url} yourself");
                        });
                    }
                }
            }
            Err(failure) => {
                let text = failure.sources.render(&failure.diagnostics, false);
                err!("{}", failure.sources.render(&failure.diagnostics, color));
                errln!("error: build failed{cause}; still serving the previous output");
                if let Some(r) = &running {
                    r.hub.failed(text);
                }
            }
        }
        let _ = std::io::Write::flush(&mut std::io::stdout());
        true
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            err!(
                "{}",
                barograph::diagnostics::Sources::new().render(&d.into(), color)
            );
            ExitCode::FAILURE
        }
    }
}

/// Print the files a command created (or its errors); `next` says what to do then.
fn created(
    result: Result<Vec<PathBuf>, barograph::diagnostics::Diagnostics>,
    next: Option<&str>,
    quiet: bool,
    color: bool,
) -> ExitCode {
    match result {
        Ok(paths) => {
            if !quiet {
                for p in &paths {
                    out!("created {}", shown(p));
                }
                if let Some(next) = next {
                    out!("{next}");
                }
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            err!(
                "{}",
                barograph::diagnostics::Sources::new().render(&d, color)
            );
            ExitCode::FAILURE
        }
    }
}

/// `barograph help [TOPIC]`: a command's help, or a page of the documentation.
fn help(topic: Option<&str>) -> ExitCode {
    let mut command = <Cli as clap::CommandFactory>::command();
    // Subcommands' usage lines then start with `barograph`.
    command.build();
    let Some(topic) = topic else {
        let _ = command.print_help();
        out!(
            "\nDocumentation topics (barograph help TOPIC):\n{}",
            barograph::help::list()
        );
        return ExitCode::SUCCESS;
    };
    if let Some(sub) = command.find_subcommand_mut(topic) {
        let _ = sub.print_help();
        return ExitCode::SUCCESS;
    }
    match barograph::help::topic(topic) {
        Some(page) => {
            out!("{page}");
            ExitCode::SUCCESS
        }
        None => {
            let hint = match barograph::help::closest(topic) {
                Some(best) => format!("did you mean `{best}`? The topics are:"),
                None => "the topics are:".to_string(),
            };
            errln!(
                "error: no help topic `{}`\n  = hint: {hint}\n{}",
                barograph::diagnostics::visible(topic),
                barograph::help::list()
            );
            ExitCode::from(2)
        }
    }
}

/// Today's date (UTC), for a new article.
fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

fn print_timings(report: &barograph::BuildReport) {
    for (stage, time) in &report.timings {
        out!("  {stage:<26} {:>8.1} ms", time.as_secs_f64() * 1000.0);
    }
}

/// A path as it may be printed: control characters (an escape sequence in a file name)
/// shown, not sent to the terminal.
fn shown(path: &std::path::Path) -> String {
    barograph::diagnostics::visible(&path.display().to_string()).into_owned()
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn human_bytes(b: u64) -> String {
    match b {
        0..1024 => format!("{b} B"),
        1024..1_048_576 => format!("{:.1} KiB", b as f64 / 1024.0),
        _ => format!("{:.1} MiB", b as f64 / 1_048_576.0),
    }
}
