// Swagger UI for /docs, from the bundled copy; "Authorize" takes the bearer token.
window.ui = window.SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,  // never send the document to an outside validator
  persistAuthorization: false,
});
