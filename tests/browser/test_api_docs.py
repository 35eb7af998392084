"""The interactive API docs render from the site's own files (Swagger UI from npm), on an intranet with no CDN."""

from playwright.sync_api import expect


def test_api_docs_render_without_a_cdn(new_page, shoot, live_server):
    page = new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .opblock-tag").first).to_be_visible(timeout=60_000)  # a large schema
    expect(page.get_by_text("工会服务平台 API").first).to_be_visible()
    shoot(page, "api-docs")
    assert page.js_errors == []
    assert [u for u in outside if not u.startswith(("data:", "blob:"))] == []
