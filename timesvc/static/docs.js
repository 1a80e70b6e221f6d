// Starts Swagger UI on /docs. A file, not an inline script, so the page's CSP can forbid inline code.
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({ url: "openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
