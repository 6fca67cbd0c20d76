//! Diagnostics: the one error type every stage returns, and its rendering.
//!
//! A [`Diagnostic`] names what went wrong (lowercase, cause in parentheses), where
//! (`file:line:column`, 1-based, relative to the project root) and, on its own line,
//! what to do about it. Stages collect diagnostics instead of stopping at the first, so
//! one run reports every problem it can see. [`Sources`] keeps the text of every file
//! read so the renderer can show the offending line.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

/// How serious a diagnostic is. Only errors fail a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot succeed.
    Error,
    /// Worth a look; the build goes on.
    Warning,
}

/// A 1-based position in a file, counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Position {
    /// A position from a 1-based line and column.
    pub fn new(line: usize, column: usize) -> Self {
        Position { line, column }
    }

    /// The position of byte `offset` in `text` (clamped to the text).
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }
}

/// One problem found in the project, with where it is and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, lowercase, cause in parentheses.
    pub message: String,
    /// The file, relative to the project root, if the problem is in one.
    pub file: Option<PathBuf>,
    /// Where in the file, if known.
    pub position: Option<Position>,
    /// How many characters the offending text spans (at least 1).
    pub length: usize,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error with a message and nothing else yet.
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: None,
            position: None,
            length: 1,
            hint: None,
        }
    }

    /// A warning with a message.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Attach the file the problem is in.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Attach a position in the file.
    pub fn at(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    /// Attach a line and column (1-based).
    pub fn at_line_col(self, line: usize, column: usize) -> Self {
        self.at(Position::new(line, column))
    }

    /// Set how many characters to underline.
    pub fn spanning(mut self, length: usize) -> Self {
        self.length = length.max(1);
        self
    }

    /// Attach a hint saying what to do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, or as much of it as is known.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?;
        let file = display_path(file);
        Some(match self.position {
            Some(p) => format!("{file}:{}:{}", p.line, p.column),
            None => file,
        })
    }
}

impl fmt::Display for Diagnostic {
    /// One plain line per part: `error: message`, ` --> file:line:col`, `hint: …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}", visible(&self.message))?;
        if let Some(location) = self.location() {
            write!(f, "\n  --> {}", visible(&location))?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {}", visible_hints(hint))?;
        }
        Ok(())
    }
}

/// Separates several hints in one (Typst gives several).
pub const HINT_SEPARATOR: &str = "\n  = hint: ";

/// A hint, or several joined by [`HINT_SEPARATOR`], each made [`visible`].
fn visible_hints(hint: &str) -> String {
    hint.split(HINT_SEPARATOR)
        .map(|h| visible(h).into_owned())
        .collect::<Vec<_>>()
        .join(HINT_SEPARATOR)
}

/// `text` safe to print on a terminal: control characters (an escape sequence in a file
/// name could clear the screen or forge a line) and bidirectional overrides (which could
/// reorder what is shown) are written as `\u{1b}`.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A path shown with forward slashes, whatever the platform.
pub fn display_path(path: &Path) -> String {
    let joined = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::RootDir))
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    if path.has_root() {
        format!("/{joined}")
    } else {
        joined
    }
}

/// A list of diagnostics, the error type of every pipeline stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    /// Add one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Add all of another list.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// True if any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// True if the list is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Iterate over the diagnostics.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Sort by file, then position, then message, so reports are stable.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.position, &a.message).cmp(&(&b.file, b.position, &b.message))
        });
        self.0.dedup();
    }

    /// `Err(self)` if there is any error, else `Ok(())`.
    pub fn into_result(self) -> Result<(), Diagnostics> {
        if self.has_errors() { Err(self) } else { Ok(()) }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// The text of every file read during a build, keyed by path relative to the root.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: BTreeMap<PathBuf, String>,
}

impl Sources {
    /// An empty map.
    pub fn new() -> Self {
        Sources::default()
    }

    /// Remember the text of a file.
    pub fn insert(&mut self, path: impl Into<PathBuf>, text: impl Into<String>) {
        self.files.insert(path.into(), text.into());
    }

    /// The text of a file, if it was read.
    pub fn get(&self, path: &Path) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }

    /// Render diagnostics with source excerpts. `color` adds ANSI styling.
    pub fn render(&self, diagnostics: &Diagnostics, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = String::new();
        for d in diagnostics.iter() {
            out.push_str(&self.render_one(&renderer, d));
            out.push('\n');
        }
        out
    }

    fn render_one(&self, renderer: &Renderer, d: &Diagnostic) -> String {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = d
            .file
            .as_deref()
            .map(|f| visible(&display_path(f)).into_owned());
        let excerpt = match (
            &path,
            d.position,
            d.file.as_deref().and_then(|f| self.get(f)),
        ) {
            (Some(path), Some(pos), Some(text)) => line_excerpt(text, pos, d.length)
                .map(|(line, range)| (path.clone(), pos.line, line, range)),
            _ => None,
        };
        let message = visible(&d.message);
        let title = level.primary_title(message.as_ref());
        let mut rendered = match &excerpt {
            Some((path, line_no, line, range)) => {
                let snippet = Snippet::source(line.as_str())
                    .line_start(*line_no)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(range.clone()));
                renderer.render(&[title.element(snippet)]).to_string()
            }
            None => {
                let mut text = renderer
                    .render(&[annotate_snippets::Group::with_title(title)])
                    .to_string();
                if let Some(location) = d.location() {
                    text.push_str(&format!("\n  --> {}", visible(&location)));
                }
                text
            }
        };
        if let Some(hint) = &d.hint {
            rendered.push_str(&format!("\n  = hint: {}", visible_hints(hint)));
        }
        rendered
    }
}

