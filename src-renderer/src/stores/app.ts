import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppInfo, ConnectionState } from '@core/api/contract';
import { call, onConnectionChange } from '@/api/backend';
import { useMachineStore } from './machine';

/**
 * The backend connection and what it says about itself. The web host's socket can drop (the host stopped or
 * restarted): the state says so while the transport reconnects, and once it is back the machine store learns
 * which of its runs the backend still has.
 */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const connection = ref<ConnectionState>('connecting');
  const error = ref<string | null>(null);
  let watching = false;

  async function connect(): Promise<void> {
    if (!watching) {
      watching = true;
      onConnectionChange((state) => {
        if (state === 'connected') void reconnected();
        else connection.value = state;
      });
    }
    connection.value = 'connecting';
    try {
      info.value = await call('app.info', {});
      connection.value = 'connected';
    } catch (e) {
      connection.value = 'disconnected';
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  async function reconnected(): Promise<void> {
    try {
      info.value = await call('app.info', {});
      error.value = null;
      connection.value = 'connected';
      await useMachineStore().reconcile();
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  return { info, connection, error, connect };
});
