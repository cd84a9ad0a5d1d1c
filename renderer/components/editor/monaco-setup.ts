// Monaco, bundled: the editor core, the contributions the emit and auth editors use, and the JSON
// language with its worker. Workers come from Vite's `?worker` imports, emitted as files next to the
// bundle, so nothing loads from a CDN or a blob the CSP would have to allow.
import * as monaco from 'monaco-editor/editor/editor.api';
// Every editor feature (find, suggest, snippets, hover, folding…): their services depend on each other,
// and a hand-picked subset fails at run time with "depends on UNKNOWN service". Languages stay out.
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/features/json/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
import { BINARY_SNIPPET } from '../../state/emit-args';

self.MonacoEnvironment = {
  getWorker(_id: string, label: string): Worker {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

monaco.editor.defineTheme('sio-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: {
    'editor.background': '#111318',
    'editorGutter.background': '#111318',
    'editor.lineHighlightBackground': '#1a1d24',
  },
});
monaco.editor.defineTheme('sio-light', {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#ffffff' },
});

// Monaco's theme is one for all editors: it follows the system's colour scheme, also while one is open.
const darkScheme = window.matchMedia('(prefers-color-scheme: dark)');
export function schemeTheme(): string {
  return darkScheme.matches ? 'sio-dark' : 'sio-light';
}
darkScheme.addEventListener('change', () => monaco.editor.setTheme(schemeTheme()));

// `$binary` values are how binary args are written (README.md, "Records"); offer them where
// JSON values go.
monaco.languages.registerCompletionItemProvider('json', {
  triggerCharacters: ['$'],
  provideCompletionItems(model, position, context) {
    // Offered after a `$` or on Ctrl+Space only: everywhere else it would sit in the way of typing JSON.
    const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
    const asked = context.triggerKind === monaco.languages.CompletionTriggerKind.Invoke;
    if (!asked && !/\$\w*$/.test(before)) return { suggestions: [] };
    const word = model.getWordUntilPosition(position);
    // Replace the typed `$bin…` (the word definition stops before `$`), or just the word on Ctrl+Space.
    const dollar = /\$\w*$/.exec(before);
    const range = {
      startLineNumber: position.lineNumber,
      endLineNumber: position.lineNumber,
      startColumn: dollar === null ? word.startColumn : dollar.index + 1,
      endColumn: word.endColumn,
    };
    return {
      suggestions: [
        {
          label: '$binary',
          kind: monaco.languages.CompletionItemKind.Snippet,
          documentation: 'A binary argument: base64 bytes, sent as a Socket.IO attachment',
          insertText: BINARY_SNIPPET,
          insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet,
          range,
        },
      ],
    };
  },
});

export { monaco };
