/**
 * A strict, small XML reader for tests of the SVG output: it accepts only well-formed XML (one root,
 * matched tags, quoted attributes, no duplicate attributes, known entities, no stray `<` or `&`) and
 * throws with the offset otherwise. It returns the element tree with decoded text, which is what the
 * tests read the drawing's labels from. No DTDs, CDATA or processing instructions: the SVG has none.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, decoded, in document order (not its descendants'). */
  text: string;
}

const NAME = /[A-Za-z_][\w.:-]*/y;
const ENTITY = /&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/y;

export function parseXml(src: string): XmlElement {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`not well-formed at ${i}: ${why} near ${JSON.stringify(src.slice(i, i + 40))}`);
  };
  const decode = (raw: string): string => {
    let out = '';
    for (let k = 0; k < raw.length;) {
      const c = raw[k];
      if (c === '<') fail('"<" in text or attribute');
      if (c !== '&') {
        out += c;
        k++;
        continue;
      }
      ENTITY.lastIndex = k;
      const m = ENTITY.exec(raw);
      if (!m) fail('bad entity');
      const e = m![1];
      out +=
        e === 'amp'
          ? '&'
          : e === 'lt'
            ? '<'
            : e === 'gt'
              ? '>'
              : e === 'quot'
                ? '"'
                : e === 'apos'
                  ? "'"
                  : String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
      k += m![0].length;
    }
    return out;
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(src);
    if (!m) fail('expected a name');
    i += m![0].length;
    return m![0];
  };
  const space = () => {
    while (i < src.length && /\s/.test(src[i])) i++;
  };
  const element = (): XmlElement => {
    if (src[i] !== '<') fail('expected "<"');
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      space();
      if (src.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (src[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('expected whitespace before an attribute');
      const key = name();
      if (key in el.attrs) fail(`duplicate attribute ${key}`);
      space();
      if (src[i] !== '=') fail('expected "="');
      i++;
      space();
      const q = src[i];
      if (q !== '"' && q !== "'") fail('attribute value not quoted');
      const end = src.indexOf(q, i + 1);
      if (end < 0) fail('unterminated attribute');
      el.attrs[key] = decode(src.slice(i + 1, end));
      i = end + 1;
    }
    for (;;) {
      const lt = src.indexOf('<', i);
      if (lt < 0) fail(`unclosed <${el.name}>`);
      el.text += decode(src.slice(i, lt));
      i = lt;
      if (src.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`);
        space();
        if (src[i] !== '>') fail('expected ">"');
        i++;
        return el;
      }
      if (src.startsWith('<!--', i)) {
        const end = src.indexOf('-->', i);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
        continue;
      }
      el.children.push(element());
    }
  };
  space();
  const root = element();
  space();
  if (i !== src.length) fail('content after the root element');
  return root;
}

/** Every text in the tree (element text, depth first), for "the drawing says X" assertions. */
export function allText(el: XmlElement): string[] {
  return [el.text, ...el.children.flatMap(allText)].filter((t) => t.trim() !== '');
}

export function elements(el: XmlElement, pred: (e: XmlElement) => boolean): XmlElement[] {
  return [...(pred(el) ? [el] : []), ...el.children.flatMap((c) => elements(c, pred))];
}
