#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# check.sh — the monitoring files checked without a running stack (make
# test-unit): the alert rules by `promtool check rules` and their cases by
# `promtool test rules`; the Grafana dashboard is JSON whose every query
# parses (promtool's own parser: `promtool check rules` on a generated rule
# file); and every dk_ series the rules and the dashboard name is one the
# code registers (a typo would give a panel without data, an alert that
# never fires).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root/infra/monitoring"
command -v promtool >/dev/null || { echo "monitoring: promtool missing (infra/deps.sh test)" >&2; exit 1; }
promtool check rules alerts.yml >/dev/null
promtool test rules alerts_test.yml >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/dashboard_rules.yml" "$root" <<'PY'
import json, pathlib, re, sys
out, root = sys.argv[1], pathlib.Path(sys.argv[2])
dash = json.loads((root / "infra/monitoring/grafana-dashboard.json").read_text())
exprs = []
def walk(panels):
    for p in panels:
        walk(p.get("panels", []))
        for t in p.get("targets", []):
            exprs.append(t["expr"])
walk(dash["panels"])
assert exprs, "the dashboard has no queries"
# Grafana's variables become what Prometheus reads.
rules = [{"record": "dashboard:q%d" % i, "expr": e.replace("$job", ".*")} for i, e in enumerate(exprs)]
pathlib.Path(out).write_text(json.dumps({"groups": [{"name": "dashboard", "rules": rules}]}))
text = "\n".join(exprs) + (root / "infra/monitoring/alerts.yml").read_text()
used = {re.sub(r"_(bucket|sum|count)$", "", n) for n in re.findall(r"\bdk_[a-z_]+\b", text)}
used = {n for n in used if not n.startswith("dk_pipeline")}
code = "".join(p.read_text(errors="replace") for d in ("common", "consumers", "workers", "producers", "infra")
               for p in (root / d).rglob("*.c"))
missing = sorted(n for n in used if '"%s"' % n not in code)
if missing:
    sys.exit("monitoring: series no code registers: " + ", ".join(missing))
PY
promtool check rules "$tmp/dashboard_rules.yml" >/dev/null
echo "monitoring: alert rules, their tests and the dashboard's queries check"
