"""Out-of-scope cases of every benefits route that names an object (run by core/tests/test_route_scope.py)."""

from core.testing import ScopeTable

table = ScopeTable("benefits")
