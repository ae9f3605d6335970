"""A Python client generated from proto/ with grpcio-tools calls a running
`lede serve`: the proof that clients in other languages work.

Run through scripts/test.sh, which builds the binary and sets LEDE_BIN.
"""
import importlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_tools import protoc

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = (ROOT / "examples" / "xinhua-china-india.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def stubs(tmp_path_factory):
    """Generates the Python client from proto/ into a temporary folder."""
    out = tmp_path_factory.mktemp("generated")
    protos = [str(p.relative_to(ROOT / "proto")) for p in (ROOT / "proto").rglob("*.proto")]
    well_known = Path(protoc.__file__).parent / "_proto"
    code = protoc.main(["protoc", f"-I{ROOT / 'proto'}", f"-I{well_known}",
                        f"--python_out={out}", f"--grpc_python_out={out}", *protos])
    assert code == 0, "protoc failed"
    sys.path.insert(0, str(out))
    pb2 = importlib.import_module("lede.v1.article_service_pb2")
    grpc_pb2 = importlib.import_module("lede.v1.article_service_pb2_grpc")
    article_pb2 = importlib.import_module("lede.v1.article_pb2")
    summary_pb2 = importlib.import_module("lede.v1.summary_pb2")
    return pb2, grpc_pb2, article_pb2, summary_pb2


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def channel():
    binary = os.environ.get("LEDE_BIN", str(ROOT / "target" / "release" / "lede"))
    port = free_port()
    env = dict(os.environ, LEDE_SHUTDOWN_DELAY="0s", RUST_LOG="warn")
    server = subprocess.Popen([binary, "serve", "--listen", f"127.0.0.1:{port}"], env=env)
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    try:
        grpc.channel_ready_future(channel).result(timeout=30)
        yield channel
    finally:
        channel.close()
        server.terminate()
        assert server.wait(timeout=30) == 0, "lede serve did not exit cleanly on SIGTERM"


def document(article_pb2, doc_id, text):
    return article_pb2.Document(document_id=doc_id, text=text)


def test_health_says_serving(channel):
    health = health_pb2_grpc.HealthStub(channel)
    for service in ("", "lede.v1.ArticleService"):
        reply = health.Check(health_pb2.HealthCheckRequest(service=service), timeout=10)
        assert reply.status == health_pb2.HealthCheckResponse.SERVING


def test_every_rpc_answers_on_the_sample(stubs, channel):
    pb2, grpc_pb2, article_pb2, summary_pb2 = stubs
    stub = grpc_pb2.ArticleServiceStub(channel)
    doc = document(article_pb2, "xinhua", SAMPLE)

    parsed = stub.Parse(pb2.ParseRequest(document=doc), timeout=30)
    assert parsed.document_id == "xinhua"
    assert parsed.article.text == SAMPLE
    assert len(parsed.article.paragraphs) > 0

    extracted = stub.Extract(pb2.ExtractRequest(article=parsed.article, document_id="again"), timeout=30)
    assert extracted.document_id == "again"
    extracted = stub.Extract(pb2.ExtractRequest(document=doc), timeout=30)
    assert extracted.document_id == "xinhua"
    assert extracted.article.text == SAMPLE

    summarized = stub.Summarize(pb2.SummarizeRequest(
        document=doc, summary_options=summary_pb2.SummaryOptions(max_sentences=2)), timeout=30)
    assert summarized.document_id == "xinhua"
    assert len(summarized.summary.sentences) == 2
    # Code-point offsets slice a Python str.
    analyzed = stub.Analyze(pb2.AnalyzeRequest(
        document=doc, offset_encoding=article_pb2.OFFSET_ENCODING_CODE_POINT), timeout=30)
    assert analyzed.document_id == "xinhua"
    for s in analyzed.summary.sentences:
        assert SAMPLE[s.span.begin:s.span.end] == s.text
    # Who said what, resolved to a participant and dated ("said Monday").
    speakers = {p.id: p.name for p in analyzed.participants}
    lead = analyzed.statements[0]
    assert (speakers[lead.speaker_id], lead.cue.lemma, lead.date) == ("Wang Yi", "say", "2025-01-27")
    assert not analyzed.notices

    requests = [pb2.AnalyzeStreamRequest(document=document(article_pb2, str(i), SAMPLE)) for i in range(3)]
    requests.insert(1, pb2.AnalyzeStreamRequest(document=document(article_pb2, "blank", " ")))
    replies = list(stub.AnalyzeStream(iter(requests), timeout=60))
    assert [r.document_id for r in replies] == ["0", "blank", "1", "2"]
    assert replies[1].error.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert all(not r.HasField("error") for r in replies if r.document_id != "blank")
    assert all(r.summary.sentences for r in replies if r.document_id != "blank")


def test_empty_text_is_invalid_argument_naming_the_field(stubs, channel):
    pb2, grpc_pb2, article_pb2, _ = stubs
    stub = grpc_pb2.ArticleServiceStub(channel)
    with pytest.raises(grpc.RpcError) as err:
        stub.Analyze(pb2.AnalyzeRequest(document=document(article_pb2, "empty", "")), timeout=10)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "document.text" in err.value.details()


def test_reflection_lists_the_service(channel):
    from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    replies = stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=10)
    names = [s.name for r in replies for s in r.list_services_response.service]
    assert "lede.v1.ArticleService" in names
