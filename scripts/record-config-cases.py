"""Records test/config/ini-cases.json: config texts and what botocore's raw_config_parse makes of
them (or that it fails), with the machine's botocore. The test checks isoaws's reader against it."""
import json
import os
import pathlib
import tempfile

import botocore
from botocore.configloader import raw_config_parse
from botocore.exceptions import ConfigParseError

TEXTS = {
    'basic': '[default]\nregion = us-east-1\noutput=json\n\n[profile dev]\nregion: eu-west-1\naws_access_key_id = AKIDDEV\n',
    'comments and case': '# top\n[default]\n; note\nRegion = us-west-2\nOUTPUT = text\nvalue = a # not a comment\n',
    'nested s3 block': '[default]\ns3 =\n  max_concurrent_requests = 20\n  Multipart_Threshold = 64MB\nregion = us-east-1\n',
    'continuation': '[default]\nkey = first\n  second\n  third\nother = x\n',
    'blank inside value': '[default]\nkey = a\n\n  b\n\nnext = c\n',
    'quoted profile': '[profile "my profile"]\nregion = ap-south-1\n[sso-session corp]\nsso_region = us-east-1\n[services local]\ns3 =\n  endpoint_url = http://localhost:4566\n',
    'indented keys': '[default]\n   region = us-east-1\n   output = yaml\n',
    'empty values': '[default]\nregion =\ncli_pager=\n',
    'colon and equals in value': '[default]\nrole_arn = arn:aws:iam::123456789012:role/x\nurl = http://a=b\n',
    'duplicate section': '[default]\nregion = a\n[default]\nregion = b\n',
    'duplicate key': '[default]\nregion = a\nregion = b\n',
    'no delimiter': '[default]\nregion us-east-1\n',
    'key before section': 'region = us-east-1\n[default]\n',
    'nested without equals': '[default]\ns3 =\n  nonsense\n',
    'crlf': '[default]\r\nregion = us-east-1\r\n',
    'tabs': '[default]\nkey = a\n\tcontinued\n',
}

cases = []
for name, text in TEXTS.items():
    with tempfile.NamedTemporaryFile('w', suffix='.ini', delete=False, newline='') as f:
        f.write(text)
    try:
        cases.append({'name': name, 'text': text, 'parsed': raw_config_parse(f.name)})
    except ConfigParseError:
        cases.append({'name': name, 'text': text, 'error': True})
    finally:
        os.unlink(f.name)
out = pathlib.Path(__file__).resolve().parent.parent / 'test/config/ini-cases.json'
out.write_text(json.dumps({'source': f'botocore {botocore.__version__} configloader.raw_config_parse', 'cases': cases}, indent=1) + '\n')
