// Components rendered to HTML in Node (react-dom/server: no DOM, no effects, no events) and read back as a
// small element tree, so a test asks what a user reads: texts, test ids, roles, aria state, disabled
// buttons. React's static markup is regular (quoted attributes, escaped text, void elements self-closed),
// which is all the parser below handles; anything else fails the test instead of being guessed at.
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

export interface Element {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly (Element | string)[];
}

/** What to look for: every given field must match. */
export interface Query {
  readonly tag?: string;
  readonly testId?: string;
  readonly role?: string;
  /** A class among the element's classes. */
  readonly className?: string;
}

const VOID = new Set('area base br col embed hr img input link meta source track wbr'.split(' '));
const TOKEN =
  /<!--[\s\S]*?-->|<\/([a-zA-Z][\w:-]*)>|<([a-zA-Z][\w:-]*)((?:\s+[^\s=/>]+(?:="[^"]*")?)*)\s*(\/?)>|[^<]+/g;
const ATTR = /([^\s=/>]+)(?:="([^"]*)")?/g;

/** The markup under a root element with tag `#root`. */
export function render(ui: ReactNode): Element {
  return parse(renderToStaticMarkup(ui));
}

export function parse(html: string): Element {
  const root: Element & { children: (Element | string)[] } = { tag: '#root', attrs: {}, children: [] };
  const open = [root];
  let end = 0;
  for (const m of html.matchAll(TOKEN)) {
    if (m.index !== end) throw new Error(`unparsed markup at ${end}: ${html.slice(end, end + 40)}`);
    end = m.index + m[0].length;
    const parent = open[open.length - 1] as (typeof open)[number];
    const [token, closing, tag, attrText = '', selfClosing] = m;
    if (token.startsWith('<!--')) continue;
    if (closing !== undefined) {
      if (parent.tag !== closing) throw new Error(`</${closing}> closes <${parent.tag}>`);
      open.pop();
    } else if (tag !== undefined) {
      const attrs: Record<string, string> = {};
      for (const [, name, value = ''] of attrText.matchAll(ATTR)) attrs[name as string] = decode(value);
      const element = { tag, attrs, children: [] };
      parent.children.push(element);
      if (selfClosing === '' && !VOID.has(tag)) open.push(element);
    } else parent.children.push(decode(token));
  }
  if (end !== html.length || open.length !== 1) throw new Error(`unclosed <${open[open.length - 1]?.tag}>`);
  return root;
}

/** Every element under `root` (not root itself) that matches, in document order. */
export function all(root: Element, q: Query): Element[] {
  const out: Element[] = [];
  const walk = (e: Element): void => {
    for (const c of e.children) {
      if (typeof c === 'string') continue;
      if (matches(c, q)) out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

/** The one element that matches; more or none is a failure. */
export function one(root: Element, q: Query): Element {
  const found = all(root, q);
  if (found.length !== 1) throw new Error(`${found.length} elements match ${JSON.stringify(q)}`);
  return found[0] as Element;
}

/** The text a user reads in the element, as textContent has it. */
export function text(e: Element | string): string {
  return typeof e === 'string' ? e : e.children.map(text).join('');
}

/** The figure of a Fact (fact.tsx), found by its test id. */
export function figure(root: Element, testId: string): string {
  return text(one(one(root, { testId }), { tag: 'dd' }));
}

export function hasClass(e: Element, name: string): boolean {
  return (e.attrs.class ?? '').split(/\s+/).includes(name);
}

function matches(e: Element, q: Query): boolean {
  return (
    (q.tag === undefined || e.tag === q.tag) &&
    (q.testId === undefined || e.attrs['data-testid'] === q.testId) &&
    (q.role === undefined || e.attrs.role === q.role) &&
    (q.className === undefined || hasClass(e, q.className))
  );
}

/** React escapes &, <, >, " and ' in text and attributes; numeric references cover the rest. */
function decode(s: string): string {
  return s.replace(
    /&(amp|lt|gt|quot|#x([0-9a-f]+)|#(\d+));/gi,
    (_, name: string, hex?: string, dec?: string) =>
      hex !== undefined
        ? String.fromCodePoint(parseInt(hex, 16))
        : dec !== undefined
          ? String.fromCodePoint(Number(dec))
          : ({ amp: '&', lt: '<', gt: '>', quot: '"' } as Record<string, string>)[name.toLowerCase()]!,
  );
}
