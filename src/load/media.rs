//! Media: the images a project publishes as they are (quote portraits).
//!
//! A photo is read once, here, through [`super::files`] (inside the project, no hidden
//! file, a regular file under the size limit), and must be an image by its content: a
//! PNG, JPEG, GIF or WebP file that decodes whole. Anything else (`.git/config`, `.env`,
//! a text file named `.jpg`, one that only starts like an image, an SVG, which can carry
//! scripts) is refused with an error at the `photo:` line.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::model::At;

use super::files;

/// What to do about a file that is not an image.
pub const PHOTO_HINT: &str = "a photo must be a PNG, JPEG, GIF or WebP image file";

/// Largest photo accepted, in bytes.
pub const MAX_PHOTO_BYTES: u64 = 8 * 1024 * 1024;

/// An image checked by its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    /// The bytes, as read.
    pub bytes: Arc<[u8]>,
    /// The extension matching its content: `png`, `jpg`, `gif` or `webp`.
    pub ext: &'static str,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Largest photo accepted, in pixels per side.
pub const MAX_PHOTO_SIDE: u32 = 12_000;

/// The image type of `bytes` (by content) and its size, or why it is not an image. The
/// whole image is decoded (within limits of size and memory), so a file that merely
/// starts like an image is refused.
pub fn sniff(bytes: &[u8]) -> Result<(&'static str, u32, u32), String> {
    use image::ImageFormat;
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| not_an_image(bytes))?;
    let ext = match reader.format() {
        Some(ImageFormat::Png) => "png",
        Some(ImageFormat::Jpeg) => "jpg",
        Some(ImageFormat::Gif) => "gif",
        Some(ImageFormat::WebP) => "webp",
        Some(other) => {
            return Err(format!(
                "a {other:?} image; photos are published as PNG, JPEG, GIF or WebP"
            ));
        }
        None => return Err(not_an_image(bytes)),
    };
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_PHOTO_SIDE);
    limits.max_image_height = Some(MAX_PHOTO_SIDE);
    limits.max_alloc = Some(512 * 1024 * 1024);
    let mut reader = reader;
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => format!(
            "a {ext} image larger than {MAX_PHOTO_SIDE} pixels a side, or too large to decode"
        ),
        _ => format!("a damaged {ext} image ({e})"),
    })?;
    if decoded.width() == 0 || decoded.height() == 0 {
        return Err(format!("an empty {ext} image"));
    }
    Ok((ext, decoded.width(), decoded.height()))
}

/// What a file that is not an image looks like, for the message.
fn not_an_image(bytes: &[u8]) -> String {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64)]).to_lowercase();
    if bytes.is_empty() {
        "an empty file".into()
    } else if head.contains("<svg") || head.contains("<?xml") {
        "an SVG or XML file, which can carry scripts; export the photo as PNG or JPEG".into()
    } else if std::str::from_utf8(&bytes[..bytes.len().min(512)]).is_ok() {
        "a text file, not an image".into()
    } else {
        "not a PNG, JPEG, GIF or WebP image".into()
    }
}

/// Read and check the photo `path` (as written at its position in `file`).
pub fn load_photo(root: &Path, file: &Path, path: &At<String>) -> Result<Media, Diagnostic> {
    let rel = Path::new(path.value.trim());
    let locate = |d: Diagnostic| {
        let d = d.in_file(file).spanning(path.len);
        if path.pos.line > 0 { d.at(path.pos) } else { d }
    };
    let bytes = files::read(root, rel, MAX_PHOTO_BYTES).map_err(|refusal| {
        let (message, hint) = refusal.explain(rel);
        locate(Diagnostic::error(format!("photo: {message}")).with_hint(hint))
    })?;
    let (ext, width, height) = sniff(&bytes).map_err(|what| {
        locate(
            Diagnostic::error(format!(
                "photo is not an image (`{}` is {what})",
                path.value.trim()
            ))
            .with_hint(PHOTO_HINT),
        )
    })?;
    Ok(Media {
        bytes: bytes.into(),
        ext,
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1×1 PNG.
    fn png() -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut enc = png::Encoder::new(&mut bytes, 1, 1);
        enc.set_color(png::ColorType::Rgb);
        enc.write_header()
            .unwrap()
            .write_image_data(&[1, 2, 3])
            .unwrap();
        bytes
    }

    #[test]
    fn images_are_told_by_their_content() {
        assert_eq!(sniff(&png()), Ok(("png", 1, 1)));
        assert!(sniff(b"\x89PNG\r\n\x1a\nSECRET-DATA-NOT-A-PNG").is_err());
        assert!(sniff(b"GIF89aSECRET").is_err());
        assert!(sniff(b"\xff\xd8\xff\xe0SECRET").is_err());
        assert!(sniff(&png()[..png().len() - 20]).is_err(), "a cut PNG");
        assert!(sniff(b"[core]\n\trepositoryformatversion = 0\n").is_err());
        assert!(sniff(b"SECRET=1\n").unwrap_err().contains("text file"));
        assert!(
            sniff(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
                .unwrap_err()
                .contains("SVG")
        );
        assert!(sniff(b"").unwrap_err().contains("empty"));
    }

    #[test]
    fn a_photo_is_read_from_inside_the_project_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("p.png"), png()).unwrap();
        std::fs::write(dir.path().join(".env"), "SECRET=1").unwrap();
        let at = |s: &str| At::unplaced(s.to_string());
        let file = Path::new("content/quotes/q.yaml");
        assert_eq!(
            load_photo(dir.path(), file, &at("p.png")).unwrap().ext,
            "png"
        );
        let err = load_photo(dir.path(), file, &at(".env")).unwrap_err();
        assert!(err.message.contains("hidden"), "{err}");
        let err = load_photo(dir.path(), file, &at("/etc/passwd")).unwrap_err();
        assert!(err.message.contains("leaves the project"), "{err}");
        assert_eq!(err.file.as_deref(), Some(file));
    }
}
