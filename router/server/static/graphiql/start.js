// Starts GraphiQL against the router's endpoint (written by hand; the other files here are vendored).
(function () {
  "use strict";
  var root = document.getElementById("graphiql");
  var endpoint = new URL(root.getAttribute("data-endpoint"), window.location.href).toString();
  var fetcher = GraphiQL.createFetcher({ url: endpoint });
  var app = React.createElement(GraphiQL, {
    fetcher: fetcher,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: true,
    defaultEditorToolsVisibility: "headers",
  });
  ReactDOM.createRoot(root).render(app);
})();
