//! Generates the tonic client from the repository's `proto/` with protox
//! (pure Rust: no protoc needed).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let proto = "../../../proto";
    println!("cargo:rerun-if-changed={proto}");
    let fds = protox::compile(["lede/v1/article_service.proto"], [proto])?;
    tonic_prost_build::configure().build_server(false).compile_fds(fds)?;
    Ok(())
}
