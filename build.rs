//! Compiles `proto/` with protox (pure Rust, no protoc): prost messages and
//! tonic services, a file descriptor set for server reflection, and serde
//! impls through pbjson so that JSON follows the proto3 canonical mapping
//! (but for `TextSpan`, which always writes both ends).

use std::path::PathBuf;

use prost::Message;

const PROTOS: &[&str] = &["lede/v1/article_service.proto"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=proto");
    let out = PathBuf::from(std::env::var("OUT_DIR")?);

    let fds = protox::compile(PROTOS, ["proto"])?;
    let descriptor_path = out.join("lede_descriptor.bin");
    std::fs::write(&descriptor_path, fds.encode_to_vec())?;

    tonic_prost_build::configure()
        .compile_well_known_types(true)
        .extern_path(".google.protobuf", "::pbjson_types")
        .compile_fds(fds)?;

    // TextSpan's serde is written by hand in src/pb.rs: it writes both
    // ends, where the canonical mapping would leave out a zero `begin`.
    pbjson_build::Builder::new()
        .register_descriptors(&std::fs::read(&descriptor_path)?)?
        .exclude([".lede.v1.TextSpan"])
        .build(&[".lede.v1", ".google.rpc"])?;
    Ok(())
}
