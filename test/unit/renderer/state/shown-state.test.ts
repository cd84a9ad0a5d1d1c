import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../../shared/bridge/api';
import { shownState } from '../../../../renderer/state/shown-state';

const open: SessionInfo = {
  session: 's1',
  title: 't',
  kind: 'live',
  state: 'open',
  total: 0,
  connections: [],
};

describe('shownState', () => {
  it('is "refused", not open, when every namespace was refused', () => {
    expect(
      shownState({
        ...open,
        namespaces: [
          { nsp: '/admin', status: 'refused', error: 'unauthorized' },
          { nsp: '/x', status: 'refused' },
        ],
      }),
    ).toEqual({
      key: 'refused',
      label: 'refused',
      title: 'Every namespace was refused: /admin (unauthorized), /x (no reason given)',
    });
  });

  it('is the bridge state while any namespace is not refused, or none is known', () => {
    const mixed = shownState({
      ...open,
      namespaces: [
        { nsp: '/', status: 'connected' },
        { nsp: '/admin', status: 'refused', error: 'unauthorized' },
      ],
    });
    expect(mixed).toEqual({ key: 'open', label: 'open' });
    expect(shownState(open)).toEqual({ key: 'open', label: 'open' });
    expect(shownState({ ...open, state: 'offline' })).toEqual({ key: 'offline', label: 'file' });
    expect(shownState({ ...open, state: 'closed', namespaces: [{ nsp: '/', status: 'refused' }] }).key).toBe(
      'closed',
    );
  });
});
