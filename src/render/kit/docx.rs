//! The release as a Word document (`.docx`), written with docx-rs: the same content as
//! the text version, with real headings, bold and italic, links, numbered and bulleted
//! lists and tables. Reproducible: docx-rs numbers paragraphs and links from counters
//! shared by the whole process, so every paragraph id and link id is set here, from
//! the document's own order; the zip entries carry a fixed date.

use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, Hyperlink, HyperlinkData, HyperlinkType, IndentLevel,
    Level, LevelJc, LevelText, LineSpacing, NumberFormat, Numbering, NumberingId, Paragraph,
    Run as DocRun, RunFonts, SpecialIndentType, Start, Style, StyleType, Table, TableCell,
    TableRow,
};

use super::Release;
use super::doc::{Block, Run};

/// Numbering id of the bulleted lists (docx-rs defines 1). Numbered items carry their
/// number as text, so each list keeps the numbers the page shows.
const BULLETS: usize = 2;

/// Paragraph and link ids, counted in the document's order.
#[derive(Default)]
struct Ids {
    paragraphs: u32,
    links: u32,
}

impl Ids {
    /// A new paragraph, 6 pt of space after it.
    fn paragraph(&mut self) -> Paragraph {
        self.paragraphs += 1;
        Paragraph::new()
            .id(format!("{:08X}", self.paragraphs))
            .line_spacing(LineSpacing::new().after(120))
    }
}

/// The release as a `.docx` file.
pub(crate) fn release(r: &Release) -> Result<Vec<u8>, String> {
    let mut ids = Ids::default();
    let mut doc = base(r);
    for line in &r.status {
        let p = ids
            .paragraph()
            .add_run(DocRun::new().add_text(line).bold().color("B00020"));
        doc = doc.add_paragraph(p);
    }
    doc = doc.add_paragraph(
        ids.paragraph()
            .style("Title")
            .add_run(DocRun::new().add_text(&r.title)),
    );
    doc = doc.add_paragraph(
        ids.paragraph()
            .add_run(DocRun::new().add_text(&r.byline).italic()),
    );
    doc = doc.add_paragraph(
        ids.paragraph()
            .add_run(DocRun::new().add_text(&r.summary).bold()),
    );
    for block in &r.body {
        doc = add_block(doc, block, &mut ids);
    }
    if !r.contact.is_empty() {
        let h = ids
            .paragraph()
            .style("Heading2")
            .add_run(DocRun::new().add_text(&r.contact_heading));
        doc = doc.add_paragraph(h);
        let mut p = ids.paragraph();
        for (i, line) in r.contact.iter().enumerate() {
            let mut run = DocRun::new().add_text(line);
            if i > 0 {
                run = DocRun::new()
                    .add_break(docx_rs::BreakType::TextWrapping)
                    .add_text(line);
            }
            p = p.add_run(run);
        }
        doc = doc.add_paragraph(p);
    }
    doc = doc.add_paragraph(
        ids.paragraph()
            .add_run(DocRun::new().add_text(&r.source).size(18)),
    );
    doc = doc.add_paragraph(
        ids.paragraph()
            .add_run(DocRun::new().add_text(&r.read_more).size(18)),
    );
    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut bytes)
        .map_err(|e| format!("cannot write the Word document ({e})"))?;
    Ok(bytes.into_inner())
}

/// The document's settings, styles and list numberings.
fn base(r: &Release) -> Docx {
    let heading = |id: &str, name: &str, size: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .bold()
            .size(size)
            .based_on("Normal")
            .next("Normal")
    };
    let level = |n: usize, format: &str, text: &str| {
        Level::new(
            n,
            Start::new(1),
            NumberFormat::new(format),
            LevelText::new(text),
            LevelJc::new("left"),
        )
        .indent(
            Some(360 * (n as i32 + 1)),
            Some(SpecialIndentType::Hanging(360)),
            None,
            None,
        )
    };
    let mut bullets = AbstractNumbering::new(BULLETS);
    for n in 0..6 {
        bullets = bullets.add_level(level(n, "bullet", if n % 2 == 0 { "•" } else { "◦" }));
    }
    Docx::new()
        .created_at(&r.created)
        .updated_at(&r.created)
        .default_fonts(
            RunFonts::new()
                .ascii("Calibri")
                .hi_ansi("Calibri")
                .cs("Calibri"),
        )
        .default_size(22)
        .add_style(heading("Title", "Title", 36))
        .add_style(heading("Heading1", "heading 1", 32))
        .add_style(heading("Heading2", "heading 2", 28))
        .add_style(heading("Heading3", "heading 3", 24))
        .add_style(
            Style::new("Quote", StyleType::Paragraph)
                .name("Quote")
                .italic()
                .based_on("Normal"),
        )
        .add_abstract_numbering(bullets)
        .add_numbering(Numbering::new(BULLETS, BULLETS))
}

