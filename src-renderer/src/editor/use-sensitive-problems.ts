import { computed, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Diagnostic } from '@core/api/contract';
import { useEditorStore } from '@/stores/editor';
import { useMachineStore } from '@/stores/machine';
import { DEPRIVILEGED_MODES, findSensitiveInstructions } from './popek-goldberg-lint';

/**
 * The Popek–Goldberg lint's warnings for the open file, as diagnostics in the UI's language: only while the
 * chosen mode runs the kernel deprivileged (trap-and-emulate, paravirtualization), where they are holes.
 */
export function useSensitiveProblems(): ComputedRef<Diagnostic[]> {
  const { t } = useI18n();
  const editor = useEditorStore();
  const machine = useMachineStore();
  const uses = computed(() => findSensitiveInstructions(editor.source));
  return computed(() => {
    if (!DEPRIVILEGED_MODES.includes(machine.mode) || !editor.fileName) return [];
    const mode = t(`modes.${machine.mode}`);
    return uses.value.map((u) => ({
      file: editor.fileName,
      line: u.line,
      col: u.col,
      endCol: u.endCol,
      severity: 'warning' as const,
      message: t('lint.pg.message', { mnemonic: u.mnemonic.toUpperCase(), mode, reason: t(`lint.pg.${u.reason}`) }),
    }));
  });
}

/** Everything the Problems list shows: the assembler's diagnostics, then the Popek–Goldberg lint's warnings. */
export function useProblems(): ComputedRef<Diagnostic[]> {
  const editor = useEditorStore();
  const sensitive = useSensitiveProblems();
  return computed(() => [...editor.diagnostics, ...sensitive.value]);
}
