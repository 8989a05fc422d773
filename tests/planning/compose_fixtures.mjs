// Regenerates tests/planning/fixtures/<feature>/supergraph.graphql from the subgraph SDLs beside it, with
// The Guild's composer (pinned in tools/node). Run: node tests/planning/compose_fixtures.mjs [feature ...]
// Each subgraph file is <name>.graphql; its URL is http://<name>. Committed output: the tests never run node.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../tools/node/package.json"));
const { parse } = require("graphql");
const { composeServices, compositionHasErrors } = require("@theguild/federation-composition");

const root = path.join(here, "fixtures");
const wanted = process.argv.slice(2);
let failed = false;
for (const feature of fs.readdirSync(root).sort()) {
  if (wanted.length && !wanted.includes(feature)) continue;
  const dir = path.join(root, feature);
  if (!fs.statSync(dir).isDirectory()) continue;
  const services = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".graphql") && f !== "supergraph.graphql")
    .sort()
    .map((f) => {
      const name = f.slice(0, -".graphql".length);
      return { name, url: `http://${name}`, typeDefs: parse(fs.readFileSync(path.join(dir, f), "utf8")) };
    });
  const composed = composeServices(services);
  if (compositionHasErrors(composed)) {
    failed = true;
    console.error(`${feature}: ${composed.errors.map((e) => e.message).join("\n  ")}`);
    continue;
  }
  fs.writeFileSync(path.join(dir, "supergraph.graphql"), composed.supergraphSdl + "\n");
  console.log(`${feature}: ok`);
}
process.exit(failed ? 1 : 0);
