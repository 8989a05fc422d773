// Apollo Gateway 2.14 behind a minimal Node HTTP server: the benchmark's Apollo baseline.
//
// The gateway runs with its default configuration (default query-plan cache, RemoteGraphQLDataSource with its
// default fetcher); the server around it only parses the request, caches parsed+validated documents per query text
// (as Apollo Server does) and hands a request context to `gateway.executor`.
//
// Usage: node apollo_gateway.mjs --supergraph FILE --port N   (prints "ready" when it listens)

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";

const require = createRequire(new URL("../../tools/node/package.json", import.meta.url));
const { ApolloGateway } = require("@apollo/gateway");
const { parse, validate, specifiedRules } = require("graphql");

const { values } = parseArgs({ options: { supergraph: { type: "string" }, port: { type: "string" } } });
const quiet = { debug() {}, info() {}, warn() {}, error: (...a) => console.error(...a) };
const gateway = new ApolloGateway({ supergraphSdl: readFileSync(values.supergraph, "utf8"), logger: quiet });
const { schema, executor } = await gateway.load();

const documents = new Map(); // query text -> { document, queryHash } or { errors }

function answer(res, status, payload) {
  const body = Buffer.from(JSON.stringify(payload));
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": body.length });
  res.end(body);
}

async function handle(req, res, raw) {
  let request;
  try {
    request = JSON.parse(raw);
  } catch {
    return answer(res, 400, { errors: [{ message: "body is not JSON" }] });
  }
  let cached = documents.get(request.query);
  if (cached === undefined) {
    try {
      const document = parse(request.query);
      const errors = validate(schema, document, specifiedRules);
      cached = errors.length
        ? { errors }
        : { document, queryHash: createHash("sha256").update(request.query).digest("hex") };
    } catch (error) {
      cached = { errors: [{ message: String(error.message) }] };
    }
    if (documents.size < 1000) documents.set(request.query, cached);
  }
  if (cached.errors) return answer(res, 400, { errors: cached.errors });
  const operationName = request.operationName ?? null;
  const result = await executor({
    request: { query: request.query, operationName, variables: request.variables ?? {} },
    document: cached.document,
    queryHash: cached.queryHash,
    operationName,
    schema,
    context: {},
    cache: undefined,
    logger: quiet,
    metrics: {},
    overallCachePolicy: undefined,
  });
  answer(res, 200, result);
}

const server = createServer({ keepAliveTimeout: 60_000, noDelay: true }, (req, res) => {
  if (req.method === "GET" && req.url.startsWith("/health")) return answer(res, 200, { status: "ok" });
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    handle(req, res, Buffer.concat(chunks).toString("utf8")).catch((error) => {
      console.error(error);
      answer(res, 500, { errors: [{ message: "internal error" }] });
    });
  });
});
server.listen(Number(values.port), "127.0.0.1", () => process.stdout.write("ready\n"));
