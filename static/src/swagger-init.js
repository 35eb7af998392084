/* Starts Swagger UI on /api/v1/docs from the settings the page embeds (#swagger-settings); no inline script. */
(function () {
  "use strict";
  var body = document.body.dataset;
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  config.dom_id = "#swagger-ui";
  config.presets = [window.SwaggerUIBundle.presets.apis];
  config.layout = "BaseLayout";
  if (body.apiCsrf && body.csrfToken) {
    config.requestInterceptor = function (req) { req.headers["X-CSRFToken"] = body.csrfToken; return req; };
  }
  window.SwaggerUIBundle(config);
})();
