// Test oracle: compose many subgraph sets with @theguild/federation-composition in ONE node process.
// stdin: JSON [{"id": str, "subgraphs": [{"name": str, "url": str, "sdl": str}]}]
// stdout: JSON [{"id": str, "errors": [{"code": str, "message": str}]} | {"id": str, "supergraph": str, "api": str}]
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../tools/node/package.json"));
const { parse } = require("graphql");
const { composeServices, compositionHasErrors } = require("@theguild/federation-composition");

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const cases = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const timing = process.argv.includes("--time");
const results = [];
const started = process.hrtime.bigint();
for (const item of cases) {
  let result;
  try {
    const services = item.subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) }));
    const composed = composeServices(services);
    if (compositionHasErrors(composed)) {
      result = {
        id: item.id,
        errors: composed.errors.map((e) => ({ code: e.extensions?.code ?? null, message: e.message })),
      };
    } else {
      result = { id: item.id, supergraph: composed.supergraphSdl, api: composed.publicSdl };
    }
  } catch (error) {
    result = { id: item.id, errors: [{ code: "INVALID_GRAPHQL", message: String(error?.message ?? error) }] };
  }
  results.push(result);
}
const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(JSON.stringify(timing ? { elapsed_ms: elapsed, results } : results));
