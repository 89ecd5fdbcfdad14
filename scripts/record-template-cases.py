"""Records test/commands/cloudformation-template-cases.json: templates (JSON and YAML) and what the AWS
CLI's yamlhelper makes of them, read with `yaml_parse` and written back with `yaml_dump` (the YAML
`cloudformation package` prints) and `json.dumps(indent=4, ensure_ascii=False)` (its `--use-json`);
null where the CLI fails. Run with the Python of the reference AWS CLI v2 (Debian's 2.9.19, ruamel.yaml
0.17.21): /usr/bin/python3 scripts/record-template-cases.py"""
import json
import pathlib
import random

from awscli.customizations.cloudformation.yamlhelper import yaml_dump, yaml_parse

# Strings that must be quoted, or folded, or escaped, each alone under a key (given as JSON, so exactly).
STRINGS = [
    "plain", "123", "1.5", "1e3", "0x1F", "0o17", "012", "1_000", "+1", "-1", ".5", ".inf", "-.inf", ".nan",
    "NaN", "true", "True", "TRUE", "false", "yes", "Yes", "no", "NO", "on", "Off", "y", "n", "Y", "null",
    "Null", "~", "", "2010-09-09", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43", "1:20", "12:30:45",
    "a: b", "a:b", "key:", ":x", ": x", "- a", "-a", "-", "--- x", "---", "...", "a #b", "a#b", "#x", "x # y",
    "[x", "x]", "{x", "x,y", "&a", "*a", "!Ref x", "|x", ">x", "'q", "\"q", "%x", "@x", "`x", "it's",
    "say \"hi\"", "<<", "=", "?", "? x", "?x", " lead", "trail ", "two  spaces", "line1\nline2", "line1\n",
    "\nlead", "a\n\nb", "a \nb", "a\n b", "tab\there", "cr\rhere", "bell\x07", "del\x7f", "nbsp\xa0x",
    "\u2028x", "x\x85y", "bom\ufeffx", "héllo ☃", "日本語", "emoji 😀", "emoji 😀\nline", "caf\u00e9's",
    "x" * 90, "word " * 25, "word " * 25 + "'q", "longword" * 12 + " tail words here",
    ("a" * 79) + " b c", ("a" * 80) + " b c", ("a" * 81) + " b c",
    "It's a long sentence with a quote that needs double quoting and keeps on going past the width of eighty characters",
    "A long description with a\nline break that will be written in double quotes and folded at the width of eighty",
    "spaces    at    a    fold point " * 4, "x" * 127, "y" * 128, "multi\nline key", "${AWS::Region}-x",
    "arn:aws:s3:::bucket/*", "https://example.com/a?b=c#d", "s3://bucket/key",
]
KEYS = ["plain", "123", "yes", "", "a: b", "x" * 122, "x" * 123, "y" * 128, "multi\nline", "- a"]
YAML = [
    "AWSTemplateFormatVersion: 2010-09-09\nDescription: plain text\n",
    "A: 0x1F\nB: 0o17\nC: 012\nD: 1_000\nE: -0\nF: +5\nG: 0b101\n",
    "A: 1.0\nB: 1.5e3\nC: 1e16\nD: .5\nE: 1.\nF: -.inf\nG: .NaN\nH: 1e-7\nI: 123456789.123456789\nJ: 0.1\n",
    "A: yes\nB: No\nC: on\nD: OFF\nE: true\nF: y\nG: n\nH: ~\nI:\nJ: null\n",
    "A: 2001-12-14t21:59:43.10-05:00\nB: 2001-12-14 21:59:43.10\nC: 2002-12-14\nD: 2001-12-14T21:59:43Z\n"
    "E: 2001-12-14 21:59:43.1234567 +5:30\nF: 2001-1-2 3:04:05\n",
    "yes: 1\n80: b\n1.5: c\n~: d\n2010-09-09: e\nplain: f\n",
    "A: !Ref X\nB: !GetAtt R.Arn\nC: !GetAtt R.A.B\nD: !GetAtt [R, Arn]\nE: !Sub '${X}-y'\nF: !Sub\n  - '${A}'\n"
    "  - {A: !Ref B, C: 1}\nG: !Join ['', [a, !Ref B]]\nH: !If [C, !Ref A, !Ref AWS::NoValue]\nI: !Condition C\n"
    "J: !Transform {Parameters: {b: 1, a: 2}, Name: 'AWS::Include'}\nK: !Base64 |\n  #!/bin/bash\n  echo hi\n"
    "L: !GetAZs ''\nM: !Ref 123\nN: !Select [0, !GetAZs '']\n",
    "List:\n- a\n- - b\n  - c\n- {x: 1, y: [2, 3]}\n- []\n- {}\n- k: v\n  k2: [4]\nEmpty: {}\nEmptyList: []\n"
    "Nested:\n  Deeper:\n    Deepest:\n    - 1\n    - x: y\n",
    "base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n  z: 4\nmulti:\n  <<: [*b, {x: 9, w: 8}]\n  v: 7\nalias: *b\n",
    "Block: |\n  line one\n  line two\nFolded: >\n  folded one\n  folded two\n\n  para\nKeep: |+\n  kept\n\n"
    "Strip: |-\n  stripped\n",
    "Str: !!str 123\nInt: !!int '42'\nFl: !!float '3'\nQ1: 'single'\nQ2: \"double\\ttab\"\n",
    "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: s3://bucket/key\n"
    "      Handler: index.handler\n      Runtime: python3.12\n      Environment:\n        Variables:\n"
    "          TABLE: !Ref Table\n          FLAG: 'true'\n      Events:\n        Api:\n          Type: Api\n"
    "          Properties: {Path: /x, Method: get}\n",
    "k: this is a plain\n  scalar over two lines\n",
    "Resources:\r\n  A:\r\n    Type: X\r\n",
]
JSON_TEXTS = [
    '{"a": 1, "b": 1.0, "c": 1e5, "d": -0, "e": 12345678901234567890, "f": [true, false, null], "g": {},'
    ' "h": [], "10": "x", "2": "y", "i": NaN, "j": -Infinity, "k": "\\u00e9\\ud83d\\ude00\\n"}',
    '{"dup": 1, "other": 2, "dup": 3}',
]

