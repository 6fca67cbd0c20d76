//! An article's body as a plain document: headings, paragraphs, list items, quotations
//! and tables, each a list of styled runs, read from the body's HTML (what the page
//! shows, partials included). The press kit writes it as text and as Word.
//!
//! The HTML is tokenised with html5ever (ammonia's parser); what only makes sense on a
//! screen is left out: images, drawings, download links, embed codes, visually hidden
//! text, buttons and scripts. A chart becomes its title and its data table.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// A run of text with its style.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Run {
    /// The text; `\n` for a line break.
    pub text: String,
    /// Strong.
    pub bold: bool,
    /// Emphasised.
    pub italic: bool,
    /// The address it links to (absolute).
    pub link: Option<String>,
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    /// A heading, level 1 to 6.
    Heading(u8, Vec<Run>),
    /// A paragraph.
    Paragraph(Vec<Run>),
    /// A list item, `depth` lists deep (0 for the outermost), numbered or not.
    Item {
        /// Lists around it, less one.
        depth: usize,
        /// Its number in a numbered list.
        number: Option<u64>,
        /// Its text.
        runs: Vec<Run>,
    },
    /// A quoted paragraph.
    Quote(Vec<Run>),
    /// A table: caption, header row, rows.
    Table {
        /// Its caption.
        caption: String,
        /// The header cells.
        header: Vec<String>,
        /// The body rows.
        rows: Vec<Vec<String>>,
    },
}

#[cfg(test)]
impl Block {
    /// The text of a block's runs (a table's caption).
    pub fn text(&self) -> String {
        match self {
            Block::Heading(_, runs)
            | Block::Paragraph(runs)
            | Block::Quote(runs)
            | Block::Item { runs, .. } => runs.iter().map(|r| r.text.as_str()).collect(),
            Block::Table { caption, .. } => caption.clone(),
        }
    }
}

/// Classes whose elements are for the screen only.
const SCREEN_ONLY: &[&str] = &[
    "visually-hidden",
    "chart-downloads",
    "chart-embed",
    "copy-status",
    "chart-image",
];

/// Elements whose content is never text of the document.
const SKIPPED: &[&str] = &[
    "script", "style", "textarea", "button", "picture", "svg", "summary", "template", "noscript",
];

/// Read the blocks of `html`; relative links are made absolute against `base`; a term
/// and its definition are joined by `colon` (`\u{a0}: ` in French).
pub(crate) fn blocks(html: &str, base: &url::Url, colon: &str) -> Vec<Block> {
    let sink = Sink {
        state: RefCell::new(State::new(base.clone(), colon.to_string())),
    };
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut state = tokenizer.sink.state.into_inner();
    state.close_block();
    state.blocks
}

struct Sink {
    state: RefCell<State>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                let class = tag
                    .attrs
                    .iter()
                    .find(|a| &*a.name.local == "class")
                    .map(|a| a.value.to_string());
                let href = tag
                    .attrs
                    .iter()
                    .find(|a| &*a.name.local == "href")
                    .map(|a| a.value.to_string());
                match tag.kind {
                    TagKind::StartTag => {
                        state.open(&tag.name, class.as_deref(), href, tag.self_closing)
                    }
                    TagKind::EndTag => state.close(&tag.name),
                }
            }
            Token::CharacterTokens(t) => state.characters(&t),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// What kind of block the text being read goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Heading(u8),
    Paragraph,
    /// A list item: lists around it less one, its number.
    Item(usize, Option<u64>),
    Term,
}

/// A table being read.
#[derive(Debug, Default)]
struct TableState {
    caption: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    row: Vec<String>,
    cell: Option<String>,
    in_head: bool,
    in_caption: bool,
    header_row: bool,
}

struct State {
    base: url::Url,
    colon: String,
    blocks: Vec<Block>,
    /// The block being read: its kind and runs.
    current: Option<(Kind, Vec<Run>)>,
    /// Open elements, with whether each hides its content.
    open: Vec<(String, bool)>,
    hidden: usize,
    bold: usize,
    italic: usize,
    links: Vec<Option<String>>,
    /// Lists around: the next number of each numbered one.
    lists: Vec<Option<u64>>,
    quote: usize,
    table: Option<TableState>,
}

