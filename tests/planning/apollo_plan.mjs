// Oracle: Apollo's query planner (@apollo/query-planner, pinned through @apollo/gateway in tools/node) on the same
// supergraph and operation, printed with Apollo's own formatter.
//   node tests/planning/apollo_plan.mjs SUPERGRAPH_FILE QUERY_FILE [OPERATION_NAME]   -> the plan (APOLLO_PLAN_JSON=1: JSON)
//   node tests/planning/apollo_plan.mjs --batch < [{"supergraph": file, "query": text, "operationName": str|null}]
//                                                                                    -> JSON list of printed plans
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../tools/node/node_modules/@apollo/gateway/package.json"));
const { parse } = require("graphql");
const { Supergraph, operationFromDocument } = require("@apollo/federation-internals");
const { QueryPlanner, prettyFormatQueryPlan } = require("@apollo/query-planner");

const planners = new Map();
function plan(supergraphFile, query, operationName) {
  let entry = planners.get(supergraphFile);
  if (!entry) {
    const supergraph = Supergraph.build(fs.readFileSync(supergraphFile, "utf8"));
    entry = { supergraph, planner: new QueryPlanner(supergraph) };
    planners.set(supergraphFile, entry);
  }
  const operation = operationFromDocument(entry.supergraph.schema, parse(query), {
    operationName: operationName ?? undefined,
  });
  return entry.planner.buildQueryPlan(operation);
}

if (process.argv[2] === "--batch") {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const cases = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const results = cases.map((c) => {
    try {
      return prettyFormatQueryPlan(plan(c.supergraph, c.query, c.operationName));
    } catch (error) {
      return `ERROR ${error?.message ?? error}`;
    }
  });
  process.stdout.write(JSON.stringify(results));
} else {
  const [supergraphFile, queryFile, operationName] = process.argv.slice(2);
  const result = plan(supergraphFile, fs.readFileSync(queryFile, "utf8"), operationName);
  console.log(
    process.env.APOLLO_PLAN_JSON
      ? JSON.stringify(result.node, (k, v) => (k === "operationDocumentNode" || k === "operation" ? undefined : v), 1)
      : prettyFormatQueryPlan(result),
  );
}
