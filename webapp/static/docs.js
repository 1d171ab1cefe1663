// Starts Swagger UI on /docs (docs.ftlh) over the description its element names. A file of
// its own, not an inline script: the page's Content-Security-Policy allows only the site's scripts.
window.addEventListener("load", function () {
  var element = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: element.getAttribute("data-spec"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
});