impl State {
    fn new(base: url::Url, colon: String) -> State {
        State {
            base,
            colon,
            blocks: Vec::new(),
            current: None,
            open: Vec::new(),
            hidden: 0,
            bold: 0,
            italic: 0,
            links: Vec::new(),
            lists: Vec::new(),
            quote: 0,
            table: None,
        }
    }

    fn open(&mut self, name: &str, class: Option<&str>, href: Option<String>, closed: bool) {
        if is_void(name) || closed {
            if name == "br" && self.hidden == 0 {
                self.push_text("\n");
            }
            return;
        }
        let hides = SKIPPED.contains(&name)
            || class.is_some_and(|c| c.split_whitespace().any(|c| SCREEN_ONLY.contains(&c)));
        self.open.push((name.to_string(), hides));
        if hides {
            self.hidden += 1;
        }
        if self.hidden > 0 {
            return;
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name[1..].parse().unwrap_or(2);
                self.start_block(Kind::Heading(level));
            }
            "p" | "dd" | "div" => self.start_block(Kind::Paragraph),
            "figcaption" => {
                self.start_block(Kind::Paragraph);
                // A quotation's speaker.
                if matches!(self.blocks.last(), Some(Block::Quote(_))) {
                    self.push_text("— ");
                }
            }
            "dt" => self.start_block(Kind::Term),
            "li" => {
                let number = self.lists.last_mut().and_then(|n| {
                    let this = *n;
                    *n = n.map(|v| v + 1);
                    this
                });
                let depth = self.lists.len().saturating_sub(1);
                self.start_block(Kind::Item(depth, number));
            }
            "ul" => self.lists.push(None),
            "ol" => self.lists.push(Some(1)),
            "blockquote" => {
                self.close_block();
                self.quote += 1;
            }
            "strong" | "b" => self.bold += 1,
            "em" | "i" => self.italic += 1,
            "a" => self.links.push(href.and_then(|h| self.absolute(&h))),
            "table" => {
                self.close_block();
                self.table = Some(TableState::default());
            }
            "caption" => self.with_table(|t| t.in_caption = true),
            "thead" => self.with_table(|t| t.in_head = true),
            "tr" => self.with_table(|t| {
                t.row.clear();
                t.header_row = t.in_head;
            }),
            "td" | "th" => self.with_table(|t| t.cell = Some(String::new())),
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        // Close up to the matching open element (HTML forgives unclosed ones).
        let Some(at) = self.open.iter().rposition(|(n, _)| n == name) else {
            return;
        };
        for (n, hides) in self.open.split_off(at).into_iter().rev() {
            if hides {
                self.hidden -= 1;
                continue;
            }
            if self.hidden == 0 {
                self.end(&n);
            }
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "p" | "figcaption" | "li" | "div" => {
                self.close_block()
            }
            "dt" => {}
            "dd" => self.close_block(),
            "ul" | "ol" => {
                self.close_block();
                self.lists.pop();
            }
            "blockquote" => {
                self.close_block();
                self.quote = self.quote.saturating_sub(1);
            }
            "strong" | "b" => self.bold = self.bold.saturating_sub(1),
            "em" | "i" => self.italic = self.italic.saturating_sub(1),
            "a" => {
                self.links.pop();
            }
            "caption" => self.with_table(|t| t.in_caption = false),
            "thead" => self.with_table(|t| t.in_head = false),
            "td" | "th" => self.with_table(|t| {
                if let Some(cell) = t.cell.take() {
                    t.row.push(collapse(&cell).trim().to_string());
                }
            }),
            "tr" => self.with_table(|t| {
                let row = std::mem::take(&mut t.row);
                if t.header_row || (t.header.is_empty() && t.rows.is_empty() && t.in_head) {
                    t.header = row;
                } else if !row.is_empty() {
                    t.rows.push(row);
                }
            }),
            "table" => {
                if let Some(t) = self.table.take() {
                    let caption = collapse(&t.caption).trim().to_string();
                    // A chart's title comes again as its table's caption (after its
                    // note, if any): once is enough.
                    let n = self.blocks.len();
                    let title_at = (n.saturating_sub(2)..n).rev().find(|&i| {
                        matches!(&self.blocks[i], Block::Paragraph(runs) if {
                            let title: String = runs.iter().map(|r| r.text.as_str()).collect();
                            !title.is_empty() && caption.starts_with(&title)
                        })
                    });
                    if let Some(i) = title_at {
                        self.blocks.remove(i);
                    }
                    self.blocks.push(Block::Table {
                        caption,
                        header: t.header,
                        rows: t.rows,
                    });
                }
            }
            _ => {}
        }
    }

