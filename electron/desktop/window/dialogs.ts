// The native file dialogs behind `sessions.open` and `sessions.save`: the user picks the path in main,
// so the renderer never names one (docs/architecture.md §4).
import { dialog, type BrowserWindow } from 'electron';
import type { HostServices } from '../../app/handler-table';

const FILTERS = [
  { name: 'Sessions and frame lines', extensions: ['ndjson', 'jsonl', 'json', 'txt', 'log'] },
  { name: 'All files', extensions: ['*'] },
];

export function nativeDialogs(window: () => BrowserWindow | undefined): HostServices {
  return {
    chooseFileToOpen: async () => {
      const parent = window();
      const options = { title: 'Open a session', properties: ['openFile' as const], filters: FILTERS };
      const result =
        parent === undefined
          ? await dialog.showOpenDialog(options)
          : await dialog.showOpenDialog(parent, options);
      return result.canceled ? undefined : result.filePaths[0];
    },
    chooseFileToSave: async (suggestedName) => {
      const parent = window();
      const options = { title: 'Save the session', defaultPath: suggestedName, filters: FILTERS };
      const result =
        parent === undefined
          ? await dialog.showSaveDialog(options)
          : await dialog.showSaveDialog(parent, options);
      return result.canceled ? undefined : result.filePath;
    },
  };
}
