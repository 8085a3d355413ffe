import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Diagnostic } from '@core/api/contract';
import type { ProgramOutline } from '@/editor/live-diagnostics';

/**
 * The program being edited — the workspace's active tab (stores/workspace.ts keeps these two in step with it):
 * its text, its live diagnostics, the cursor, its breakpoints (per file).
 */
export const useEditorStore = defineStore('editor', () => {
  /** Workspace-relative path of the active tab ('' while none is open). */
  const fileName = ref('');
  const source = ref('');
  const diagnostics = shallowRef<readonly Diagnostic[]>([]);
  /** The last outline of a clean assembly (kept while the text has errors). */
  const outline = shallowRef<ProgramOutline | null>(null);
  const cursor = ref({ line: 1, col: 1 });
  const breakpointsByFile = ref<Record<string, readonly number[]>>({});
  /** An include-library file shown read-only in the editor instead of the active tab (null: the tab). */
  const libraryFile = ref<string | null>(null);
  /** The last "show this place" request (Problems list, a jump): the editor opens the file and moves there. */
  const revealRequest = shallowRef<{ file: string; line: number; col: number; seq: number } | null>(null);
  /** Bumped when the Problems list should come to the front (a run or an assembly failed). */
  const problemsShown = ref(0);

  const errorCount = computed(() => diagnostics.value.filter((d) => d.severity === 'error').length);
  const warningCount = computed(() => diagnostics.value.filter((d) => d.severity === 'warning').length);
  /** Breakpoint lines of the open file, ascending. */
  const breakpointLines = computed<readonly number[]>(() => breakpointsByFile.value[fileName.value] ?? []);
  /** Breakpoint conditions (`eax == 3`) per file and line; a line without one always stops. */
  const conditionsByFile = ref<Record<string, Record<number, string>>>({});
  /** The open file's breakpoints that have a condition, as the backend takes them. */
  const breakpointConditions = computed(() => {
    const of = conditionsByFile.value[fileName.value] ?? {};
    return breakpointLines.value.filter((l) => (of[l] ?? '').trim() !== '').map((line) => ({ line, condition: of[line]!.trim() }));
  });

  /** Replaces the open file's breakpoints (the editor calls this when edits move lines). */
  function setBreakpointLines(lines: readonly number[]): void {
    const next = [...new Set(lines)].filter((l) => Number.isInteger(l) && l >= 1).sort((a, b) => a - b);
    const current = breakpointLines.value;
    if (next.length === current.length && next.every((l, i) => l === current[i])) return;
    // Edits moved the same breakpoints (same count, same order): their conditions move with them.
    const conditions = conditionsByFile.value[fileName.value];
    if (conditions && next.length === current.length) {
      const moved: Record<number, string> = {};
      current.forEach((line, i) => {
        if (conditions[line] !== undefined) moved[next[i]!] = conditions[line];
      });
      conditionsByFile.value = { ...conditionsByFile.value, [fileName.value]: moved };
    }
    breakpointsByFile.value = { ...breakpointsByFile.value, [fileName.value]: next };
  }

  function toggleBreakpoint(line: number): void {
    const current = breakpointLines.value;
    if (current.includes(line)) setCondition(line, '');
    setBreakpointLines(current.includes(line) ? current.filter((l) => l !== line) : [...current, line]);
  }

  function setCondition(line: number, condition: string): void {
    const of = { ...(conditionsByFile.value[fileName.value] ?? {}) };
    if (condition.trim() === '') delete of[line];
    else of[line] = condition.trim();
    conditionsByFile.value = { ...conditionsByFile.value, [fileName.value]: of };
  }

  function reveal(file: string, line: number, col = 1): void {
    revealRequest.value = { file, line, col, seq: (revealRequest.value?.seq ?? 0) + 1 };
  }

  return {
    libraryFile, revealRequest, problemsShown, reveal,
    fileName, source, diagnostics, outline, cursor, breakpointsByFile,
    errorCount, warningCount, breakpointLines, setBreakpointLines, toggleBreakpoint,
    conditionsByFile, breakpointConditions, setCondition,
  };
});
