//! SVG output: a laid-out chart painted with plotters' SVG backend into a string, then
//! made accessible (`role="img"`, `<title>` and `<desc>` referenced by ARIA attributes).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::layout::{Anchor, Drawing, Mark, Shape};
use super::text::{FAMILY, fonts_ready, plotters_size, tidy_font_sizes};
use crate::text::escape as escape_xml;

/// Paint `drawing` as a standalone SVG document (with `width`, `height` and `viewBox`).
pub(super) fn render(drawing: &Drawing) -> Result<String, String> {
    fonts_ready();
    let mut buf = String::new();
    {
        let size = (drawing.width, drawing.height);
        let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        for mark in &drawing.marks {
            paint(&root, mark).map_err(|e| format!("cannot draw the chart ({e})"))?;
        }
        root.present()
            .map_err(|e| format!("cannot draw the chart ({e})"))?;
    }
    Ok(tidy_font_sizes(&buf))
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type AreaError<'a> = DrawingAreaErrorKind<<SVGBackend<'a> as DrawingBackend>::ErrorType>;

fn paint<'a>(root: &Area<'a>, mark: &Mark) -> Result<(), AreaError<'a>> {
    match mark {
        Mark::Rect { x, y, w, h, fill } => {
            let style = fill.plotters().filled();
            root.draw(&Rectangle::new([(*x, *y), (x + w, y + h)], style))
        }
        Mark::Shape {
            shape,
            cx,
            cy,
            size,
            fill,
            ..
        } => {
            let style = fill.plotters().filled();
            if *shape == Shape::Circle {
                return root.draw(&Circle::new((*cx, *cy), size / 2, style));
            }
            let points = shape.points(f64::from(*cx), f64::from(*cy), f64::from(*size));
            let points: Vec<(i32, i32)> = points
                .into_iter()
                .map(|(x, y)| (x.round() as i32, y.round() as i32))
                .collect();
            root.draw(&Polygon::new(points, style))
        }
        Mark::Line {
            points,
            colour,
            width,
        } => {
            let style = colour.plotters().stroke_width(*width);
            root.draw(&PathElement::new(points.clone(), style))
        }
        Mark::Text {
            x,
            y,
            text,
            font,
            colour,
            anchor,
            ..
        } => {
            let weight = if font.bold {
                FontStyle::Bold
            } else {
                FontStyle::Normal
            };
            let colour = colour.plotters();
            let h = match anchor {
                Anchor::Start => HPos::Left,
                Anchor::Middle => HPos::Center,
            };
            let style = FontDesc::new(FontFamily::Name(FAMILY), plotters_size(font.size), weight)
                .color(&colour)
                .pos(Pos::new(h, VPos::Center));
            root.draw(&Text::new(text.as_str(), (*x, *y), style))
        }
    }
}

/// A chart with no marks, for when drawing failed: still a valid, labelled image.
pub(super) fn blank(width: u32, height: u32) -> String {
    format!(
        "<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
         xmlns=\"http://www.w3.org/2000/svg\">\n</svg>\n"
    )
}

/// `svg` with `role="img"`, a `<title>` and a `<desc>` whose ids start with `prefix`,
/// and the ARIA attributes pointing to them, inserted after the opening tag.
pub(super) fn accessible(svg: &str, prefix: &str, title: &str, desc: &str) -> String {
    let Some(start) = svg.find("<svg") else {
        return svg.to_string();
    };
    let Some(end) = svg[start..].find('>').map(|i| start + i) else {
        return svg.to_string();
    };
    let open = svg[..end].trim_end_matches('/');
    let self_closing = open.len() < end;
    let mut out = String::with_capacity(svg.len() + title.len() + desc.len() + 200);
    out.push_str(open);
    out.push_str(&format!(
        " role=\"img\" aria-labelledby=\"{prefix}-title\" aria-describedby=\"{prefix}-desc\">\n"
    ));
    out.push_str(&format!(
        "<title id=\"{prefix}-title\">{}</title>\n",
        escape_xml(title)
    ));
    out.push_str(&format!(
        "<desc id=\"{prefix}-desc\">{}</desc>\n",
        escape_xml(desc)
    ));
    if self_closing {
        out.push_str("</svg>\n");
    } else {
        out.push_str(svg[end + 1..].trim_start_matches('\n'));
    }
    out
}