/// The line at `pos` and the byte range to underline in it.
fn line_excerpt(
    text: &str,
    pos: Position,
    length: usize,
) -> Option<(String, std::ops::Range<usize>)> {
    let line = text.lines().nth(pos.line.checked_sub(1)?)?;
    let line = line.trim_end_matches('\r').to_string();
    // Characters a terminal would act on are shown instead (the span moves with them).
    let shift = |upto: usize| -> usize {
        line.chars()
            .take(upto)
            .map(|c| visible(c.encode_utf8(&mut [0; 4])).chars().count())
            .sum()
    };
    let (column, length) = (shift(pos.column.saturating_sub(1)) + 1, {
        let start = pos.column.saturating_sub(1);
        shift(start + length) - shift(start)
    });
    let line = visible(&line).into_owned();
    let pos = Position::new(pos.line, column);
    let start = line
        .char_indices()
        .nth(pos.column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let end = line[start..]
        .char_indices()
        .nth(length)
        .map_or(line.len(), |(i, _)| start + i);
    Some((line, start..end.max(start)))
}

/// Diagnostic for a value that the validator should have caught; kept for robustness.
pub fn internal(message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(message)
        .with_hint("this is a bug in barograph; please report it with the input that caused it")
}

/// Turn a panic payload into a diagnostic (used where foreign code may panic).
pub fn panic_diagnostic(payload: &(dyn std::any::Any + Send)) -> Diagnostic {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    Diagnostic::error(format!("internal error ({what})"))
        .with_hint("this is a bug in barograph; please report it with the input that caused it")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_of_offset_counts_characters() {
        let text = "a: 1\nbé: 2\n";
        assert_eq!(Position::of_offset(text, 0), Position::new(1, 1));
        let offset = text.find('2').unwrap();
        assert_eq!(Position::of_offset(text, offset), Position::new(2, 5));
    }

    #[test]
    fn display_names_file_line_column_and_hint() {
        let d = Diagnostic::error("unknown key `respondants`")
            .in_file("data/s.yaml")
            .at_line_col(3, 5)
            .with_hint("did you mean `respondents`?");
        let text = d.to_string();
        assert!(text.contains("data/s.yaml:3:5"), "{text}");
        assert!(text.contains("hint: did you mean"), "{text}");
    }

    #[test]
    fn render_shows_the_offending_line() {
        let mut sources = Sources::new();
        sources.insert("data/s.yaml", "title: x\nrespondants: 3\n");
        let d = Diagnostic::error("unknown key `respondants`")
            .in_file("data/s.yaml")
            .at_line_col(2, 1)
            .spanning(11);
        let out = sources.render(&d.into(), false);
        assert!(out.contains("data/s.yaml:2:1"), "{out}");
        assert!(out.contains("respondants: 3"), "{out}");
        assert!(out.contains("^^^^^^^^^^^"), "{out}");
    }

    #[test]
    fn terminal_escapes_in_names_and_lines_are_shown_not_run() {
        let mut sources = Sources::new();
        sources.insert("data/\u{1b}[2Jx.yaml", "a: \u{1b}[31mred\n");
        let d = Diagnostic::error("bad \u{1b}[2J")
            .in_file("data/\u{1b}[2Jx.yaml")
            .at_line_col(1, 4)
            .spanning(3)
            .with_hint("\u{202e}reversed");
        for out in [sources.render(&d.clone().into(), false), d.to_string()] {
            assert!(
                !out.contains('\u{1b}') && !out.contains('\u{202e}'),
                "{out:?}"
            );
            assert!(out.contains("data/\\u{1b}[2Jx.yaml"), "{out}");
        }
    }

    #[test]
    fn sort_orders_by_file_then_position() {
        let mut ds = Diagnostics(vec![
            Diagnostic::error("b").in_file("b.yaml").at_line_col(1, 1),
            Diagnostic::error("a2").in_file("a.yaml").at_line_col(9, 1),
            Diagnostic::error("a1").in_file("a.yaml").at_line_col(2, 1),
        ]);
        ds.sort();
        let messages: Vec<_> = ds.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["a1", "a2", "b"]);
    }
}
