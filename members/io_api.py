"""API of roster imports and exports (background jobs with progress)."""

from ninja import Router

imports_router = Router(tags=["会员导入"])
exports_router = Router(tags=["会员导出"])
