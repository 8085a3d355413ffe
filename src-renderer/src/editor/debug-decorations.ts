/**
 * The debugger in Monaco: breakpoint dots in the glyph margin (set by a click there or on a line number, or
 * F9), a faint dot under the mouse, and the current line of the stopped vCPU (whole-line highlight plus an
 * arrow). Breakpoint decorations move with the text as lines are inserted or deleted, and the editor store
 * follows them.
 */
import type * as Monaco from 'monaco-editor/editor';

export interface DebugGutterOptions {
  breakpointLines(): readonly number[];
  /** Lines that assemble to code (null: not known, every line counts). */
  codeLines(): ReadonlySet<number> | null;
  /** The condition of a breakpoint line, if it has one (drawn apart, VS Code's dot with a bar). */
  condition?(line: number): string | undefined;
  toggle(line: number): void;
  /** The breakpoints after an edit moved them. */
  moved(lines: number[]): void;
  messages(): { breakpoint: string; noCode: string; current: (vcpu: number) => string; conditional?: (condition: string) => string };
}

export interface DebugGutter {
  /** Redraws the breakpoint dots from the store. */
  renderBreakpoints(): void;
  /** Marks the current line (null: none) and scrolls it into view. */
  showCurrentLine(line: number | null, vcpu: number): void;
  dispose(): void;
}

export function attachDebugGutter(monaco: typeof Monaco, editor: Monaco.editor.IStandaloneCodeEditor, options: DebugGutterOptions): DebugGutter {
  const { MouseTargetType } = monaco.editor;
  const stickiness = monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges;
  const breakpoints = editor.createDecorationsCollection();
  const hover = editor.createDecorationsCollection();
  const current = editor.createDecorationsCollection();
  let rendering = false;

  const lineRange = (line: number) => new monaco.Range(line, 1, line, 1);

  function renderBreakpoints(): void {
    const model = editor.getModel();
    if (!model) return;
    const code = options.codeLines();
    const text = options.messages();
    rendering = true;
    breakpoints.set(
      options
        .breakpointLines()
        .filter((line) => line <= model.getLineCount())
        .map((line) => {
          const live = code === null || code.has(line);
          const condition = options.condition?.(line);
          const hover = !live ? text.noCode : condition && text.conditional ? text.conditional(condition) : text.breakpoint;
          return {
            range: lineRange(line),
            options: {
              stickiness,
              glyphMarginClassName: `breakpoint-glyph${live ? '' : ' no-code'}${condition ? ' conditional' : ''}`,
              glyphMarginHoverMessage: { value: hover },
              lineNumberClassName: 'breakpoint-line-number',
            },
          };
        }),
    );
    rendering = false;
  }

  function showCurrentLine(line: number | null, vcpu: number): void {
    const model = editor.getModel();
    if (!model || line === null || line > model.getLineCount()) {
      current.clear();
      return;
    }
    current.set([
      {
        range: new monaco.Range(line, 1, line, 1),
        options: {
          isWholeLine: true,
          className: 'debug-current-line',
          glyphMarginClassName: 'debug-current-arrow',
          glyphMarginHoverMessage: { value: options.messages().current(vcpu) },
          overviewRuler: { color: '#f7c948', position: monaco.editor.OverviewRulerLane.Full },
          stickiness,
        },
      },
    ]);
    editor.revealLineInCenterIfOutsideViewport(line);
  }

  const gutterLine = (target: Monaco.editor.IMouseTarget): number | null =>
    target.type === MouseTargetType.GUTTER_GLYPH_MARGIN || target.type === MouseTargetType.GUTTER_LINE_NUMBERS || target.type === MouseTargetType.GUTTER_LINE_DECORATIONS
      ? (target.position?.lineNumber ?? null)
      : null;

  const subscriptions = [
    editor.onMouseDown((e) => {
      const line = gutterLine(e.target);
      if (line === null || !e.event.leftButton) return;
      hover.clear(); // Monaco merges glyphs of one line into one element: the hint must not linger on the dot
      options.toggle(line);
    }),
    editor.onMouseMove((e) => {
      const line = gutterLine(e.target);
      if (line === null || options.breakpointLines().includes(line)) hover.clear();
      else hover.set([{ range: lineRange(line), options: { glyphMarginClassName: 'breakpoint-glyph hint' } }]);
    }),
    editor.onMouseLeave(() => hover.clear()),
    // Edits move the decorations; the store follows so the next run breaks on the same instructions.
    editor.onDidChangeModelContent(() => {
      if (rendering) return;
      const model = editor.getModel();
      if (!model) return;
      const lines = breakpoints.getRanges().map((r) => r.startLineNumber);
      options.moved(lines);
    }),
  ];
  editor.addCommand(monaco.KeyCode.F9, () => {
    const line = editor.getPosition()?.lineNumber;
    if (line !== undefined) options.toggle(line);
  });

  renderBreakpoints();
  return {
    renderBreakpoints,
    showCurrentLine,
    dispose() {
      for (const s of subscriptions) s.dispose();
      breakpoints.clear();
      hover.clear();
      current.clear();
    },
  };
}
