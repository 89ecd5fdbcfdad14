"""Records test/commands/history-cases.json: command-history records as isoaws stores them, and what
AWS CLI v2's own formatters print for them — `history show`'s DetailedFormatter (every kind of event,
HTTP bodies in XML, JSON and neither, --include / --exclude, with and without colour) and
`history list`'s TextFormatter. Run it with the Python of the Debian `awscli` package (v2 2.9.19):

    /usr/bin/python3 scripts/record-history-cases.py

Times are local; the script and the test both run in UTC."""
import io
import json
import os
import pathlib
import sys
import time

os.environ['TZ'] = 'UTC'
time.tzset()

from awscli.customizations.history.list import RecordAdapter, TextFormatter  # noqa: E402
from awscli.customizations.history.show import DetailedFormatter  # noqa: E402
import awscli  # noqa: E402

T = 1764998035123  # 2025-12-06 05:13:55.123 UTC

XML_BODIES = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/a</Arn></GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
    '<?xml version="1.0" encoding="UTF-8"?>\n<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">\n    <requestId>59dbff89</requestId>\n    <regionInfo>\n        <item>\n            <regionName>us-east-1</regionName>\n        </item>\n    </regionInfo>\n</DescribeRegionsResponse>',
    '<a y="2" xmlns:p="urn:p" x="t&amp;&lt;&quot;&gt;&#10;z" xmlns="urn:d"><p:b q="1\t2\n3"/><c>t&amp;"x&gt;&apos;\'</c><d></d></a>',
    '<!--before--><?pi data here?><a><![CDATA[raw <b> & ]]><![CDATA[]]>after<!-- inside --><?x?></a><!--after-->',
    '<a>text<b>1</b>tail <i>one</i> two</a>',
    '<r><name>caf\u00e9 \u65e5\u672c \U0001f600</name></r>',
    '<a>line one\n   line two\r\n  three</a>',
    '<html><body><b>Http/1.1 Service Unavailable</b></body></html>',
    '<a> <b/> </a>',
    '  <a>lead</a>  ',
    '\ufeff<a>bom</a>',
]
NOT_XML_BODIES = [
    'Action=GetCallerIdentity&Version=2011-06-15',
    '<a><p:b/></a>',
    '\n<?xml version="1.0"?><a/>',
    '<a>1</a><b/>',
    '<a>&nbsp;</a>',
    '<a><b></a></b>',
    '<a x="1" x="2"/>',
    '<a><!-- a -- b --></a>',
    '<a>]]></a>',
    '[1, 2]',
    '{"truncated": ',
    '{not json}',
]
JSON_BODIES = [
    '{"b": 1.0, "a": [1, 2.5e-7, {"z": null, "y": true, "x": false}], "u": "\u00e9\u2028\\ud83d\\ude00", "big": 123456789012345678901234567890, "e": {}, "l": [], "f": 1e100, "g": -0.0, "h": 10.50}',
    '{"TableNames":["music","books"],"LastEvaluatedTableName":"books"}',
    '{"dup": 1, "other": 2, "dup": 3}',
    '{"s": "tab\\t nl\\n quote\\" slash\\/ ctl\\u0001 del\\u007f"}',
    '{"n": NaN, "i": Infinity, "m": -Infinity}',
]


def rec(event_type, payload, call=None, offset=0):
    return {'event_type': event_type, 'timestamp': T + offset, 'call': call, 'payload': payload}


def http_request(call, body, streaming=False, offset=0):
    return rec('HTTP_REQUEST', {
        'method': 'POST',
        'url': 'https://sts.us-east-1.amazonaws.com/',
        'headers': {
            'Authorization': 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20251206/us-east-1/sts/aws4_request, '
                             'SignedHeaders=content-type;host;x-amz-date, Signature=d5f5...',
            'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
            'X-Amz-Date': '20251206T051355Z',
            'x-amz-security-token': 'REDACTED',
        },
        'body': body,
        'streaming': streaming,
    }, call, offset)


def http_response(call, body, streaming=False, status=200, offset=0):
    return rec('HTTP_RESPONSE', {
        'status_code': status,
        'headers': {'content-type': 'text/xml', 'x-amzn-requestid': 'r-1', 'date': 'Sat, 06 Dec 2025 05:13:55 GMT'},
        'body': body,
        'streaming': streaming,
    }, call, offset)


