import { describe, expect, it } from 'vitest';
import { all, one, parse, text } from './render';

describe('the markup reader of the component tests', () => {
  it('nests elements, keeps void ones empty and decodes what React escapes', () => {
    const root = parse(
      '<div class="a b" data-testid="x"><input type="checkbox" checked=""/><span title="&quot;q&quot; &amp; &#x27;s&#x27;">1 &lt; 2 &gt; 0</span></div><p>é€😀</p>',
    );
    const div = one(root, { testId: 'x' });
    expect(one(div, { tag: 'input' })).toEqual({
      tag: 'input',
      attrs: { type: 'checkbox', checked: '' },
      children: [],
    });
    expect(one(div, { tag: 'span' }).attrs.title).toBe('"q" & \'s\'');
    expect(text(div)).toBe('1 < 2 > 0');
    expect(text(root)).toBe('1 < 2 > 0é€😀');
    expect(all(root, { className: 'b' })).toEqual([div]);
  });

  it('refuses markup it does not understand instead of guessing', () => {
    expect(() => parse('<div><span></div>')).toThrow('</div> closes <span>');
    expect(() => parse('<div>')).toThrow('unclosed <div>');
    expect(() => parse('<div a=b></div>')).toThrow(/unparsed markup/);
  });

  it('finds exactly one or says how many matched', () => {
    const root = parse('<i></i><i></i>');
    expect(() => one(root, { tag: 'i' })).toThrow('2 elements match {"tag":"i"}');
    expect(() => one(root, { tag: 'b' })).toThrow('0 elements match');
  });
});
