// Starts Swagger UI on /docs. A file, not an inline script, so the page's CSP can forbid inline code.
// validatorUrl null: a layout with Swagger UI's validator badge would send the spec to validator.swagger.io.
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({ url: "openapi.json", dom_id: "#swagger-ui", deepLinking: true, validatorUrl: null });
});
