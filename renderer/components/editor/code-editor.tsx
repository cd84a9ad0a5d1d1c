// A JSON editor: Monaco once it has loaded, a plain textarea until then (or if it cannot load), so the
// form works either way. Problems from validation show as markers; Ctrl/Cmd+Enter submits.
import { useEffect, useRef, useState } from 'react';
import type { editor } from 'monaco-editor/editor/editor.api';
import { loadMonaco, type MonacoModule } from './monaco-loader';
import './code-editor.css';

const MAX_UNECHOED = 200;

export interface EditorProblem {
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export interface CodeEditorProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly testId: string;
  readonly label: string;
  readonly height: number;
  readonly problem?: EditorProblem | null;
  readonly onSubmit?: () => void;
  /** Lets the parent insert text at the cursor (the "+ binary" button). */
  readonly onReady?: (api: { insertSnippet(snippet: string): void }) => void;
}

export function CodeEditor({
  value,
  onChange,
  testId,
  label,
  height,
  problem,
  onSubmit,
  onReady,
}: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<editor.IStandaloneCodeEditor | null>(null);
  const monacoRef = useRef<MonacoModule['monaco'] | null>(null);
  const [mode, setMode] = useState<'loading' | 'monaco' | 'textarea'>('loading');
  // The editor is created once, when Monaco has loaded; it reads the props of that moment through here.
  const latest = useRef({ onChange, onSubmit, value, label, onReady });
  latest.current = { onChange, onSubmit, value, label, onReady };
  // The texts the editor reported that no render has carried back yet. Typing outruns React: a render
  // can carry a value the editor has already moved past, and writing it back would undo keystrokes.
  // Only a value that did not come from the editor (a history entry loaded) is written into it.
  const reported = useRef<string[]>([]);

  useEffect(() => {
    let disposed = false;
    loadMonaco()
      .then(({ monaco, schemeTheme }) => {
        if (disposed || host.current === null) return;
        const ed = monaco.editor.create(host.current, {
          // What was typed into the textarea while Monaco loaded is kept.
          value: latest.current.value,
          language: 'json',
          theme: schemeTheme(),
          minimap: { enabled: false },
          fontSize: 12,
          lineNumbersMinChars: 3,
          scrollBeyondLastLine: false,
          automaticLayout: true,
          tabSize: 2,
          renderLineHighlight: 'line',
          ariaLabel: latest.current.label,
          fixedOverflowWidgets: true,
        });
        ed.onDidChangeModelContent(() => {
          const text = ed.getValue();
          // Bounded for a parent that does not take the value back.
          reported.current = [...reported.current.slice(-(MAX_UNECHOED - 1)), text];
          latest.current.onChange(text);
        });
        ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => latest.current.onSubmit?.());
        editorRef.current = ed;
        monacoRef.current = monaco;
        setMode('monaco');
        latest.current.onReady?.({
          insertSnippet(snippet) {
            ed.focus();
            const controller = ed.getContribution('snippetController2') as { insert(s: string): void } | null;
            controller?.insert(snippet);
          },
        });
      })
      .catch(() => {
        if (!disposed) setMode('textarea');
      });
    return () => {
      disposed = true;
      editorRef.current?.dispose();
      editorRef.current = null;
    };
    // The editor is created once; later values are pushed in by the effect below.
  }, []);

  useEffect(() => {
    const ed = editorRef.current;
    if (ed === null) return;
    const echo = reported.current.lastIndexOf(value);
    if (echo >= 0) {
      // Renders carry the editor's texts in order: the ones before this are past.
      reported.current = reported.current.slice(echo + 1);
      return;
    }
    reported.current = [];
    if (ed.getValue() !== value) ed.setValue(value);
  }, [value]);

  useEffect(() => {
    const ed = editorRef.current;
    const monaco = monacoRef.current;
    const model = ed?.getModel();
    if (monaco === null || model === null || model === undefined) return;
    const markers =
      problem === null || problem === undefined || problem.line === undefined
        ? []
        : [
            {
              message: problem.message,
              severity: monaco.MarkerSeverity.Error,
              startLineNumber: problem.line,
              startColumn: problem.column ?? 1,
              endLineNumber: problem.line,
              endColumn: (problem.column ?? 1) + 1,
            },
          ];
    monaco.editor.setModelMarkers(model, 'sio-inspector', markers);
  }, [problem, mode]);

  return (
    <div
      className={`code-editor code-editor-${mode}`}
      style={{ height }}
      data-testid={testId}
      data-editor={mode}
    >
      <div ref={host} className="code-editor-host" hidden={mode !== 'monaco'} />
      {mode !== 'monaco' && (
        <textarea
          className="code-editor-fallback"
          aria-label={label}
          value={value}
          spellCheck={false}
          onChange={(e) => onChange(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              onSubmit?.();
            }
          }}
        />
      )}
    </div>
  );
}
