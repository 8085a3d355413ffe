import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Diagnostic } from '@core/api/contract';
import { HELLO_PROGRAM } from '@/editor/starter-program';

/** The program being edited: its text, its live diagnostics, the cursor. */
export const useEditorStore = defineStore('editor', () => {
  const fileName = ref('hello.asm');
  const source = ref(HELLO_PROGRAM);
  const diagnostics = shallowRef<readonly Diagnostic[]>([]);
  const cursor = ref({ line: 1, col: 1 });

  const errorCount = computed(() => diagnostics.value.filter((d) => d.severity === 'error').length);
  const warningCount = computed(() => diagnostics.value.filter((d) => d.severity === 'warning').length);

  return { fileName, source, diagnostics, cursor, errorCount, warningCount };
});
