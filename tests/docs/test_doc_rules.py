"""The rules test_examples.py holds the docs to: which Markdown runs and what it shows (tests/support/doc_examples.py),
and when a real answer departs from the one shown (tests/support/doc_answers.py)."""
import textwrap

from tests.support.doc_answers import differences, text_differences
from tests.support.doc_examples import read

MARKDOWN = '''
# A page

```sh
pserve development.ini           # does not run
curl localhost:6543/a            # {}
curl 'localhost:6543/b?tz=x' \\
  -H 'Accept: application/json'  # "timezone":"Europe/Paris","dst":false
KEY=$(curl -s localhost:6543/c | python3 -c 'print(1)')
timesvc roughtime keygen key     # does not run
timesvc roughtime 127.0.0.1:5319 --key $KEY
```
```json
{"shown":"for a"}
{"shown":"for b"}
```

Prose between blocks: the next json block answers nothing.

```json
{"loose":true}
```

<!-- not run: a device's command -->
```sh
meshtastic --set x "$(curl -s http://timesvc.lan:6543/posix)"
```

```sh
other "$(curl -s http://<this host>:6543/posix)"
```

```python
print("runs")
```
'''


def examples_of(tmp_path, text: str):
    (tmp_path / "page.md").write_text(textwrap.dedent(text))
    return read(tmp_path / "page.md", tmp_path)


def test_curl_and_timesvc_client_lines_run_with_the_json_after_their_block_as_answers_in_order(tmp_path):
    examples, _ = examples_of(tmp_path, MARKDOWN)
    shell, python = examples
    assert [command.text.split(" ")[0] for command in shell.commands] == ["curl", "curl", "KEY=$(curl", "timesvc"]
    first, second, assignment, _ = shell.commands
    assert first.answers == [{"shown": "for a"}, {}]
    assert second.text.endswith("-H 'Accept: application/json'") and second.answers == [{"shown": "for b"}]
    assert second.fields == {"timezone": "Europe/Paris", "dst": False}
    assert assignment.assigns == "KEY" and not assignment.answers
    assert (python.kind, python.code) == ("python", 'print("runs")')


def test_a_marked_block_does_not_run_and_an_unmarked_curl_that_cannot_run_is_a_problem(tmp_path):
    _, problems = examples_of(tmp_path, MARKDOWN)
    assert len(problems) == 1 and "page.md:30: a curl of the service that does not run: other" in problems[0]


def test_more_answers_than_curls_or_a_json_block_that_is_not_json_is_a_problem(tmp_path):
    _, problems = examples_of(tmp_path, '```sh\ncurl localhost:6543/a\n```\n```json\n{} {}\n```\n\n```json\n{"a":\n```\n')
    assert problems[0].startswith("page.md:8: not JSON") and problems[1] == "page.md:1: 2 answers shown for 1 curl lines"


def test_keys_shown_must_be_there_and_no_others_unless_the_docs_show_an_ellipsis():
    assert differences({"a": 1, "b": 2}, {"a": 1}, fixed=False) == ["the answer: no key 'b'"]
    assert differences({"a": 1}, {"a": 1, "b": 2}, fixed=False) == ["the answer: keys the docs do not show: b"]
    assert differences({"a": 1, "...": "..."}, {"a": 1, "b": 2}, fixed=False) == []


def test_types_must_match_integers_numbers_and_booleans_apart():
    assert differences({"a": 1}, {"a": 1.5}, fixed=False) == ["a: number 1.5, the docs show integer 1"]
    assert differences({"a": 1}, {"a": True}, fixed=False) == ["a: boolean true, the docs show integer 1"]
    assert differences({"a": {"b": "x"}}, {"a": {"b": None}}, fixed=False) == ['a.b: null, the docs show string "x"']


def test_values_must_match_in_an_answer_about_a_fixed_instant_and_under_stable_keys_in_one_about_now():
    assert differences({"abbreviation": "CET"}, {"abbreviation": "CEST"}, fixed=False) == []
    assert differences({"abbreviation": "CET"}, {"abbreviation": "CEST"}, fixed=True) == ['abbreviation: "CEST", the docs show "CET"']
    assert differences({"timezone": "Europe/Paris"}, {"timezone": "Europe/Berlin"}, fixed=False) == [
        'timezone: "Europe/Berlin", the docs show "Europe/Paris"'
    ]


def test_the_next_change_may_be_null_or_a_time_in_an_answer_about_now_only():
    assert differences({"posix_tz_until": "2027-11-07T05:00:00Z"}, {"posix_tz_until": None}, fixed=False) == []
    assert differences({"posix_tz_until": "2027-11-07T05:00:00Z"}, {"posix_tz_until": None}, fixed=True) != []
    assert differences({"posix_tz": "CDT4"}, {"posix_tz": None}, fixed=False) != []


def test_lists_must_be_as_long_as_shown_or_longer_after_a_final_ellipsis():
    assert differences({"z": ["a", "b"]}, {"z": ["a"]}, fixed=True) == ["z: 1 elements, the docs show 2"]
    assert differences({"z": ["a", "..."]}, {"z": ["a", "b", "c"]}, fixed=True) == []
    assert differences({"z": ["a", "..."]}, {"z": []}, fixed=True) == ["z: 0 elements, the docs show 1 or more"]
    assert differences({"timezones": ["a", "b"]}, {"timezones": ["a", "c"]}, fixed=False) == ['timezones[1]: "c", the docs show "b"']


def test_a_key_value_text_answer_keeps_the_keys_in_order_and_the_stable_values():
    shown = "abbreviation: GMT\ntimezone: Europe/London\n"
    assert text_differences(shown, "abbreviation: BST\ntimezone: Europe/London", fixed=False) == []
    assert text_differences(shown, "timezone: Europe/London\nabbreviation: BST", fixed=False) != []
    assert text_differences(shown, "abbreviation: GMT\ntimezone: Europe/Paris", fixed=False) == [
        "timezone: 'Europe/Paris', the docs show 'Europe/London'"
    ]
    assert text_differences("CET-1CEST,M3.5.0,M10.5.0/3", "CET-1CEST", fixed=False) != []
