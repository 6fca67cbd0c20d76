//! Fragments: how helpers hand results back to an article's template. A helper never
//! fails the template on a bad reference: it records an error and returns a marker, so
//! every bad reference of an article is reported at once, at its call. Block HTML is
//! returned as a marker too, and spliced in after the Markdown is sanitised.

use std::cell::RefCell;
use std::sync::Arc;

use minijinja::value::{Object, Value};
use minijinja::{Error, ErrorKind};

/// What a helper left behind a marker.
#[derive(Debug, Clone, PartialEq)]
pub enum Fragment {
    /// Trusted HTML to splice in after sanitising.
    Html(String),
    /// An error with its own location (for example inside a partial template).
    Located(crate::diagnostics::Diagnostic),
    /// A bad reference: message, hint, and the id to look for in the source.
    Error {
        /// What is wrong.
        message: String,
        /// What to do.
        hint: String,
        /// The offending id as written, to locate the call.
        needle: String,
    },
}

thread_local! {
    static FRAGMENTS: RefCell<Option<Vec<Fragment>>> = const { RefCell::new(None) };
}

/// Start collecting fragments on this thread (one article at a time).
pub fn begin_collecting() {
    FRAGMENTS.with(|f| *f.borrow_mut() = Some(Vec::new()));
}

/// Stop collecting and return what the helpers left.
pub fn finish_collecting() -> Vec<Fragment> {
    FRAGMENTS.with(|f| f.borrow_mut().take().unwrap_or_default())
}

/// The marker standing for fragment `index`: private-use characters around the index.
pub fn marker(index: usize) -> String {
    format!("\u{e000}{index}\u{e001}")
}

/// Record a fragment and return its marker; without a collector, HTML is returned as is
/// and errors become template errors.
pub(super) fn emit(fragment: Fragment) -> Result<Value, Error> {
    let pushed = FRAGMENTS.with(|f| {
        f.borrow_mut().as_mut().map(|list| {
            list.push(fragment.clone());
            list.len() - 1
        })
    });
    match (pushed, fragment) {
        (Some(i), _) => Ok(Value::from_safe_string(marker(i))),
        (None, Fragment::Html(html)) => Ok(Value::from_safe_string(html)),
        (None, Fragment::Error { message, hint, .. }) => Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("{message}\nhint: {hint}"),
        )),
        (None, Fragment::Located(d)) => Err(Error::new(ErrorKind::InvalidOperation, d.to_string())),
    }
}

/// Record an error that carries its own location; returns its marker.
pub fn emit_located(d: crate::diagnostics::Diagnostic) -> Result<Value, Error> {
    emit(Fragment::Located(d))
}

/// Hand trusted block HTML back to the template (as a marker while collecting).
pub fn emit_html(html: String) -> Result<Value, Error> {
    emit(Fragment::Html(html))
}

pub(super) fn fail(message: String, hint: &str, needle: &str) -> Result<Value, Error> {
    emit(Fragment::Error {
        message,
        hint: hint.to_string(),
        needle: needle.to_string(),
    })
}

/// An object whose every attribute is the same error marker, returned by helpers that
/// give objects, so `answer("bad").pct` reports the bad id rather than a missing attribute.
#[derive(Debug)]
struct Poisoned(Value);

impl Object for Poisoned {
    fn get_value(self: &Arc<Self>, _key: &Value) -> Option<Value> {
        Some(self.0.clone())
    }
    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

pub(super) fn poisoned(result: Result<Value, Error>) -> Result<Value, Error> {
    result.map(|marker| Value::from_object(Poisoned(marker)))
}
