/**
 * The code cells' editor: CodeMirror 6 with line numbers, undo history, bracket matching, the
 * TypeScript grammar, and highlighting by class (`tok-*`, coloured in cells.css from the site's
 * light and dark palettes). Loaded with `import()` the first time a cell is focused or run, so a
 * page that is only read never downloads it. Shift+Enter runs the cell; Tab is left to move the
 * focus (keyboard users are not trapped in the editor).
 */
import { EditorState } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { bracketMatching, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { typescriptLanguage } from "@codemirror/lang-javascript";
import { classHighlighter } from "@lezer/highlight";

export interface CellEditor {
  code(): string;
  setCode(code: string): void;
  focus(): void;
  destroy(): void;
}

export function createEditor(
  parent: HTMLElement,
  doc: string,
  on: { change(code: string): void; run(): void; label: string },
): CellEditor {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        // Long lines wrap: no sideways scrolling region (which would need its own tab stop).
        EditorView.lineWrapping,
        // The grammar alone, without lang-javascript's completions (13 kB less in the chunk).
        typescriptLanguage,
        syntaxHighlighting(classHighlighter),
        keymap.of([
          { key: "Shift-Enter", run: () => (on.run(), true) },
          ...defaultKeymap,
          ...historyKeymap,
        ]),
        EditorView.contentAttributes.of({ "aria-label": on.label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) on.change(u.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    code: () => view.state.doc.toString(),
    setCode(code) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } });
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