    fn with_table(&mut self, f: impl FnOnce(&mut TableState)) {
        if let Some(t) = self.table.as_mut() {
            f(t);
        }
    }

    fn absolute(&self, href: &str) -> Option<String> {
        let url = self.base.join(href).ok()?;
        matches!(url.scheme(), "http" | "https" | "mailto" | "tel").then(|| url.to_string())
    }

    fn characters(&mut self, text: &str) {
        if self.hidden > 0 {
            return;
        }
        if let Some(t) = self.table.as_mut() {
            if t.in_caption {
                t.caption.push_str(text);
            } else if let Some(cell) = t.cell.as_mut() {
                cell.push_str(text);
            }
            return;
        }
        if self.current.is_none() && text.trim().is_empty() {
            return;
        }
        // HTML white space is a space; only `<br>` breaks a line.
        let text: String = text
            .chars()
            .map(|c| {
                if matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        self.push_text(&text);
    }

    fn push_text(&mut self, text: &str) {
        if self.current.is_none() {
            self.start_block(Kind::Paragraph);
        }
        let style = Run {
            text: String::new(),
            bold: self.bold > 0 || matches!(self.current, Some((Kind::Term, _))),
            italic: self.italic > 0,
            link: self.links.iter().rev().flatten().next().cloned(),
        };
        let Some((_, runs)) = self.current.as_mut() else {
            return;
        };
        match runs.last_mut() {
            Some(last)
                if last.bold == style.bold
                    && last.italic == style.italic
                    && last.link == style.link =>
            {
                last.text.push_str(text)
            }
            _ => runs.push(Run {
                text: text.to_string(),
                ..style
            }),
        }
    }

    /// Start a block of `kind`, closing the one being read; a definition (`dd`) goes on
    /// with its term, after a colon.
    fn start_block(&mut self, kind: Kind) {
        if kind == Kind::Paragraph
            && self.open.last().is_some_and(|(n, _)| n == "dd")
            && matches!(self.current, Some((Kind::Term, _)))
        {
            if let Some((k, runs)) = self.current.as_mut() {
                *k = Kind::Paragraph;
                if let Some(last) = runs.last_mut() {
                    last.text
                        .truncate(last.text.trim_end_matches([' ', '\n']).len());
                }
                runs.push(Run {
                    text: format!("{} ", self.colon),
                    ..Run::default()
                });
            }
            return;
        }
        self.close_block();
        self.current = Some((kind, Vec::new()));
    }

    fn close_block(&mut self) {
        let Some((kind, runs)) = self.current.take() else {
            return;
        };
        let runs = tidy(runs);
        if runs.is_empty() {
            return;
        }
        let block = match kind {
            Kind::Heading(level) => Block::Heading(level, runs),
            Kind::Item(depth, number) => Block::Item {
                depth,
                number,
                runs,
            },
            _ if self.quote > 0 => Block::Quote(runs),
            Kind::Paragraph | Kind::Term => Block::Paragraph(runs),
        };
        self.blocks.push(block);
    }
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "img" | "hr" | "input" | "source" | "wbr" | "meta" | "link" | "col" | "area"
    )
}

/// HTML white space collapsed to single spaces (no-break spaces kept).
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// Runs with white space collapsed, trimmed at both ends and around line breaks, empty
/// ones dropped.
fn tidy(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for mut run in runs {
        let lines: Vec<String> = run.text.split('\n').map(collapse).collect();
        run.text = lines.join("\n");
        let after_break = out.last().is_none_or(|r| r.text.ends_with([' ', '\n']));
        if after_break {
            run.text = run.text.trim_start_matches(' ').to_string();
        }
        if !run.text.is_empty() {
            out.push(run);
        }
    }
    if let Some(last) = out.last_mut() {
        last.text = last.text.trim_end_matches([' ', '\n']).to_string();
    }
    out.retain(|r| !r.text.is_empty());
    for r in &mut out {
        r.text = r.text.replace(" \n", "\n").replace("\n ", "\n");
    }
    out
}

#[cfg(test)]
mod tests;
