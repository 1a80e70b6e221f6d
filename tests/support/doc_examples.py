"""The examples of README.md and docs/*.md, read from their Markdown (tests/docs/test_examples.py runs them).

The conventions (README, "Development", says them for writers):
- In a ```sh block, a line runs when it is a `curl` command, a `timesvc` client command (now, convert, offset,
  roughtime but keygen), or `NAME=$(...)` around one (later lines of the block see NAME). Other lines (pserve,
  make, docker...) do not run. Lines ending in a backslash go on to the next.
- The ```json and ```text blocks right after it (only blank lines between) are the answers of its curl lines,
  in order; a json block may hold several documents. A curl line's comment may show its whole answer
  (`# {}`) or some of its fields (`# "timezone":"Europe/Paris"`).
- `<!-- not run: REASON -->` on the last line before a block's opening fence: the block is not run. A line
  that calls curl on the service but does not run (`meshtastic ... "$(curl ...)"`) needs that marker.
- ```python blocks run whole.
"""
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

SHELL, PYTHON, ANSWERS = {"sh", "bash", "shell"}, {"python", "py"}, {"json", "text"}
FENCE = re.compile(r"^```(\S*)\s*$")
NOT_RUN = re.compile(r"^<!--\s*not run:\s*(\S.*?)\s*-->$")
RUNS = re.compile(r"^(?:(?P<name>[A-Za-z_]\w*)=\$\()?(?:curl\s|timesvc\s+(?:now|convert|offset|roughtime(?!\s+keygen))\b)")
# The development server's ports on a name for the machine that runs it: the tests' server stands in.
SERVICE = re.compile(r"(?<![\w.-])(localhost|127\.0\.0\.1|timesvc\.lan|<this host>):(6543|5319|2342)(?!\d)")
FIELD = re.compile(r'"(\w+)"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)')
FIXES_THE_INSTANT = re.compile(r"[?&](?:time|start|end|from)=")


@dataclass
class Command:
    """One shell line that runs, with what the docs show of its answer."""

    text: str
    line: int
    answers: list = field(default_factory=list)  # whole answers: JSON values, or str for a ```text block
    fields: dict = field(default_factory=dict)  # "key": value shown in its comment

    @property
    def assigns(self) -> str | None:
        """NAME of a NAME=$(...) line."""
        return RUNS.match(self.text)["name"]

    @property
    def shown(self) -> list:
        """Each answer the docs show, the fields of its comment as an object that may have more keys."""
        return self.answers + ([{**self.fields, "...": "..."}] if self.fields else [])

    @property
    def curl(self) -> bool:
        """A curl line whose output is its answer (not an assignment, not a timesvc command)."""
        return self.text.startswith("curl")

    @property
    def fixes_the_instant(self) -> bool:
        """The request names the instant it is about (time=, start=, end=, from=): its answer does not change with the clock."""
        return bool(FIXES_THE_INSTANT.search(self.text))


@dataclass
class Example:
    path: str
    line: int
    kind: str  # "sh" or "python"
    code: str = ""
    commands: list = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Block:
    lang: str
    line: int  # of the opening fence, from 1
    body: list
    adjacent: bool  # only blank lines since the previous block
    not_run: str | None  # the marker's reason


def blocks(text: str) -> list:
    """The fenced blocks of a Markdown text, in order."""
    lines, found, index, gap = text.split("\n"), [], 0, 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        end = index + 1
        while end < len(lines) and lines[end].rstrip() != "```":
            end += 1
        before = [line.strip() for line in lines[gap:index] if line.strip()]
        marker = NOT_RUN.match(before[-1]) if before else None
        found.append(Block(opening[1].lower(), index + 1, lines[index + 1 : end], not before, marker and marker[1]))
        index = gap = end + 1
    return found


def split_comment(line: str) -> tuple[str, str]:
    """A shell line and its comment: from a # that starts a word outside quotes."""
    quote = None
    for index, char in enumerate(line):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index].rstrip(), line[index + 1 :].strip()
    return line.rstrip(), ""


def shell_lines(body: list) -> list[tuple[int, str]]:
    """(offset in the block, line) with continuation lines joined."""
    joined, start, parts = [], None, []
    for offset, line in enumerate(body):
        start = offset if start is None else start
        if line.rstrip().endswith("\\"):
            parts.append(line.rstrip()[:-1])
            continue
        joined.append((start, " ".join(part.strip() for part in [*parts, line])))
        start, parts = None, []
    return joined


def documents(text: str) -> list:
    """The JSON documents of a ```json block, one after another."""
    decoder, found, index, text = json.JSONDecoder(), [], 0, text.strip()
    while index < len(text):
        document, index = decoder.raw_decode(text, index)
        found.append(document)
        while index < len(text) and text[index].isspace():
            index += 1
    return found


def comment_answer(comment: str, command: Command):
    """A comment that starts with a JSON object or array is the answer; else its "key": value pairs are fields."""
    if comment[:1] in "{[":
        try:
            command.answers.append(json.JSONDecoder().raw_decode(comment)[0])
            return
        except json.JSONDecodeError:
            pass
    command.fields.update((key, json.loads(value)) for key, value in FIELD.findall(comment))


def read(path: Path, root: Path) -> tuple[list, list]:
    """(examples, problems) of one Markdown file: a problem is a curl of the service that would not run, a
    ```json block that is not JSON, or more answers than curl lines."""
    name, examples, problems, shown, answers = str(path.relative_to(root)), [], [], [], None
    for block in blocks(path.read_text()):
        where, body = f"{name}:{block.line}", "\n".join(block.body)
        try:
            found = documents(body) if block.lang == "json" else [body]
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not JSON: {exc}")
            found = []
        if block.lang in ANSWERS and block.adjacent and answers is not None:
            answers.extend(found)
            continue
        answers = None
        if block.lang in PYTHON and not block.not_run:
            examples.append(Example(name, block.line, "python", code=body))
        if block.lang in SHELL:
            commands = list(shell_commands(block, name, problems))
            if commands:
                examples.append(Example(name, block.line, "sh", commands=commands))
                answers = []
                shown.append((examples[-1], answers))
    for example, documented in shown:
        curls = [command for command in example.commands if command.curl]
        if len(documented) > len(curls):
            problems.append(f"{example.id}: {len(documented)} answers shown for {len(curls)} curl lines")
        for command, answer in zip(curls, documented):
            command.answers.insert(0, answer)
    return examples, problems


def shell_commands(block: Block, name: str, problems: list):
    """The lines of a shell block that run, each with what its comment shows."""
    if block.not_run:
        return
    for offset, text in shell_lines(block.body):
        code, comment = split_comment(text)
        if code and RUNS.match(code):
            command = Command(code, block.line + 1 + offset)
            comment_answer(comment, command)
            yield command
        elif "curl" in code and SERVICE.search(code):
            problems.append(f"{name}:{block.line + 1 + offset}: a curl of the service that does not run: {code}")


def read_all(paths, root: Path) -> tuple[list, list]:
    """(examples, problems) of several Markdown files."""
    examples, problems = [], []
    for path in paths:
        found, wrong = read(path, root)
        examples += found
        problems += wrong
    return examples, problems