fn add_block(doc: Docx, block: &Block, ids: &mut Ids) -> Docx {
    match block {
        Block::Heading(level, runs) => {
            let style = format!("Heading{}", (*level).clamp(1, 3));
            let p = ids
                .paragraph()
                .style(&style)
                .line_spacing(LineSpacing::new().before(240).after(120));
            doc.add_paragraph(with_runs(p, runs, ids))
        }
        Block::Paragraph(runs) => doc.add_paragraph(with_runs(ids.paragraph(), runs, ids)),
        Block::Quote(runs) => {
            let p = ids
                .paragraph()
                .style("Quote")
                .indent(Some(720), None, None, None);
            doc.add_paragraph(with_runs(p, runs, ids))
        }
        Block::Item {
            depth,
            number,
            runs,
        } => {
            let depth = (*depth).min(5);
            let p = match number {
                None => ids
                    .paragraph()
                    .numbering(NumberingId::new(BULLETS), IndentLevel::new(depth)),
                Some(n) => ids
                    .paragraph()
                    .indent(
                        Some(360 * (depth as i32 + 1)),
                        Some(SpecialIndentType::Hanging(360)),
                        None,
                        None,
                    )
                    .add_run(DocRun::new().add_text(format!("{n}.")).add_tab()),
            };
            doc.add_paragraph(with_runs(p, runs, ids))
        }
        Block::Table {
            caption,
            header,
            rows,
        } => {
            let mut doc = doc;
            if !caption.is_empty() {
                let run = DocRun::new().add_text(caption).bold();
                doc = doc.add_paragraph(ids.paragraph().add_run(run));
            }
            let cell = |text: &str, bold: bool, right: bool, ids: &mut Ids| {
                let mut run = DocRun::new().add_text(text);
                if bold {
                    run = run.bold();
                }
                let mut p = ids
                    .paragraph()
                    .line_spacing(LineSpacing::new().after(0))
                    .add_run(run);
                if right {
                    p = p.align(AlignmentType::Right);
                }
                TableCell::new().add_paragraph(p)
            };
            let mut table_rows = Vec::new();
            if !header.is_empty() {
                let cells = header
                    .iter()
                    .enumerate()
                    .map(|(i, h)| cell(h, true, i > 0, ids))
                    .collect();
                table_rows.push(TableRow::new(cells));
            }
            for row in rows {
                let cells = row
                    .iter()
                    .enumerate()
                    .map(|(i, c)| cell(c, i == 0, i > 0, ids))
                    .collect();
                table_rows.push(TableRow::new(cells));
            }
            if table_rows.is_empty() {
                return doc;
            }
            doc.add_table(Table::new(table_rows))
                .add_paragraph(ids.paragraph())
        }
    }
}

/// `p` with `runs`, a link's runs inside a hyperlink.
fn with_runs(mut p: Paragraph, runs: &[Run], ids: &mut Ids) -> Paragraph {
    for run in runs {
        let mut r = DocRun::new();
        for (i, line) in run.text.split('\n').enumerate() {
            if i > 0 {
                r = r.add_break(docx_rs::BreakType::TextWrapping);
            }
            r = r.add_text(line);
        }
        if run.bold {
            r = r.bold();
        }
        if run.italic {
            r = r.italic();
        }
        p = match &run.link {
            Some(url) => {
                ids.links += 1;
                let mut link = Hyperlink::new(url, HyperlinkType::External);
                // docx-rs numbers links from a counter of the process: set our own id.
                link.link = HyperlinkData::External {
                    rid: format!("rIdBarographLink{}", ids.links),
                    path: crate::text::escape(url),
                };
                p.add_hyperlink(link.add_run(r.color("0B5CAD").underline("single")))
            }
            None => p.add_run(r),
        };
    }
    p
}
