// The benchmark graph's four subgraphs (accounts, inventory, products, reviews) in one Node process, one port each.
//
// They reproduce the public gateway benchmark's subgraphs (see data/SOURCE.md) with @apollo/subgraph on graphql-js,
// and are kept fast so that the gateway, not the subgraphs, is what a run measures: parsed+validated documents are
// cached per query text, resolvers are synchronous, and every response is written with one `end()` call
// (headers and body in one write, TCP_NODELAY on).
//
// Usage: node subgraphs.mjs --data DIR --port accounts=4201 --port products=4202 ...
// Prints one line "ready" on stdout when every port listens. POST /graphql answers GraphQL; GET /health answers 200.

import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createRequire } from "node:module";

// tools/node holds the pinned packages; resolve them from there, wherever this file is run from.
const require = createRequire(new URL("../../tools/node/package.json", import.meta.url));
const { buildSubgraphSchema } = require("@apollo/subgraph");
const { parse, validate, execute, specifiedRules } = require("graphql");

const { values } = parseArgs({
  options: { data: { type: "string" }, port: { type: "string", multiple: true } },
});
const dataDir = values.data;
const data = JSON.parse(readFileSync(join(dataDir, "data.json"), "utf8"));
const sdl = (name) => parse(readFileSync(join(dataDir, `${name}.graphql`), "utf8"));

// Products 1..9 come from data.json; 10..1009 are synthetic (fan-out needs 200 of them).
const products = data.products.map((p) => ({ ...p }));
for (let i = 10; i <= 1009; i++) {
  products.push({ upc: String(i), name: `Product ${i}`, price: ((i * 37) % 5000) + 1, weight: ((i * 13) % 3000) + 1 });
}
const productsByUpc = new Map(products.map((p) => [p.upc, p]));
const inStockByUpc = new Map(data.inventory.map((row) => [row.upc, row.inStock]));
for (let i = 10; i <= 1009; i++) inStockByUpc.set(String(i), i % 2 === 0);
const usersById = new Map(data.users.map((u) => [u.id, u]));
const reviewsByProduct = new Map();
for (const review of data.reviews) {
  if (!reviewsByProduct.has(review.productUpc)) reviewsByProduct.set(review.productUpc, []);
  reviewsByProduct.get(review.productUpc).push(review);
}
// The benchmark's reviews subgraph gives every user the same two reviews.
const userReviews = data.reviews.filter((r) => r.id === "1" || r.id === "2");

const resolvers = {
  accounts: {
    Query: {
      me: () => usersById.get("1"),
      user: (_, { id }) => usersById.get(id) ?? null,
      users: () => data.users,
    },
    User: { __resolveReference: (ref) => usersById.get(ref.id) ?? null },
  },
  products: {
    Query: { topProducts: (_, { first }) => products.slice(0, first) },
    Product: { __resolveReference: (ref) => productsByUpc.get(ref.upc) ?? null },
  },
  inventory: {
    Product: {
      // Reads only the upc (as the benchmark's does): price and weight never reach shippingEstimate.
      __resolveReference: (ref) => ({ upc: ref.upc, inStock: inStockByUpc.get(ref.upc) ?? null }),
      shippingEstimate: (product) => {
        if (product.price == null || product.weight == null) return null;
        return product.price > 1000 ? 0 : Math.round(product.weight * 0.5);
      },
    },
  },
  reviews: {
    Product: {
      __resolveReference: (ref) => ({ upc: ref.upc }),
      reviews: (product) => reviewsByProduct.get(product.upc) ?? [],
    },
    Review: {
      __resolveReference: (ref) => data.reviews.find((r) => r.id === ref.id) ?? null,
      author: () => ({ id: "1", username: "urigo" }),
      product: (review) => ({ upc: review.productUpc }),
    },
    User: {
      __resolveReference: (ref) => ({ id: ref.id, username: "user" }),
      reviews: () => userReviews,
    },
  },
};

function subgraphHandler(name) {
  const schema = buildSubgraphSchema([{ typeDefs: sdl(name), resolvers: resolvers[name] }]);
  const documents = new Map(); // query text -> parsed document, or the validation errors
  const answer = (res, status, payload) => {
    const body = Buffer.from(JSON.stringify(payload));
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": body.length });
    res.end(body);
  };
  return (req, res) => {
    if (req.method === "GET" && req.url.startsWith("/health")) return answer(res, 200, { status: "ok" });
    if (req.method !== "POST") return answer(res, 405, { errors: [{ message: "POST only" }] });
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      let request;
      try {
        request = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return answer(res, 400, { errors: [{ message: "body is not JSON" }] });
      }
      let cached = documents.get(request.query);
      if (cached === undefined) {
        try {
          const document = parse(request.query);
          const errors = validate(schema, document, specifiedRules);
          cached = errors.length ? { errors } : { document };
        } catch (error) {
          cached = { errors: [{ message: String(error.message) }] };
        }
        if (documents.size < 1000) documents.set(request.query, cached);
      }
      if (cached.errors) return answer(res, 400, { errors: cached.errors });
      const result = execute({
        schema,
        document: cached.document,
        variableValues: request.variables,
        operationName: request.operationName,
      });
      // _entities resolves through promises in @apollo/subgraph; plain root fields answer synchronously.
      if (typeof result.then === "function") result.then((value) => answer(res, 200, value));
      else answer(res, 200, result);
    });
  };
}

const listening = (values.port ?? []).map((spec) => {
  const [name, port] = spec.split("=");
  if (!(name in resolvers)) throw new Error(`unknown subgraph ${name}`);
  const server = createServer({ keepAliveTimeout: 60_000, noDelay: true }, subgraphHandler(name));
  return new Promise((resolve) => server.listen(Number(port), "127.0.0.1", resolve));
});
await Promise.all(listening);
process.stdout.write("ready\n");
