#!/usr/bin/env bash
# Copy GraphiQL and React (UMD builds, pinned in tools/graphiql/package.json) into the router's static files, with
# their licenses. The copies are committed, so the router serves GraphiQL offline and needs no npm at run time.
# Re-run after changing a pinned version:  bash tools/graphiql/vendor.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="$here/../../router/server/static/graphiql"
cd "$here"
npm ci --no-audit --no-fund --loglevel=error
mkdir -p "$target/licenses"
cp node_modules/graphiql/graphiql.min.js node_modules/graphiql/graphiql.min.css "$target/"
cp node_modules/react/umd/react.production.min.js "$target/"
cp node_modules/react-dom/umd/react-dom.production.min.js "$target/"
cp node_modules/graphiql/LICENSE "$target/licenses/graphiql.LICENSE"
cp node_modules/react/LICENSE "$target/licenses/react.LICENSE"
cp node_modules/react-dom/LICENSE "$target/licenses/react-dom.LICENSE"
cp node_modules/graphql/LICENSE "$target/licenses/graphql.LICENSE"
{
  echo "Vendored by tools/graphiql/vendor.sh; do not edit by hand."
  for package in graphiql react react-dom graphql; do
    node -e "const p=require('./node_modules/$package/package.json'); console.log(p.name + ' ' + p.version + ' (' + p.license + ')')"
  done
} > "$target/VERSIONS"
echo "vendored into $target"
