//! Draw every shape of the infographic's layout matrix (`examples/shapes/`) on one
//! contact sheet, for human eyes: each survey's pages one under the other, the shapes
//! side by side, each named in its title (`kf5-c4-b2-s3-a6-long`).
//!
//! ```text
//! cargo run --example contact_sheet -- target/contact-sheet.png [PROJECTS-DIR]
//! ```
//!
//! With `PROJECTS-DIR`, the generated projects are kept there (to build one by hand).
//!
//! The same shapes are checked from Typst's layout by `tests/infographic_layout.rs`.

mod shapes;

use std::path::PathBuf;

use image::{GenericImage, Rgba, RgbaImage};

/// Shapes per row of the sheet.
const PER_ROW: u32 = 6;
/// Space between shapes, in px.
const GAP: u32 = 24;

fn main() {
    let out = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("target/contact-sheet.png"), PathBuf::from);
    let scratch = tempfile::tempdir().expect("scratch folder");
    let projects = std::env::args()
        .nth(2)
        .map_or_else(|| scratch.path().to_path_buf(), PathBuf::from);
    let mut previews = Vec::new();
    // `SHAPE=kf8-c4` keeps only the shapes whose name starts so.
    let only = std::env::var("SHAPE").unwrap_or_default();
    for shape in shapes::matrix()
        .into_iter()
        .filter(|s| s.name().starts_with(&only))
    {
        let dir = projects.join(shape.name());
        shapes::write_project(&dir, &shape).expect("write the project");
        let layouts = match barograph::infographic_layouts(&dir, true) {
            Ok(layouts) => layouts,
            Err(f) => {
                eprintln!("{}: {}", shape.name(), f.diagnostics);
                continue;
            }
        };
        for layout in layouts {
            let png = layout.preview.expect("a preview was asked for");
            let picture = image::load_from_memory(&png).expect("a PNG").to_rgba8();
            println!(
                "{}: {} page(s), {}×{} px",
                shape.name(),
                layout.layout.pages.len(),
                picture.width(),
                picture.height()
            );
            previews.push(picture);
        }
    }
    let cell_w = previews.iter().map(RgbaImage::width).max().unwrap_or(1);
    let rows: Vec<&[RgbaImage]> = previews.chunks(PER_ROW as usize).collect();
    let row_heights: Vec<u32> = rows
        .iter()
        .map(|r| r.iter().map(RgbaImage::height).max().unwrap_or(0))
        .collect();
    let width = PER_ROW * cell_w + (PER_ROW + 1) * GAP;
    let height = row_heights.iter().sum::<u32>() + (rows.len() as u32 + 1) * GAP;
    let mut sheet = RgbaImage::from_pixel(width, height, Rgba([255, 255, 255, 255]));
    let mut y = GAP;
    for (row, h) in rows.iter().zip(&row_heights) {
        for (i, picture) in row.iter().enumerate() {
            let x = GAP + i as u32 * (cell_w + GAP);
            sheet
                .copy_from(picture, x, y)
                .expect("the cell fits the sheet");
        }
        y += h + GAP;
    }
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).expect("create the output folder");
    }
    sheet.save(&out).expect("write the contact sheet");
    println!("wrote {}", out.display());
}
