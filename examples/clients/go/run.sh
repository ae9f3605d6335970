#!/usr/bin/env bash
# Usage: run.sh HOST:PORT FILE. Calls Analyze on FILE through the Go client
# (grpc-go). The Go module proxy is out of reach here, so everything comes
# from Debian's packages (installed on first use with apt-get when missing:
# Go 1.19, grpc-go 1.33, protobuf-go 1.28, protoc and its Go plugins) and
# builds in GOPATH mode; the code is generated from ../../../proto into gen/.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 HOST:PORT FILE" >&2; exit 2; }
file=$(realpath "$2")
cd "$(dirname "$0")"
packages="golang-go golang-google-grpc-dev golang-google-protobuf-dev golang-github-golang-protobuf-1-5-dev protoc-gen-go protoc-gen-go-grpc protobuf-compiler"
if ! command -v go protoc protoc-gen-go protoc-gen-go-grpc >/dev/null || ! dpkg -s golang-google-grpc-dev golang-github-golang-protobuf-1-5-dev >/dev/null 2>&1; then
  { apt-get update -qq && apt-get install -y -qq $packages >/dev/null; } >&2
fi
out=gen/src/ledepb
stamp=$out/lede/v1/article_service_grpc.pb.go
if [ ! -f $stamp ] || [ -n "$(find ../../../proto -name '*.proto' -newer $stamp)" ]; then
  rm -rf gen && mkdir -p $out
  protos=$(cd ../../../proto && find lede -name '*.proto')
  # The protos carry no go_package: name the Go package of each file;
  # google.rpc.Status is grpc-go's own (genproto), not generated again.
  mapping=$(for p in $protos; do printf 'M%s=ledepb/%s,' "$p" "$(dirname "$p")"; done)
  mapping="${mapping}Mgoogle/rpc/status.proto=google.golang.org/genproto/googleapis/rpc/status"
  protoc -I../../../proto --go_out=$out --go_opt="$mapping" --go_opt=module=ledepb \
    --go-grpc_out=$out --go-grpc_opt="$mapping" --go-grpc_opt=module=ledepb $protos
fi
export GO111MODULE=off GOPATH="$PWD/gen:/usr/share/gocode" GOCACHE=${GOCACHE:-$PWD/gen/cache} GOFLAGS=-mod=
exec go run client.go "$1" "$file"
