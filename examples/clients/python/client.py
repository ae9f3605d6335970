"""Calls lede.v1.ArticleService/Analyze over gRPC (grpcio) and prints who
said what, then the gist. Usage: python client.py HOST:PORT FILE

The modules under gen/ come from ../../../proto (run.sh generates them with
grpc_tools.protoc, the README's command)."""

import sys
from pathlib import Path

import grpc

sys.path.insert(0, str(Path(__file__).parent / "gen"))
from lede.v1 import article_pb2, article_service_pb2, article_service_pb2_grpc  # noqa: E402


def main(target: str, file: str) -> None:
    document = article_pb2.Document(document_id=file, text=Path(file).read_text(encoding="utf-8"))
    with grpc.insecure_channel(target) as channel:
        client = article_service_pb2_grpc.ArticleServiceStub(channel)
        response = client.Analyze(article_service_pb2.AnalyzeRequest(document=document), timeout=30)
    participants = {p.id: p for p in response.participants}
    for statement in response.statements:
        speaker = participants.get(statement.speaker_id)
        who = speaker.name if speaker else statement.speaker.text or "Someone"
        about = [a for a in (speaker.titles[:1] + [speaker.country_code] if speaker else []) if a]
        if about:
            who += f" ({', '.join(about)})"
        print(f"{who} said: {statement.content}")
    print(f"Gist: {response.summary.gist}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python client.py HOST:PORT FILE")
    main(sys.argv[1], sys.argv[2])
