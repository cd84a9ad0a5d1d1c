import { describe, expect, it } from 'vitest';
import { Notices } from '../../../../renderer/components/notices';
import { AppStore } from '../../../../renderer/state/app-store';
import { fakeApi } from '../support/fake-api';
import { all, one, render, text, type Element } from '../support/render';

const notices = (app: AppStore): Element =>
  render(<Notices store={app} notices={app.getSnapshot().notices} />);

describe('Notices', () => {
  it('shows nothing while all is well', () => {
    expect(notices(new AppStore(fakeApi())).children).toHaveLength(0);
  });

  it('announces an error as an alert and anything else as a status, each one line with a dismiss button', () => {
    const app = new AppStore(fakeApi());
    app.notify('error', 'could not connect to http://127.0.0.1:1: connection refused');
    app.notify('info', 'saved session.ndjson');
    const page = notices(app);
    const error = one(page, { testId: 'error' });
    expect(error.attrs.role).toBe('alert');
    expect(text(one(error, { className: 'notice-text' }))).toBe(
      'could not connect to http://127.0.0.1:1: connection refused',
    );
    const info = one(page, { testId: 'notice' });
    expect(info.attrs.role).toBe('status');
    expect(text(one(info, { className: 'notice-text' }))).toBe('saved session.ndjson');
    expect(all(page, { tag: 'button' }).map((b) => b.attrs['aria-label'])).toEqual(['Dismiss', 'Dismiss']);
  });

  it('keeps the three latest, so a repeating error does not bury the screen', () => {
    const app = new AppStore(fakeApi());
    for (let i = 1; i <= 5; i++) app.notify('error', `failure ${i}`);
    app.dismiss(app.getSnapshot().notices[1]!.id);
    const shown = all(notices(app), { className: 'notice-text' }).map(text);
    expect(shown).toEqual(['failure 3', 'failure 5']);
  });
});
