"""Medians over rounds, the ratios to stock waitress and to plain Pyramid on it, the table and the plot."""
import statistics
from pathlib import Path


def summarise(runs: list[dict]) -> dict:
    """Per server and concurrency: medians over rounds; errors summed, memory and queue at their worst."""
    rows = {}
    for key in sorted({(r["server"], r["connections"]) for r in runs}, key=lambda k: (k[1], k[0])):
        group = [r for r in runs if (r["server"], r["connections"]) == key]
        median = lambda field: statistics.median(r[field] for r in group)  # noqa: E731
        rows[f"{key[0]} -c{key[1]}"] = {
            "server": key[0],
            "connections": key[1],
            "rounds": len(group),
            "rps": median("rps"),
            "p50_ms": median("p50_ms"),
            "p99_ms": median("p99_ms"),
            "errors": sum(r["socket_errors"] + r["non_2xx"] for r in group),
            "unaccepted": max(r["unaccepted"] for r in group),
            "cpu_us_per_request": median("cpu_us_per_request"),
            "rss_mb": max(r["rss_mb"] for r in group),
            "started_in_s": median("started_in_s"),
        }
    return {"rows": rows, "over_stock": ratios(runs, "stock"), "over_pyramid": ratios(runs, "pyramid")}


def ratios(runs: list[dict], ceiling: str) -> dict:
    """{server: {"-cN": median over rounds of server req/s ÷ ceiling req/s in the same round}}."""
    found = {}
    for server in sorted({r["server"] for r in runs} - {ceiling}):
        for connections in sorted({r["connections"] for r in runs}):
            per_round = []
            for number in sorted({r["round"] for r in runs}):
                rps = {r["server"]: r["rps"] for r in runs if r["round"] == number and r["connections"] == connections}
                if server in rps and rps.get(ceiling):
                    per_round.append(rps[server] / rps[ceiling])
            if per_round:
                found.setdefault(server, {})[f"-c{connections}"] = statistics.median(per_round)
    return found


def table(summary: dict) -> str:
    lines = [
        "| server | conns | req/s (median) | p50 ms | p99 ms | errors | unaccepted | CPU µs/req | RSS MB | first response s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in summary["rows"].values():
        lines.append(
            f"| {row['server']} | {row['connections']} | {row['rps']:,.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} "
            f"| {row['errors']} | {row['unaccepted']:.0f} | {row['cpu_us_per_request']:.0f} | {row['rss_mb']:.1f} "
            f"| {row['started_in_s']:.2f} |"
        )
    for ceiling, title in (("over_stock", "stock waitress (the bare app on waitress.serve)"), ("over_pyramid", "plain Pyramid on stock waitress (the framework's hello-world)")):
        lines.append(f"\n÷ {title}, req/s (median of per-round ratios):")
        for server, by_connections in summary[ceiling].items():
            lines.append(f"  {server:15} " + ", ".join(f"{c}: {ratio:.2f}" for c, ratio in by_connections.items()))
    return "\n".join(lines)


def plot(report: dict, path: Path) -> Path | None:
    """Requests/s per server and concurrency as a PNG, when matplotlib is installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot
    except ImportError:
        return None
    rows = list(report["summary"]["rows"].values())
    figure, axes = pyplot.subplots(figsize=(8, 4))
    axes.bar([f"{r['server']}\n-c{r['connections']}" for r in rows], [r["rps"] for r in rows])
    axes.set_ylabel("requests/s (median)")
    axes.set_title(f"GET /time, {report['when']}")
    figure.tight_layout()
    figure.savefig(path)
    pyplot.close(figure)
    return path
