import { describe, expect, it } from 'vitest';
import { Fact } from '../../../../renderer/components/fact';
import { hasClass, one, render, text } from '../support/render';

describe('Fact', () => {
  it('names its test id after the label and shows the label over the figure', () => {
    const page = render(
      <Fact label="Pong latency" title="median of 3">
        12 ms
      </Fact>,
    );
    const fact = one(page, { testId: 'fact-pong-latency' });
    expect(text(one(fact, { tag: 'dt' }))).toBe('Pong latency');
    expect(text(one(fact, { tag: 'dd' }))).toBe('12 ms');
    expect(fact.attrs.title).toBe('median of 3');
  });

  it('folds every run of punctuation and spaces in the label into one dash', () => {
    const page = render(<Fact label="Duplicate / unknown">0 / 0</Fact>);
    expect(text(one(page, { testId: 'fact-duplicate-unknown' }))).toBe('Duplicate / unknown0 / 0');
  });

  it('marks a figure that shows a problem, and only that one', () => {
    const page = render(
      <dl>
        <Fact label="Late pings" bad>
          2
        </Fact>
        <Fact label="Missed pongs" wide>
          0
        </Fact>
      </dl>,
    );
    const late = one(page, { testId: 'fact-late-pings' });
    const missed = one(page, { testId: 'fact-missed-pongs' });
    expect(hasClass(late, 'fact-bad')).toBe(true);
    expect(hasClass(missed, 'fact-bad')).toBe(false);
    expect(hasClass(missed, 'fact-wide')).toBe(true);
    expect(late.attrs.title).toBeUndefined();
  });
});
