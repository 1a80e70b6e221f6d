"""The original timezoned server's answers (ropg/ezTime server/server, PHP), ported to be the tests' reference.

Written from reading the script: its table is `posixinfo` (every zoneinfo file with a "/" in its name,
in the order `find` lists them, and the file's last line, the footer), then zone1970.tab's rows, which
give rows their country; a question is matched against that table as below. The PHP itself cannot run
in CI (its `update` script downloads tzdata), so the table is built here from the pinned tzdata package.
"""
import re


class OriginalServer:
    def __init__(self, posixinfo: list[tuple[str, str]], zone1970_tab: str):
        self.tz = [{"olsen": name, "posix": posix} for name, posix in posixinfo]
        for line in zone1970_tab.splitlines(keepends=True):
            if line[:1] == "#":
                continue
            columns = line.split("\t")
            if len(columns) < 3:
                continue
            for country in columns[0].split(","):
                insert_at, posix = -1, ""
                for index, row in enumerate(self.tz):
                    if row["olsen"].strip() == columns[2].strip():
                        posix = row["posix"]
                        if "country" not in row:
                            insert_at = index
                if insert_at == -1:
                    insert_at = len(self.tz)
                    self.tz.append({})
                row = self.tz[insert_at]
                row["country"], row["coordinates"], row["olsen"] = country, columns[1], columns[2].strip()
                if posix:
                    row["posix"] = posix

    def answer(self, packet: str, geoip_country: str | None = None) -> str:
        """What the server sends (before its 100-byte cut); `geoip_country` is geoiplookup's country."""
        process = packet.split("#", 1)[0].replace(" ", "_").upper()
        if process == "GEOIP":
            if geoip_country is None:
                return "ERROR GeoIP Lookup Failed"
            process = geoip_country
        if process == "UK":
            process = "GB"
        if process == "DE":
            process = "EUROPE/BERLIN"
        if re.fullmatch(r"[A-Z][A-Z]\n?", process):  # PHP's $ also matches before a final newline
            rows = [row for row in self.tz if row.get("country") == process]
            if not rows:
                return "ERROR Country Not Found"
            if len(rows) == 1:
                return f"OK {rows[0]['olsen']} {rows[0].get('posix', '')}"
            return "ERROR Country Spans Multiple Timezones"
        for row in self.tz:
            if process in row["olsen"].upper():  # PHP 8's strpos finds "" at 0, as Python's `in` does
                posix = "GMT0IST,M3.5.0/1,M10.5.0" if row["olsen"] == "Europe/Dublin" else row["posix"]
                return f"OK {row['olsen']} {posix}"
        return "ERROR Timezone Not Found"

    def candidates(self, packet: str) -> list[str]:
        """Every zone a name question could answer, whatever order `find` lists the files in."""
        process = packet.split("#", 1)[0].replace(" ", "_").upper()
        return [row["olsen"] for row in self.tz if "posix" in row and process in row["olsen"].upper()]
