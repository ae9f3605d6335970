//! The one model file format: a magic, then named sections, each a tag of
//! four bytes, a length (u64, little-endian) and its bytes. A model is a
//! file of this format whose sections its loader names ([`Sections`]);
//! taggers are stored with [`write_tagger`] and read with
//! [`Reader::tagger`].

use super::table::{Rows, Tagger};
use crate::{Error, Result};

/// The magic of a model file.
pub(crate) const MAGIC: &[u8; 8] = b"LEDEMDL1";

/// Writes a model file section by section.
#[cfg(any(test, feature = "train"))]
pub(crate) struct Writer {
    out: Vec<u8>,
}

#[cfg(any(test, feature = "train"))]
impl Writer {
    /// A model file with no section yet.
    pub(crate) fn new() -> Writer {
        Writer { out: MAGIC.to_vec() }
    }

    /// Adds the section `tag` holding `bytes`.
    pub(crate) fn section(&mut self, tag: &[u8; 4], bytes: &[u8]) -> &mut Writer {
        self.out.extend_from_slice(tag);
        self.out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        self.out.extend_from_slice(bytes);
        self
    }

    /// The file.
    pub(crate) fn finish(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }
}

/// The sections of a model file.
pub(crate) struct Sections<'a> {
    sections: Vec<([u8; 4], &'a [u8])>,
}

impl<'a> Sections<'a> {
    /// Reads the section table of a model file.
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<Sections<'a>> {
        let mut r = Reader::new(bytes);
        if r.take(MAGIC.len())? != MAGIC {
            return Err(Error::internal("model: not a Lede model file"));
        }
        let mut sections = Vec::new();
        while !r.is_done() {
            let tag: [u8; 4] = r.take(4)?.try_into().map_err(|_| Error::internal("model: truncated"))?;
            let len = r.take(8)?;
            let len = u64::from_le_bytes(len.try_into().map_err(|_| Error::internal("model: truncated"))?);
            let len = usize::try_from(len).map_err(|_| Error::internal("model: section too long"))?;
            sections.push((tag, r.take(len)?));
        }
        Ok(Sections { sections })
    }

    /// A reader over the section `tag`.
    pub(crate) fn get(&self, tag: &[u8; 4]) -> Result<Reader<'a>> {
        self.sections
            .iter()
            .find(|(t, _)| t == tag)
            .map(|&(_, bytes)| Reader::new(bytes))
            .ok_or_else(|| Error::internal(format!("model: no section {}", String::from_utf8_lossy(tag))))
    }
}

/// Writes tagger `t` as [`Reader::tagger`] reads it: its number of tags,
/// scale and transitions, then its table as it stands in memory (so that
/// loading is a copy): the number of slots and of buckets, each bucket's
/// pilot (u16 LE), and each slot's key (u32 LE) and weights (a signed byte
/// a tag).
#[cfg(feature = "train")]
pub(crate) fn write_tagger(out: &mut Vec<u8>, t: &Tagger) {
    // The high bit: tag 0's weights left out ([`Tagger::first`]).
    out.push(t.tags as u8 | if t.first == 1 { 0x80 } else { 0 });
    out.extend_from_slice(&t.scale.to_le_bytes());
    for w in &t.trans {
        out.extend_from_slice(&w.to_le_bytes());
    }
    let (slots, pilots, data) = t.rows.parts();
    out.extend_from_slice(&slots.to_le_bytes());
    out.extend_from_slice(&(pilots.len() as u32).to_le_bytes());
    for p in pilots {
        out.extend_from_slice(&p.to_le_bytes());
    }
    out.extend_from_slice(data);
}

/// A cursor over the model bytes.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0 }
    }

    /// Whether every byte has been read.
    pub(crate) fn is_done(&self) -> bool {
        self.pos == self.bytes.len()
    }

    /// The bytes not read yet, read now.
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        let s = &self.bytes[self.pos.min(self.bytes.len())..];
        self.pos = self.bytes.len();
        s
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| Error::internal("model: truncated"))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    pub(crate) fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub(crate) fn f32(&mut self) -> Result<f32> {
        Ok(f32::from_bits(self.u32()?))
    }

    pub(crate) fn tagger(&mut self) -> Result<Tagger> {
        let byte = self.take(1)?[0];
        let (tags, first) = (usize::from(byte & 0x7f), usize::from(byte >> 7));
        if !Tagger::summable(tags, first) {
            return Err(Error::internal(format!(
                "model: no tagger of {tags} tags from tag {first}"
            )));
        }
        let scale = self.f32()?;
        let mut trans = Vec::with_capacity((tags + 1) * tags);
        for _ in 0..(tags + 1) * tags {
            trans.push(self.f32()?);
        }
        let slots = self.u32()?;
        let buckets = self.u32()?;
        let pilots = self
            .take(buckets as usize * 2)?
            .chunks_exact(2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect();
        let size = (slots as usize + 1)
            .checked_mul(4 + tags - first)
            .ok_or_else(|| Error::internal("model: table too large"))?;
        let data = self.take(size)?.to_vec();
        Ok(Tagger {
            tags,
            scale,
            rows: Rows::from_parts(tags - first, slots, pilots, data)?,
            trans,
            first,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_round_trip_and_truncation_is_an_error() {
        let bytes = Writer::new().section(b"abcd", b"xyz").section(b"efgh", b"").finish();
        let s = Sections::parse(&bytes).expect("sections");
        assert_eq!(s.get(b"abcd").unwrap().take(3).unwrap(), b"xyz");
        assert!(s.get(b"efgh").unwrap().is_done());
        assert!(s.get(b"none").is_err());
        assert!(Sections::parse(&bytes[..bytes.len() - 1]).is_err());
        assert!(Sections::parse(b"nonsense").is_err());
    }
}