def command(calls=1):
    records = [
        rec('CLI_VERSION', 'isoaws/0.1.0 Node/20.20.2 linux/6.1'),
        rec('CLI_ARGUMENTS', ['--region', 'us-east-1', 's3api', 'put-object', '--key', "it's", '--body', 'caf\u00e9']),
    ]
    for n in range(calls):
        records += [
            rec('API_CALL', {'service': 'sts', 'operation': 'GetCallerIdentity',
                             'params': {'Z': [1, 1.0, 1.5], 'A': {'nested': None, 'b': True}, 'K': '\u00e9'}},
                n, 1000 * n + 1),
            http_request(n, 'Action=GetCallerIdentity&Version=2011-06-15', offset=1000 * n + 2),
            http_response(n, XML_BODIES[0], offset=1000 * n + 3),
            rec('PARSED_RESPONSE', {'Arn': 'arn:aws:iam::123456789012:user/a',
                                    'ResponseMetadata': {'HTTPStatusCode': 200, 'RequestId': 'r-1'}}, n, 1000 * n + 3),
        ]
    records += [rec('UNKNOWN_EVENT', 'never shown', None, 5000), rec('CLI_RC', 0, None, 5001)]
    return records


def show_cases():
    cases = []
    add = lambda name, records, **opts: cases.append({'name': name, 'records': records, **opts})
    add('a whole command', command())
    add('in colour', command(), color=True)
    add('two calls numbered in order', command(2))
    add('--include counts the calls shown', command(2), include=['HTTP_RESPONSE', 'CLI_ARGUMENTS'])
    add('--exclude', command(2), exclude=['HTTP_REQUEST', 'HTTP_RESPONSE', 'CLI_VERSION'], color=True)
    add('calls numbered by first appearance', [
        rec('API_CALL', {'service': 's3', 'operation': 'UploadPart', 'params': {'PartNumber': 2}}, 7),
        rec('API_CALL', {'service': 's3', 'operation': 'UploadPart', 'params': {'PartNumber': 1}}, 3),
        http_request(3, None, True, 1),
        http_request(7, 'part bytes', True, 2),
        http_response(7, '', True, offset=3),
        http_response(3, None, True, 204, 4),
    ])
    for i, body in enumerate(XML_BODIES + NOT_XML_BODIES + JSON_BODIES + ['', None]):
        add(f'body {i}: {body!r:.40}', [http_response(0, body)])
    return cases


def render(case):
    out = io.StringIO()
    formatter = DetailedFormatter(out, include=case.get('include'), exclude=case.get('exclude'),
                                  colorize=case.get('color', False))
    for r in case['records']:
        formatter.display({
            'event_type': r['event_type'],
            'id': 'command-id',
            'request_id': None if r['call'] is None else f'request-{r["call"]}',
            'timestamp': r['timestamp'],
            'payload': r['payload'],
        })
    return out.getvalue()


def list_cases():
    rows = [
        ('2f5a6d2e-9d8f-4bd6-9c55-39f4e8a6c1b0', T, ['s3', 'ls'], 0),
        ('0b7a4e3c-1e2f-4a5b-8c9d-0e1f2a3b4c5d', T - 43_200_000, ['--endpoint-url', 'http://127.0.0.1:5000', 'sts'], 254),
        ('c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f', T - 5 * 3_600_000, ['dynamodb', 'x' * 40], 252),
        ('d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70', T - 6 * 3_600_000, ['dynamodb', 'y' * 41], 130),
        ('e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7081', T - 13 * 3_600_000, ['caf\u00e9', '\u65e5' * 60], 1),
        ('f6a7b8c9-d0e1-4f2a-9b3c-4d5e6f708192', T - 17 * 3_600_000, ['help'], 0),
    ]
    # Newest first, as the CLI's query orders them.
    rows.sort(key=lambda row: -row[1])
    out = io.StringIO()
    TextFormatter({'id_a': 38, 'timestamp': 24, 'args': 50, 'rc': 0}, out)(
        RecordAdapter(iter({'id_a': i, 'timestamp': t, 'args': json.dumps(a), 'rc': json.dumps(rc)}
                           for i, t, a, rc in rows)))
    return {'rows': [{'id': i, 'timestamp': t, 'args': a, 'rc': rc} for i, t, a, rc in rows],
            'output': out.getvalue()}


def main():
    show = show_cases()
    for case in show:
        case['output'] = render(case)
    out = pathlib.Path(__file__).resolve().parent.parent / 'test/commands/history-cases.json'
    out.write_text(json.dumps({
        'cli': awscli.__version__,
        'python': sys.version.split()[0],
        'show': show,
        'list': list_cases(),
    }, indent=1) + '\n')


main()