cases = [json.dumps({"k": s}) for s in STRINGS]
cases.append(json.dumps({k: "v" for k in KEYS}))
cases += YAML + JSON_TEXTS
# Words of every kind joined at random and nested at random depths: folding at every indent.
random.seed(7)
WORDS = ["a", "bb", "ccc", "dddd", "eeeee", "ffffff", "it's", "x:", "#y", "-", "é", "😀", "\t", "\n", "  ",
         "longerwordhere", "\\", '"']
for _ in range(60):
    text = "".join(random.choice(WORDS) + random.choice([" ", "", " ", "  "]) for _ in range(random.randint(5, 60)))
    value = text
    for depth in range(random.randint(0, 4)):
        value = random.choice([{"key%d" % depth: value}, [value], [1, {"k": value}]])
    cases.append(json.dumps({"root": value}))

recorded = []
for text in cases:
    template = yaml_parse(text.replace("\r\n", "\n"))  # Python reads the file in text mode
    try:
        as_json = json.dumps(template, indent=4, ensure_ascii=False)
    except TypeError:
        as_json = None
    recorded.append({"input": text, "yaml": yaml_dump(template), "json": as_json})

out = pathlib.Path(__file__).resolve().parent.parent / "test/commands/cloudformation-template-cases.json"
source = "aws-cli 2.9.19 (Debian) yamlhelper yaml_parse / yaml_dump and json.dumps, by scripts/record-template-cases.py"
out.write_text(json.dumps({"source": source, "cases": recorded}, ensure_ascii=False, indent=1) + "\n")
print(len(recorded), "cases")
