"""axe-core (vendored, tests/browser/vendor/axe.min.js) run inside a Playwright page."""

from __future__ import annotations

from functools import cache
from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
FAILING = ("serious", "critical")

RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => {
      const data = (n.any[0] || {}).data || {};
      const colours = data.fgColor ? ` (${data.fgColor} on ${data.bgColor}: ${data.contrastRatio})` : "";
      return n.target.join(" ") + colours;
    }),
  }));
}"""


@cache
def _source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, *, impacts: tuple[str, ...] = FAILING) -> list[str]:
    """The page's axe violations of these impacts, one line each: rule, impact, help, targets.

    The script is evaluated over the DevTools protocol, not added as a <script> tag, so the
    site's Content-Security-Policy (script-src 'self') neither blocks nor reports it."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_source())
    found = page.evaluate(RUN)
    return [
        f"{page.url} [{v['impact']}] {v['id']}: {v['help']} -> {', '.join(v['targets'][:5])}"
        + (f" (+{len(v['targets']) - 5} more)" if len(v["targets"]) > 5 else "")
        for v in found
        if v["impact"] in impacts
    ]
