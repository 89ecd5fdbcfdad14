/**
 * The part of Python's xml.dom.minidom that `history show` relies on to lay out an XML body
 * (show.py, SectionValuePrettyFormatter): `parseString` — expat's well-formedness checks, namespaces
 * checked, text merged as minidom's builder merges it, CDATA sections, comments and processing
 * instructions kept — and `writexml` as Python 3.11 writes it (`toxml`, `toprettyxml`): the
 * `<?xml version="1.0" ?>` line, namespace declarations before the other attributes, an element whose
 * only child is text on one line, and `&`, `<`, `"` and `>` escaped in text and attributes alike.
 *
 * A document type declaration is not read: such a body is left as it came (AWS does not send them).
 */

export type XmlNode =
  | { kind: 'element'; name: string; attrs: Array<[string, string]>; children: XmlNode[] }
  | { kind: 'text'; data: string }
  | { kind: 'cdata'; data: string }
  | { kind: 'comment'; data: string }
  | { kind: 'pi'; target: string; data: string };

/** The document's nodes (the root element, and the comments and instructions around it), or undefined when it is not XML. */
export function parseXmlDocument(text: string): XmlNode[] | undefined {
  try {
    return new Parser(text).document();
  } catch (err) {
    if (err instanceof NotXml) return undefined;
    throw err;
  }
}

/** `Document.writexml(writer, '', addindent, newl)`: toxml() with no indent, toprettyxml() with one. */
export function writeXmlDocument(nodes: readonly XmlNode[], addindent: string, newl: string): string {
  return `<?xml version="1.0" ?>${newl}${nodes.map((n) => writeNode(n, '', addindent, newl)).join('')}`;
}

function writeNode(node: XmlNode, indent: string, addindent: string, newl: string): string {
  switch (node.kind) {
    case 'text':
      return escape(`${indent}${node.data}${newl}`);
    case 'cdata':
      return `<![CDATA[${node.data}]]>`;
    case 'comment':
      return `${indent}<!--${node.data}-->${newl}`;
    case 'pi':
      return `${indent}<?${node.target} ${node.data}?>${newl}`;
    case 'element': {
      const open = `${indent}<${node.name}${node.attrs.map(([n, v]) => ` ${n}="${escape(v)}"`).join('')}`;
      if (!node.children.length) return `${open}/>${newl}`;
      const [only] = node.children;
      const inner =
        node.children.length === 1 && (only!.kind === 'text' || only!.kind === 'cdata')
          ? writeNode(only!, '', '', '')
          : `${newl}${node.children.map((c) => writeNode(c, indent + addindent, addindent, newl)).join('')}${indent}`;
      return `${open}>${inner}</${node.name}>${newl}`;
    }
  }
}

/** minidom's _write_data (Python 3.11). */
function escape(data: string): string {
  return data.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/>/g, '&gt;');
}

class NotXml extends Error {}

const NAME = /[A-Za-z_:\u00c0-\uffff][\w.:\-\u00b7\u00c0-\uffff]*/y;
const SPACE = /[ \t\r\n]*/y;
// eslint-disable-next-line no-control-regex -- the control characters XML 1.0 does not allow
const INVALID_CHAR = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** A recursive-descent reader of one document, failing (NotXml) wherever expat reports an error. */
class Parser {
  private pos = 0;
  constructor(private readonly text: string) {
    if (INVALID_CHAR.test(text)) throw new NotXml();
    if (text.startsWith('\ufeff')) this.pos = 1;
  }

  /** document = [XMLDecl] Misc* element Misc*  (Misc = Comment | PI | S) */
  document(): XmlNode[] {
    if (/^<\?xml[ \t\r\n?]/.test(this.text.slice(this.pos, this.pos + 6))) this.skipPast('?>');
    const nodes = this.misc();
    if (!this.text.startsWith('<', this.pos)) throw new NotXml();
    nodes.push(this.element(new Set(['xml'])));
    nodes.push(...this.misc());
    if (this.pos < this.text.length) throw new NotXml();
    return nodes;
  }

  private misc(): XmlNode[] {
    const nodes: XmlNode[] = [];
    for (;;) {
      this.space();
      if (this.text.startsWith('<!--', this.pos)) nodes.push(this.comment());
      else if (this.text.startsWith('<?', this.pos)) nodes.push(this.instruction());
      else return nodes;
    }
  }

