// The graphql-http server audits (graphql-http 1.23.1, pinned in tools/node) against one GraphQL-over-HTTP URL.
// Usage: node graphql_http_audit.mjs --list            -> JSON [{id, name}] (no server needed)
//        node graphql_http_audit.mjs --url URL          -> JSON [{id, name, status, reason}] (status ok|notice|warn|error)
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../tools/node/package.json"));
const { serverAudits } = require("graphql-http");

const { values } = parseArgs({ options: { url: { type: "string" }, list: { type: "boolean" } } });
const audits = serverAudits({ url: values.url ?? "http://127.0.0.1:9/graphql", fetchFn: fetch });
if (values.list) {
  process.stdout.write(JSON.stringify(audits.map(({ id, name }) => ({ id, name }))));
} else {
  const results = [];
  for (const audit of audits) {
    try {
      const result = await audit.fn();
      let reason = result.reason ?? null;
      if (result.status !== "ok" && result.response) {
        const body = await result.response.text().catch(() => "");
        reason = `${reason} (HTTP ${result.response.status}: ${body.slice(0, 300)})`;
      }
      results.push({ id: audit.id, name: audit.name, status: result.status, reason });
    } catch (error) {
      results.push({ id: audit.id, name: audit.name, status: "error", reason: `audit threw: ${error?.message ?? error}` });
    }
  }
  process.stdout.write(JSON.stringify(results));
}
