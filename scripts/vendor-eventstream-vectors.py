#!/usr/bin/env python3
"""Writes botocore's event-stream test vectors (tests/unit/test_eventstream.py) as JSON, for
test/fixtures/eventstream/. Reads the test module's source on stdin and runs only its module-level
constants, with stand-ins for the classes they name, so botocore's test dependencies are not needed; the
chunks its EventStream tests feed (`create_mock_raw_stream(...)`) are decoded with botocore's own
EventStreamBuffer (botocore itself must be importable):

  git --git-dir=<botocore clone> show 1.43.11:tests/unit/test_eventstream.py \\
    | python3 scripts/vendor-eventstream-vectors.py > test/fixtures/eventstream/botocore-vectors.json

Bytes are hex; a run of 1,024 or more equal bytes (INVALID_PAYLOAD_LENGTH's 24 MiB payload) is written
as {"repeat": "<byte>", "count": N} between hex parts. Header values are botocore's: booleans, integers
(a timestamp as milliseconds), text, and {"bytes": hex} for byte arrays and UUIDs.
"""
import ast
import json
import sys


def parts(data):
    """The bytes as hex, each run of 1,024 or more equal bytes as a repeat."""
    out, start, i = [], 0, 0
    while i < len(data):
        j = i
        while j < len(data) and data[j] == data[i]:
            j += 1
        if j - i >= 1024:
            if start < i:
                out.append({"hex": data[start:i].hex()})
            out.append({"repeat": f"{data[i]:02x}", "count": j - i})
            start = j
        i = j
    if start < len(data) or not out:
        out.append({"hex": data[start:].hex()})
    return out


def value(v):
    if isinstance(v, bytes):
        return {"bytes": v.hex()}
    return v


def decoded(headers, payload, crc):
    return {"headers": {k: value(v) for k, v in headers.items()}, "payload": payload.hex(), "crc": crc}


class Stub(Exception):
    pass


def chunked(tree, scope):
    """The chunks each EventStream test streams, and the messages botocore decodes from them."""
    from botocore.eventstream import EventStreamBuffer

    out = []
    for fn in tree.body:
        if not isinstance(fn, ast.FunctionDef):
            continue
        for call in ast.walk(fn):
            if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "create_mock_raw_stream":
                chunks = [eval(compile(ast.Expression(arg), "test_eventstream.py", "eval"), scope) for arg in call.args]
                buffer = EventStreamBuffer()
                for chunk in chunks:
                    buffer.add_data(chunk)
                messages = [decoded(m.headers, m.payload, m.crc) for m in buffer]
                out.append({"name": fn.name, "chunks": [c.hex() for c in chunks], "messages": messages})
    return out


def main():
    tree = ast.parse(sys.stdin.read())
    constants = [
        node
        for node in tree.body
        if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id.isupper() for t in node.targets)
    ]
    errors = ["ChecksumMismatch", "DuplicateHeader", "InvalidHeadersLength", "InvalidPayloadLength"]
    scope = {name: type(name, (Stub,), {}) for name in errors}
    scope["MessagePrelude"] = lambda **kw: {
        "totalLength": kw["total_length"],
        "headersLength": kw["headers_length"],
        "crc": kw["crc"],
    }
    scope["EventStreamMessage"] = lambda **kw: kw
    exec(compile(ast.Module(body=constants, type_ignores=[]), "test_eventstream.py", "exec"), scope)
    names = {id(v): k for k, v in scope.items() if k.isupper()}
    positive = [
        {
            "name": names[id(case)],
            "encoded": parts(case[0]),
            "prelude": case[1]["prelude"],
            **decoded(case[1]["headers"], case[1]["payload"], case[1]["crc"]),
        }
        for case in scope["POSITIVE_CASES"]
    ]
    negative = [
        {"name": names[id(case)], "encoded": parts(case[0]), "error": case[1].__name__}
        for case in scope["NEGATIVE_CASES"]
    ]
    json.dump(
        {
            "source": "botocore 1.43.11, tests/unit/test_eventstream.py (Apache-2.0); written by scripts/vendor-eventstream-vectors.py",
            "positive": positive,
            "negative": negative,
            "chunked": chunked(tree, scope),
        },
        sys.stdout,
        indent=1,
    )
    sys.stdout.write("\n")


main()
