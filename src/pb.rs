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
