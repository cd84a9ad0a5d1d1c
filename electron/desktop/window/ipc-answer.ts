// What the main side answers on one bridge method's IPC channel, apart from Electron itself so it can
// be tested without it (only Electron's types are imported). Every answer is an Outcome envelope, the
// same as the web host sends: a rejected `ipcRenderer.invoke` keeps only its message, and the preload
// hands the envelope to the page unopened, so the renderer sees the UserError code on both hosts.
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { BridgeMethod } from '../../../shared/bridge/channels';
import { failedOutcome, type Outcome } from '../../../shared/bridge/outcome';
import { UserError } from '../../../shared/user-error';
import type { HandlerTable } from '../../app/handler-table';

/** The parts of an invoke event the answer reads. */
export type IpcCall = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

export type IpcAnswer = (event: IpcCall, params: unknown) => Promise<Outcome<unknown>>;

export function ipcAnswer(
  table: HandlerTable,
  method: BridgeMethod,
  trusted: (event: IpcCall) => boolean,
): IpcAnswer {
  return async (event, params) => {
    if (!trusted(event)) return failedOutcome(new UserError('usage', 'refused: not the inspector window'));
    return table.dispatch(method, params);
  };
}

/**
 * docs/architecture.md §4: our page, in a window we admitted, from its main frame; not an iframe (there should be
 * none), not a page navigated elsewhere.
 */
export function trustedSender(
  event: IpcCall,
  admitted: ReadonlySet<WebContents>,
  isAppUrl: (url: string) => boolean,
): boolean {
  const frame = event.senderFrame;
  if (frame === null || !admitted.has(event.sender)) return false;
  return frame.parent === null && isAppUrl(frame.url);
}
