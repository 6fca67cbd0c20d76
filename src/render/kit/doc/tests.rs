//! Tests of reading a body's HTML as blocks.

use super::*;

fn read(html: &str) -> Vec<Block> {
    blocks(
        html,
        &url::Url::parse("https://example.org/a/").unwrap(),
        " :",
    )
}

fn plain(text: &str) -> Vec<Run> {
    vec![Run {
        text: text.to_string(),
        ..Run::default()
    }]
}

#[test]
fn paragraphs_headings_and_styles() {
    let b = read("<h2>Titre</h2>\n<p>Un <strong>fort</strong> et <em>léger</em>\n  texte.</p>");
    assert_eq!(b[0], Block::Heading(2, plain("Titre")));
    let Block::Paragraph(runs) = &b[1] else {
        panic!("{b:?}")
    };
    let texts: Vec<(&str, bool, bool)> = runs
        .iter()
        .map(|r| (r.text.as_str(), r.bold, r.italic))
        .collect();
    assert_eq!(
        texts,
        [
            ("Un ", false, false),
            ("fort", true, false),
            (" et ", false, false),
            ("léger", false, true),
            (" texte.", false, false)
        ]
    );
}

#[test]
fn links_are_made_absolute_and_unsafe_ones_dropped() {
    let b = read(r#"<p><a href="../surveys/x/">ici</a> <a href="javascript:alert(1)">là</a></p>"#);
    let Block::Paragraph(runs) = &b[0] else {
        panic!("{b:?}")
    };
    assert_eq!(
        runs[0].link.as_deref(),
        Some("https://example.org/surveys/x/")
    );
    assert_eq!(runs.last().unwrap().link, None);
}

#[test]
fn lists_nest_and_count() {
    let b = read("<ol><li>un</li><li>deux<ul><li>a</li></ul></li></ol>");
    let items: Vec<(usize, Option<u64>, String)> = b
        .iter()
        .map(|x| match x {
            Block::Item {
                depth,
                number,
                runs,
            } => (*depth, *number, runs[0].text.clone()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        items,
        [
            (0, Some(1), "un".into()),
            (0, Some(2), "deux".into()),
            (1, None, "a".into())
        ]
    );
}

#[test]
fn a_chart_is_its_title_and_table() {
    let html = r#"<figure class="chart"><figcaption class="chart-title">Q ?</figcaption>
      <picture class="chart-image"><img src="x.svg" alt="A : 50 %"></picture>
      <p class="chart-downloads">Télécharger : <a href="x.svg">SVG</a></p>
      <details class="chart-data"><summary>Voir les données</summary>
      <table><caption>Q ?</caption><thead><tr><th>Réponse</th><th>Tous</th></tr></thead>
      <tbody><tr><th>A</th><td>50&nbsp;%</td></tr></tbody></table></details>
      <details class="chart-embed"><summary>Intégrer</summary><textarea>&lt;iframe&gt;</textarea></details></figure>"#;
    let b = read(html);
    assert_eq!(
        b,
        [Block::Table {
            caption: "Q ?".into(),
            header: vec!["Réponse".into(), "Tous".into()],
            rows: vec![vec!["A".into(), "50\u{a0}%".into()]],
        }]
    );
}

#[test]
fn terms_and_definitions_share_a_line_and_quotes_are_quotes() {
    let b = read(
        "<dl><dt>Terrain</dt><dd>Du 1er au 5 mai</dd></dl><blockquote><p>« Oui »</p></blockquote>",
    );
    assert_eq!(b[0].text(), "Terrain : Du 1er au 5 mai");
    assert_eq!(b[1], Block::Quote(plain("« Oui »")));
}

#[test]
fn hidden_text_scripts_and_line_breaks() {
    let b = read(r#"<p>a<span class="visually-hidden"> caché</span><br>b<script>x()</script></p>"#);
    assert_eq!(b, [Block::Paragraph(plain("a\nb"))]);
}
