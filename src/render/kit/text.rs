//! The release as plain text, ready to paste into an e-mail: the embargo line if any,
//! the title, date and lede, the body's blocks (figures, quotations, each chart as its
//! data), the press contact and the source. Paragraphs are not wrapped (mail programs
//! and newsroom systems wrap them); links follow their text in brackets.

use super::Release;
use super::doc::{Block, Run};

/// The release as text, lines ending in `\n`.
pub(crate) fn release(r: &Release) -> String {
    let mut out = String::new();
    for line in &r.status {
        out.push_str(&format!("{line}\n\n"));
    }
    heading(&mut out, &r.title, '=');
    out.push_str(&format!("{}\n\n{}\n\n", r.byline, r.summary));
    body(&mut out, &r.body);
    if !r.contact.is_empty() {
        heading(&mut out, &r.contact_heading, '-');
        for line in &r.contact {
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(&format!("{}\n{}\n", r.source, r.read_more));
    out
}

fn heading(out: &mut String, text: &str, underline: char) {
    let width = text.chars().count().min(72);
    out.push_str(text);
    out.push('\n');
    out.extend(std::iter::repeat_n(underline, width));
    out.push_str("\n\n");
}

/// The blocks, a blank line after each but between the items of a list.
fn body(out: &mut String, blocks: &[Block]) {
    for (i, block) in blocks.iter().enumerate() {
        write_block(out, block);
        let list_ends = matches!(block, Block::Item { .. })
            && !matches!(blocks.get(i + 1), Some(Block::Item { .. }));
        if list_ends {
            out.push('\n');
        }
    }
}

fn write_block(out: &mut String, block: &Block) {
    match block {
        Block::Heading(level, runs) => {
            heading(out, &runs_text(runs), if *level <= 2 { '-' } else { '·' })
        }
        Block::Paragraph(runs) => {
            out.push_str(&runs_text(runs));
            out.push_str("\n\n");
        }
        Block::Quote(runs) => {
            for line in runs_text(runs).lines() {
                out.push_str(&format!("    {line}\n"));
            }
            out.push('\n');
        }
        Block::Item {
            depth,
            number,
            runs,
        } => {
            let mark = number.map_or("-".to_string(), |n| format!("{n}."));
            out.push_str(&format!(
                "{}{mark} {}\n",
                "  ".repeat(*depth),
                runs_text(runs)
            ));
        }
        Block::Table {
            caption,
            header,
            rows,
        } => {
            if !caption.is_empty() {
                out.push_str(&format!("{caption}\n"));
            }
            if !header.is_empty() {
                out.push_str(&format!("{}\n", header.join(" | ")));
            }
            for row in rows {
                out.push_str(&format!("{}\n", row.join(" | ")));
            }
            out.push('\n');
        }
    }
}

/// The text of runs, each link's address after its text (unless the text is the
/// address, or the address only adds `mailto:`/`tel:` to it).
fn runs_text(runs: &[Run]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < runs.len() {
        let link = runs[i].link.clone();
        let mut text = String::new();
        while i < runs.len() && runs[i].link == link {
            text.push_str(&runs[i].text);
            i += 1;
        }
        out.push_str(&text);
        if let Some(url) = link {
            let bare = url
                .strip_prefix("mailto:")
                .or_else(|| url.strip_prefix("tel:"))
                .unwrap_or(&url);
            let same = |a: &str, b: &str| a.trim_end_matches('/') == b.trim().trim_end_matches('/');
            if !same(bare, &text) && !same(&url, &text) {
                out.push_str(&format!(" <{url}>"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, link: Option<&str>) -> Run {
        Run {
            text: text.into(),
            link: link.map(str::to_string),
            ..Run::default()
        }
    }

    #[test]
    fn links_follow_their_text_unless_they_are_it() {
        let runs = [
            run("Voir ", None),
            run("les résultats", Some("https://x.org/r/")),
            run(" ou ", None),
            run("a@b.fr", Some("mailto:a@b.fr")),
        ];
        assert_eq!(
            runs_text(&runs),
            "Voir les résultats <https://x.org/r/> ou a@b.fr"
        );
    }

    #[test]
    fn blocks_as_text() {
        let mut out = String::new();
        let blocks = [
            Block::Heading(2, vec![run("Chiffres", None)]),
            Block::Item {
                depth: 1,
                number: Some(2),
                runs: vec![run("deux", None)],
            },
            Block::Table {
                caption: "Q".into(),
                header: vec!["R".into(), "Tous".into()],
                rows: vec![vec!["A".into(), "5 %".into()]],
            },
        ];
        body(&mut out, &blocks);
        assert_eq!(
            out,
            "Chiffres\n--------\n\n  2. deux\n\nQ\nR | Tous\nA | 5 %\n\n"
        );
    }
}
