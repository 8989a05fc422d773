// The differential test's oracle: Apollo Gateway (@apollo/gateway, pinned in tools/node) serving a supergraph file
// over a minimal GraphQL-over-HTTP endpoint (POST /graphql, JSON). Apollo Server is not needed for an oracle: this
// parses and validates with graphql-js, then hands the request to the gateway's executor, as Apollo Server would.
// Usage: node apollo_gateway.mjs --supergraph FILE --port N
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../../tools/node/package.json"));
const { parse, validate, GraphQLError } = require("graphql");
const { ApolloGateway } = require("@apollo/gateway");

const { values } = parseArgs({ options: { supergraph: { type: "string" }, port: { type: "string" } } });
const quiet = { debug() {}, info() {}, warn() {}, error: (...a) => console.error(...a) };
const gateway = new ApolloGateway({ supergraphSdl: readFileSync(values.supergraph, "utf8"), logger: quiet });
const { schema, executor } = await gateway.load();

async function execute(body) {
  if (typeof body?.query !== "string") return { status: 400, result: { errors: [{ message: "query missing" }] } };
  let document;
  try {
    document = parse(body.query);
  } catch (error) {
    return { status: 400, result: { errors: [error.toJSON()] } };
  }
  const errors = validate(schema, document);
  if (errors.length) return { status: 400, result: { errors: errors.map((e) => e.toJSON()) } };
  const request = { query: body.query, variables: body.variables ?? {}, operationName: body.operationName ?? undefined };
  const result = await executor({
    request,
    document,
    source: body.query,
    queryHash: createHash("sha256").update(body.query).digest("hex"),
    operationName: body.operationName ?? null,
    schema,
    context: {},
    logger: quiet,
    metrics: {},
    cache: undefined,
    overallCachePolicy: {},
  });
  const out = {};
  if (result.errors) out.errors = result.errors.map((e) => (e instanceof GraphQLError ? e.toJSON() : e));
  if ("data" in result) out.data = result.data;
  return { status: 200, result: out };
}

const server = http.createServer(async (req, res) => {
  const send = (status, payload) => {
    const text = JSON.stringify(payload);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };
  if (req.method === "GET" && req.url === "/health") return send(200, { status: "ok" });
  if (req.method !== "POST" || req.url !== "/graphql") return send(404, { error: "not found" });
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  let body;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return send(400, { errors: [{ message: "body is not JSON" }] });
  }
  try {
    const { status, result } = await execute(body);
    send(status, result);
  } catch (error) {
    send(500, { errors: [{ message: String(error?.stack ?? error) }] });
  }
});
server.listen(Number(values.port), "127.0.0.1");
