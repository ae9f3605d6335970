//! Code generated from `proto/` by build.rs.
#![allow(missing_docs, clippy::all, clippy::pedantic)]

/// `lede.v1`: the service and its messages.
pub mod lede {
    pub mod v1 {
        tonic::include_proto!("lede.v1");
        include!(concat!(env!("OUT_DIR"), "/lede.v1.serde.rs"));
    }
}

/// `google.rpc`: `Status`, for errors inside a stream.
pub mod google {
    pub mod rpc {
        tonic::include_proto!("google.rpc");
        include!(concat!(env!("OUT_DIR"), "/google.rpc.serde.rs"));
    }
}

/// The encoded file descriptor set of every proto, for server reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] = tonic::include_file_descriptor_set!("lede_descriptor");

pub use lede::v1::*;

/// A span's JSON always has both ends: the canonical mapping leaves out a
/// zero `begin` (`{"end": 50}`), which breaks the simplest reader. Proto3
/// JSON parsers accept fields at their default value, so this stays valid.
impl serde::Serialize for TextSpan {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut span = serializer.serialize_struct("lede.v1.TextSpan", 2)?;
        span.serialize_field("begin", &self.begin)?;
        span.serialize_field("end", &self.end)?;
        span.end()
    }
}

/// Reads a span as the canonical mapping writes it: either end may be
/// absent or null (zero), a number or a decimal string.
impl<'de> serde::Deserialize<'de> for TextSpan {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<TextSpan, D::Error> {
        use pbjson::private::NumberDeserialize;
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Wire {
            #[serde(default)]
            begin: Option<NumberDeserialize<u32>>,
            #[serde(default)]
            end: Option<NumberDeserialize<u32>>,
        }
        let Wire { begin, end } = Wire::deserialize(deserializer)?;
        Ok(TextSpan {
            begin: begin.map_or(0, |n| n.0),
            end: end.map_or(0, |n| n.0),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_write_both_ends_and_read_the_canonical_form() {
        let span = TextSpan { begin: 0, end: 50 };
        assert_eq!(
            serde_json::to_string(&span).ok().as_deref(),
            Some(r#"{"begin":0,"end":50}"#)
        );
        for json in [
            r#"{"end":50}"#,
            r#"{"begin":null,"end":"50"}"#,
            r#"{"begin":0,"end":50}"#,
        ] {
            assert_eq!(serde_json::from_str::<TextSpan>(json).ok(), Some(span), "{json}");
        }
        assert!(serde_json::from_str::<TextSpan>(r#"{"start":0}"#).is_err());
    }
}
