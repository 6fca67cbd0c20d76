//! A generator of realistic projects of any size, for benchmarks and tests of scale:
//! N articles over M surveys, each survey with eight questions over two segments,
//! breakdowns and an infographic; each article with figures, a stat list, a chart, a
//! quote and the methodology box. Deterministic: same sizes, same files.
//!
//! Used by `examples/scale_site.rs` (through `#[path]`) and the integration tests; it is
//! test tooling, not part of the library (which writes only through `output`).

#![allow(dead_code)]

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// A small deterministic generator (xorshift), so runs are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const TOPICS: &[&str] = &[
    "téléconsultation",
    "dossier patient",
    "intelligence artificielle",
    "cybersécurité",
    "formation",
    "messagerie sécurisée",
    "objets connectés",
    "e-prescription",
    "données de santé",
    "coordination",
];

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, text).unwrap();
}

fn survey_yaml(i: usize, rng: &mut Rng) -> String {
    let year = 2000 + (i % 26) as u32;
    let mut y = format!(
        "title: Baromètre numérique {i}\nedition: {year}\norganisation: Institut Exemple\nfieldwork:\n  start: {year}-01-05\n  end: {year}-02-20\nsample:\n  size: 1200\n  population: professionnels de santé\n  source: issus d'un panel national\n  method: questionnaire en ligne\n  representativeness: représentatif de la population étudiée\nbreakdowns:\n  - id: profession\n    label: Professions\n    items:\n      - {{ label: médecins, value: 48 }}\n      - {{ label: infirmiers, value: 30 }}\n      - {{ label: autres, value: 22 }}\nsegments:\n  - {{ id: tous, label: Ensemble, base: 1200 }}\n  - {{ id: medecins, label: Médecins, base: 576 }}\nquestions:\n"
    );
    for q in 0..8 {
        let single = q % 3 == 0;
        let kind = if single { "single" } else { "multiple" };
        writeln!(
            y,
            "  - id: q{q}\n    wording: Question {q} sur {}\n    kind: {kind}\n    answers:",
            TOPICS[q % TOPICS.len()]
        )
        .unwrap();
        let mut left = 100u64;
        for a in 0..4 {
            let v = if single {
                let v = rng.below(left / 2 + 1);
                left -= v;
                v
            } else {
                10 + rng.below(80)
            };
            let m = if single { v } else { 10 + rng.below(80) };
            writeln!(y, "      - id: a{a}\n        label: Réponse {a} à la question {q}\n        values: {{ tous: {v}, medecins: {m} }}").unwrap();
        }
    }
    y.push_str("infographic:\n  key_figures:\n");
    for q in 1..5 {
        writeln!(
            y,
            "    - figure: q{q}.a0\n      caption: citent la réponse 0 à la question {q}"
        )
        .unwrap();
    }
    y.push_str("  charts: [q1, q2, q3, q4]\n  quote: porte-parole-0\n");
    y
}

fn article_md(i: usize, survey: usize, rng: &mut Rng) -> String {
    let tags: Vec<&str> = (0..3).map(|k| TOPICS[(i + k * 3) % TOPICS.len()]).collect();
    let day = 1 + (i % 28);
    let month = 1 + (i / 28) % 12;
    let year = 2000 + (i / 336) % 26;
    let q = 1 + rng.below(7);
    format!(
        "---\ntitle: \"Analyse {i} : ce que disent les soignants\"\nslug: analyse-{i}\ndate: {year}-{month:02}-{day:02}\ntags: [{}]\nsurvey: enquete-{survey}\nsummary: Une lecture des résultats du baromètre numéro {survey}.\n---\n\nSelon le {{{{ survey.title }}}}, {{{{ pct(\"q{q}.a0\") }}}} des répondants choisissent la première réponse, et {{{{ pct(\"q{q}.a0\", \"medecins\") }}}} des médecins.\n\n## Les réponses en détail\n\n{{{{ stat_list(\"q{q}\", lead=\"citent\") }}}}\n\n{{{{ chart(\"q{q}\") }}}}\n\nLes écarts entre segments restent modestes, mais ils dessinent une tendance nette.\n\n{{{{ quote(\"porte-parole-{}\") }}}}\n\n{{{{ methodology() }}}}\n",
        tags.join(", "),
        i % 5,
    )
}

/// Write an equivalent Hugo site (same articles as plain Markdown, a minimal theme).
pub fn hugo_site(dir: &Path, n: usize) {
    write(
        &dir.join("hugo.toml"),
        "baseURL = 'https://example.org/'\nlanguageCode = 'fr'\ntitle = 'Observatoire'\n[taxonomies]\n  tag = 'tags'\n",
    );
    write(
        &dir.join("layouts/_default/baseof.html"),
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    );
    write(
        &dir.join("layouts/_default/single.html"),
        "{{ define \"main\" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format \"2006-01-02\" }}</p>{{ .Content }}<ul>{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul></article>{{ end }}\n",
    );
    write(
        &dir.join("layouts/_default/list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}\n",
    );
    for i in 0..n {
        let tags: Vec<String> = (0..3)
            .map(|k| format!("\"{}\"", TOPICS[(i + k * 3) % TOPICS.len()]))
            .collect();
        let text = format!(
            "---\ntitle: \"Analyse {i} : ce que disent les soignants\"\ndate: 2020-01-01\ntags: [{}]\n---\n\nSelon le baromètre, 42 % des répondants choisissent la première réponse, et 45 % des médecins.\n\n## Les réponses en détail\n\n- **42 %** citent la réponse 0\n- **30 %** la réponse 1\n- **12 %** la réponse 2\n\n> Les chiffres parlent d'eux-mêmes.\n\nLes écarts entre segments restent modestes, mais ils dessinent une tendance nette.\n",
            tags.join(", ")
        );
        write(&dir.join(format!("content/posts/analyse-{i}.md")), &text);
    }
}

/// Write a project of `articles` articles over `surveys` surveys into `out` (replaced).
pub fn generate(out: &Path, articles: usize, surveys: usize) -> std::io::Result<()> {
    let surveys = surveys.max(1);
    if out.exists() {
        fs::remove_dir_all(out)?;
    }
    write(
        &out.join("site.yaml"),
        "title: Observatoire du numérique en santé\nbase_url: https://example.org/\nlanguage: fr\norganisation: Institut Exemple\ndescription: Un site généré pour mesurer barograph.\n",
    );
    let mut quotes = String::new();
    for q in 0..5 {
        writeln!(quotes, "- id: porte-parole-{q}\n  speaker: Personne {q}\n  role: directrice\n  organisation: Institut Exemple\n  text: Les chiffres parlent d'eux-mêmes, et ils appellent des décisions.").unwrap();
    }
    write(&out.join("content/quotes/quotes.yaml"), &quotes);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for s in 0..surveys {
        write(
            &out.join(format!("data/enquete-{s}.yaml")),
            &survey_yaml(s, &mut rng),
        );
    }
    for i in 0..articles {
        write(
            &out.join(format!("content/articles/analyse-{i}.md")),
            &article_md(i, i % surveys, &mut rng),
        );
    }
    Ok(())
}
