// Starts GraphiQL against the router's endpoint (written by hand; the other files here are vendored).
(function () {
  "use strict";
  var root = document.getElementById("graphiql");
  var endpoint = new URL(root.getAttribute("data-endpoint"), window.location.href).toString();
  var fetcher = GraphiQL.createFetcher({ url: endpoint });
  var props = {
    fetcher: fetcher,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: true,
    defaultEditorToolsVisibility: "headers",
  };
  // Optional first-visit contents of the editors, from the router's settings.
  if (root.hasAttribute("data-default-query")) props.defaultQuery = root.getAttribute("data-default-query");
  if (root.hasAttribute("data-default-headers")) props.defaultHeaders = root.getAttribute("data-default-headers");
  var app = React.createElement(GraphiQL, props);
  ReactDOM.createRoot(root).render(app);
})();
