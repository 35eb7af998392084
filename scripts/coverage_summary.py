"""Print the test coverage per app and in total from the ``.coverage`` data of the last run (``make test``)."""

import sys
from collections import defaultdict
from pathlib import Path

import coverage

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    data_file = ROOT / ".coverage"
    if not data_file.exists():
        print("no coverage data (.coverage) to summarise")
        return 0
    cov = coverage.Coverage(data_file=str(data_file))
    cov.load()
    statements: dict[str, int] = defaultdict(int)
    missing: dict[str, int] = defaultdict(int)
    for filename in cov.get_data().measured_files():
        path = Path(filename)
        try:
            app = path.relative_to(ROOT).parts[0]
        except ValueError:
            continue
        try:
            _, stmts, _, miss, _ = cov.analysis2(filename)
        except coverage.exceptions.NoSource:
            continue
        statements[app] += len(stmts)
        missing[app] += len(miss)
    width = max((len(a) for a in statements), default=5)
    print(f"{'app':<{width}}  statements  missed  covered")
    for app in sorted(statements):
        s, m = statements[app], missing[app]
        print(f"{app:<{width}}  {s:>10}  {m:>6}  {100 * (s - m) / s if s else 100:6.1f}%")
    s, m = sum(statements.values()), sum(missing.values())
    print(f"{'total':<{width}}  {s:>10}  {m:>6}  {100 * (s - m) / s if s else 100:6.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
