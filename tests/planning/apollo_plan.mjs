// Development oracle: print Apollo's query plan for a supergraph and an operation, to compare plan shapes.
// Usage: node tests/planning/apollo_plan.mjs SUPERGRAPH_FILE QUERY_FILE [OPERATION_NAME]
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../tools/node/node_modules/@apollo/gateway/package.json"));
const { parse } = require("graphql");
const { Supergraph, operationFromDocument } = require("@apollo/federation-internals");
const { QueryPlanner, prettyFormatQueryPlan } = require("@apollo/query-planner");

const [supergraphFile, queryFile, operationName] = process.argv.slice(2);
const supergraph = Supergraph.build(fs.readFileSync(supergraphFile, "utf8"));
const planner = new QueryPlanner(supergraph);
const operation = operationFromDocument(supergraph.schema, parse(fs.readFileSync(queryFile, "utf8")), {
  operationName,
});
const plan = planner.buildQueryPlan(operation);
console.log(process.env.APOLLO_PLAN_JSON ? JSON.stringify(plan.node, (k, v) => (k === "operationDocumentNode" || k === "operation" ? undefined : v), 1) : prettyFormatQueryPlan(plan));
