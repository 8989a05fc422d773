// One load run with autocannon: N keep-alive connections POST one GraphQL request for a fixed duration.
//
// Reads a JSON spec on stdin: {url, body, expectBody, connections, duration}. `expectBody` is the exact response
// text checked (byte for byte) on every single response; a different body counts as a mismatch.
// Prints one JSON line: {requests, duration, rps, p50, p90, p99, max, mismatches, non2xx, errors, timeouts}
// (latencies in milliseconds).

import { createRequire } from "node:module";

const require = createRequire(new URL("../../tools/node/package.json", import.meta.url));
const autocannon = require("autocannon");

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const spec = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const result = await autocannon({
  url: spec.url,
  method: "POST",
  headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
  body: spec.body,
  expectBody: spec.expectBody ?? undefined,
  connections: spec.connections,
  pipelining: 1,
  duration: spec.duration,
  timeout: 30,
});

const latency = result.latency;
process.stdout.write(
  JSON.stringify({
    requests: result.requests.total,
    duration: result.duration,
    rps: result.requests.total / result.duration,
    p50: latency.p50,
    p90: latency.p90,
    p99: latency.p99,
    max: latency.max,
    mismatches: result.mismatches,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }) + "\n",
);
