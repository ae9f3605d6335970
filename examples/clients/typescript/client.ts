// Calls lede.v1.ArticleService/Analyze over gRPC (Connect for Node, gRPC
// protocol over HTTP/2) and prints who said what, then the gist.
// Usage: tsx client.ts HOST:PORT FILE
import { readFileSync } from "node:fs";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ArticleService } from "./gen/lede/v1/article_service_pb.js";

const [target, file] = process.argv.slice(2);
if (!target || !file) {
  console.error("usage: tsx client.ts HOST:PORT FILE");
  process.exit(2);
}

const transport = createGrpcTransport({ baseUrl: `http://${target}` });
const client = createClient(ArticleService, transport);
const response = await client.analyze(
  { document: { documentId: file, content: { case: "text", value: readFileSync(file, "utf8") } } },
  { timeoutMs: 30_000 },
);

const participants = new Map(response.participants.map((p) => [p.id, p]));
for (const statement of response.statements) {
  const speaker = participants.get(statement.speakerId);
  let who = speaker?.name ?? statement.speaker?.text ?? "Someone";
  const about = [speaker?.titles[0], speaker?.countryCode].filter(Boolean);
  if (about.length > 0) who += ` (${about.join(", ")})`;
  console.log(`${who} said: ${statement.content}`);
}
console.log(`Gist: ${response.summary?.gist ?? ""}`);
