/**
 * A CloudFormation template as the AWS CLI reads one (its yamlhelper.py): JSON when it parses as JSON,
 * else YAML whose short-form intrinsics become their long form (`!Ref X` → `{ Ref: X }`, `!GetAtt R.Arn`
 * → `{ 'Fn::GetAtt': ['R', 'Arn'] }`, `!Sub …` → `{ 'Fn::Sub': … }`), with YAML 1.1's yes/no/on/off read as
 * booleans, as CloudFormation reads them.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { IsoawsError } from '../../core/errors.js';

export function parseTemplate(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // not JSON: YAML, as CloudFormation also takes
  }
  const doc = parseDocument(text, { uniqueKeys: false });
  const error = doc.errors[0];
  if (error) throw new IsoawsError(`Unable to parse the template: ${error.message}`);
  return doc.contents ? toValue(doc.contents as Node) : null;
}

const YAML_11_BOOLEAN = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;

function toValue(node: Node): unknown {
  const value = plainValue(node);
  const tag = node.tag;
  if (!tag?.startsWith('!') || tag.startsWith('!!')) return value;
  const name = tag.slice(1);
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  // !GetAtt's short form names the attribute after a dot: Resource.Attribute.
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { [key]: dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [key]: value };
}

function plainValue(node: Node): unknown {
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      out[String(key ? toValue(key) : null)] = pair.value ? toValue(pair.value as Node) : null;
    }
    return out;
  }
  if (isSeq(node)) return node.items.map((item) => toValue(item as Node));
  if (isScalar(node)) {
    const plain = node.type === 'PLAIN' && typeof node.source === 'string' ? node.source : undefined;
    if (plain !== undefined && YAML_11_BOOLEAN.test(plain)) return /^(?:yes|true|on)$/i.test(plain);
    return node.value;
  }
  return null;
}
