// Compose the conformance test subgraphs with The Guild's composer (@theguild/federation-composition, pinned in
// tools/node). stdin: JSON [{"name", "url", "sdl"}]; stdout: JSON {"supergraph", "api"} (the API schema as the
// composer prints it); exit 1 with the errors on failure.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../../tools/node/package.json"));
const { parse } = require("graphql");
const { composeServices, compositionHasErrors } = require("@theguild/federation-composition");

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const subgraphs = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const composed = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
if (compositionHasErrors(composed)) {
  for (const error of composed.errors) console.error(`${error.extensions?.code ?? "ERROR"}: ${error.message}`);
  process.exit(1);
}
process.stdout.write(JSON.stringify({ supergraph: composed.supergraphSdl, api: composed.publicSdl }));
