"""Records test/cli/output-goldens.json: datasets formatted by the AWS CLI v2's own formatters
(json, text, table, yaml) with the Python that runs the Debian awscli package. Whole-number floats
are written as {"$float": n} so the test can rebuild them as Python floats."""
import argparse
import copy
import io
import json
import pathlib

from awscli.formatter import get_formatter

DATASETS = {
    'sts-identity': {'UserId': 'AIDAEXAMPLE', 'Account': '123456789012', 'Arn': 'arn:aws:iam::123456789012:user/alice'},
    'list-of-strings': {'TableNames': ['Music', 'Orders', 'Users-prod']},
    'nested': {
        'Reservations': [{
            'ReservationId': 'r-1', 'OwnerId': '123',
            'Groups': [],
            'Instances': [
                {'InstanceId': 'i-1', 'State': {'Code': 16, 'Name': 'running'}, 'Tags': [{'Key': 'Name', 'Value': 'web'}, {'Key': 'env', 'Value': 'prod'}],
                 'Monitoring': {'State': 'disabled'}, 'EbsOptimized': False, 'LaunchTime': '2023-05-01T10:20:30+00:00'},
                {'InstanceId': 'i-2', 'State': {'Code': 80, 'Name': 'stopped'}, 'Tags': [],
                 'Monitoring': {'State': 'enabled'}, 'EbsOptimized': True, 'StateTransitionReason': 'User initiated'},
            ],
        }],
    },
    'numbers': {'Count': 3, 'Capacity': 1.0, 'Ratio': 0.25, 'Big': 1e16, 'Tiny': 1e-05, 'Neg': -2.5, 'Nothing': None, 'Flag': True},
    'unicode': {'Items': [{'name': 'Björn ☃', 'city': '東京', 'note': 'naïve café'}, {'name': 'Zoë', 'city': 'Seoul 서울'}]},
    'matrix': {'Matrix': [[1, 2], [3, 4]], 'Name': 'm'},
    'wide': {'Rows': [{'Description': 'x' * 70, 'Id': 'id-1', 'Other': 'y' * 30}]},
    'yaml-quoting': {'Items': ['123', 'true', 'null', '', ' lead', 'a: b', '#x', '- x', '2024-01-01', 'plain text', 'multi\nline', 'tab\there', "it's", 'x' * 50 + ' ' + 'y' * 50 + ' ' + 'z' * 10],
                     'Empty': {}, 'EmptyList': []},
    'query-scalar-list': ['i-1', 'i-2', 'i-3'],
    'list-of-lists': [['i-1', 'running'], ['i-2', 'stopped']],
}


def encode(value):
    if isinstance(value, float) and value.is_integer():
        return {'$float': value}
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [encode(v) for v in value]
    return value


def render(fmt, title, data):
    args = argparse.Namespace(query=None, color='off', output=fmt)
    stream = io.StringIO()
    get_formatter(fmt, args)(title, data, stream)
    return stream.getvalue()


out = []
for name, data in DATASETS.items():
    entry = {'name': name, 'data': encode(data), 'outputs': {}}
    for fmt in ('json', 'text', 'table', 'yaml'):
        entry['outputs'][fmt] = render(fmt, 'DescribeInstances' if name == 'nested' else 'Title', copy.deepcopy(data))
    out.append(entry)
target = pathlib.Path(__file__).resolve().parent.parent / 'test/cli/output-goldens.json'
target.write_text(json.dumps({'source': 'aws-cli 2.9.19 formatters (Debian package)', 'cases': out}, ensure_ascii=False, indent=1) + '\n')