  /** element = '<' Name (S Attribute)* S? ('/>' | '>' content '</' Name S? '>'); prefixes must be declared. */
  private element(outer: ReadonlySet<string>): XmlNode {
    this.pos++;
    const name = this.name();
    const declared: Array<[string, string]> = [];
    const attrs: Array<[string, string]> = [];
    for (;;) {
      const spaced = this.space();
      if (this.text.startsWith('/>', this.pos) || this.text.startsWith('>', this.pos)) break;
      if (!spaced) throw new NotXml();
      const attr = this.name();
      this.space();
      this.expect('=');
      this.space();
      const value = this.attributeValue();
      if ([...declared, ...attrs].some(([n]) => n === attr)) throw new NotXml();
      (attr === 'xmlns' || attr.startsWith('xmlns:') ? declared : attrs).push([attr, value]);
    }
    const scope = new Set(outer);
    for (const [attr] of declared) if (attr.startsWith('xmlns:')) scope.add(attr.slice(6));
    for (const qualified of [name, ...attrs.map(([n]) => n)]) {
      const colon = qualified.indexOf(':');
      if (colon !== -1 && !scope.has(qualified.slice(0, colon))) throw new NotXml();
    }
    const node: XmlNode = { kind: 'element', name, attrs: [...declared, ...attrs], children: [] };
    if (this.text.startsWith('/>', this.pos)) {
      this.pos += 2;
      return node;
    }
    this.pos++;
    this.content(node.children, scope);
    if (this.name() !== name) throw new NotXml();
    this.space();
    this.expect('>');
    return node;
  }

  /** content = (CharData | Reference | CDSect | Comment | PI | element)* up to and past '</' */
  private content(children: XmlNode[], scope: ReadonlySet<string>): void {
    for (;;) {
      if (this.pos >= this.text.length) throw new NotXml();
      if (this.text.startsWith('</', this.pos)) {
        this.pos += 2;
        return;
      }
      if (this.text.startsWith('<!--', this.pos)) children.push(this.comment());
      else if (this.text.startsWith('<![CDATA[', this.pos)) {
        const data = this.skipPast(']]>', 9).replace(/\r\n?/g, '\n');
        // An empty section gives expat no character data, so minidom makes no node for it.
        if (data) children.push({ kind: 'cdata', data });
      } else if (this.text.startsWith('<?', this.pos)) children.push(this.instruction());
      else if (this.text.startsWith('<!', this.pos)) throw new NotXml();
      else if (this.text.startsWith('<', this.pos)) children.push(this.element(scope));
      else {
        const end = this.text.indexOf('<', this.pos);
        const raw = this.text.slice(this.pos, end === -1 ? this.text.length : end);
        if (raw.includes(']]>')) throw new NotXml();
        this.pos += raw.length;
        const data = decode(raw.replace(/\r\n?/g, '\n'));
        const last = children.at(-1);
        // minidom's builder adds character data to a text node just before it.
        if (last?.kind === 'text') last.data += data;
        else children.push({ kind: 'text', data });
      }
    }
  }

  /** Comment = '<!--' ((Char - '-') | ('-' (Char - '-')))* '-->' */
  private comment(): XmlNode {
    const data = this.skipPast('-->', 4);
    if (data.includes('--') || data.endsWith('-')) throw new NotXml();
    return { kind: 'comment', data: data.replace(/\r\n?/g, '\n') };
  }

  /** PI = '<?' PITarget (S Char*)? '?>', the target not `xml` in any case. */
  private instruction(): XmlNode {
    this.pos += 2;
    const target = this.name();
    if (target.toLowerCase() === 'xml') throw new NotXml();
    const spaced = this.space();
    const data = this.skipPast('?>');
    if (data && !spaced) throw new NotXml();
    return { kind: 'pi', target, data: data.replace(/\r\n?/g, '\n') };
  }

  /** AttValue = '"' ([^<&"] | Reference)* '"' | "'" ([^<&'] | Reference)* "'", its white space normalized. */
  private attributeValue(): string {
    const quote = this.text[this.pos];
    if (quote !== '"' && quote !== "'") throw new NotXml();
    const end = this.text.indexOf(quote, this.pos + 1);
    if (end === -1) throw new NotXml();
    const raw = this.text.slice(this.pos + 1, end);
    if (raw.includes('<')) throw new NotXml();
    this.pos = end + 1;
    // Literal line ends and tabs become spaces; those written as references are kept.
    return decode(raw.replace(/\r\n/g, ' ').replace(/[\t\n\r]/g, ' '));
  }

  private name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.text);
    if (!m) throw new NotXml();
    this.pos += m[0].length;
    return m[0];
  }

  private space(): boolean {
    SPACE.lastIndex = this.pos;
    const length = SPACE.exec(this.text)![0].length;
    this.pos += length;
    return length > 0;
  }

  private expect(text: string): void {
    if (!this.text.startsWith(text, this.pos)) throw new NotXml();
    this.pos += text.length;
  }

  /** The text from `skip` characters on up to `end`, the position moved past `end`. */
  private skipPast(end: string, skip = 0): string {
    const at = this.text.indexOf(end, this.pos + skip);
    if (at === -1) throw new NotXml();
    const data = this.text.slice(this.pos + skip, at);
    this.pos = at + end.length;
    return data;
  }
}

/** Character and predefined entity references replaced; any other `&` is not XML. */
function decode(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new NotXml();
    if (Object.hasOwn(ENTITIES, ref)) return ENTITIES[ref]!;
    const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
    const code = m ? parseInt(m[1] ?? m[2]!, m[1] ? 16 : 10) : NaN;
    if (!(code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0x10ffff)) || isNonCharacter(code))
      throw new NotXml();
    return String.fromCodePoint(code);
  });
}

function isNonCharacter(code: number): boolean {
  return (code >= 0xd800 && code <= 0xdfff) || code === 0xfffe || code === 0xffff;
}
