import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppInfo } from '@core/api/contract';
import { call } from '@/api/backend';

/** The backend connection and what it says about itself. */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const connection = ref<'connecting' | 'connected' | 'disconnected'>('connecting');
  const error = ref<string | null>(null);

  async function connect(): Promise<void> {
    connection.value = 'connecting';
    try {
      info.value = await call('app.info', {});
      connection.value = 'connected';
    } catch (e) {
      connection.value = 'disconnected';
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  return { info, connection, error, connect };
});
