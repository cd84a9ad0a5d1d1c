import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  EMPTY_FILTER,
  filterKey,
  toggle,
  toRecordFilter,
} from '../../../../renderer/state/filter-state';

describe('filter form', () => {
  it('an empty form filters nothing', () => {
    expect(toRecordFilter(EMPTY_FILTER)).toBeNull();
    expect(toRecordFilter({ ...EMPTY_FILTER, text: '   ', nsp: ' ' })).toBeNull();
    expect(activeFilterCount(EMPTY_FILTER)).toBe(0);
  });

  it('sends only the fields that are set, trimmed', () => {
    const form = {
      ...EMPTY_FILTER,
      dir: 'in' as const,
      nsp: ' /admin ',
      event: 'chat',
      text: 'hello',
      hideHeartbeats: true,
      sioTypes: ['EVENT' as const],
    };
    expect(toRecordFilter(form)).toEqual({
      dir: 'in',
      nsp: '/admin',
      event: 'chat',
      text: 'hello',
      hideHeartbeats: true,
      sioTypes: ['EVENT'],
    });
    expect(activeFilterCount(form)).toBe(6);
  });

  it('keys equal filters equally whatever the field order', () => {
    expect(filterKey({ dir: 'in', text: 'a' })).toBe(filterKey({ text: 'a', dir: 'in' }));
    expect(filterKey({ dir: 'in' })).not.toBe(filterKey({ dir: 'out' }));
    expect(filterKey(null)).toBe('');
  });

  it('toggles a type in and out of a list', () => {
    expect(toggle(['ping'], 'pong')).toEqual(['ping', 'pong']);
    expect(toggle(['ping', 'pong'], 'ping')).toEqual(['pong']);
  });
});
