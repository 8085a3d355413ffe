/// <reference types="vite/client" />
import type { BackendTransport } from '@core/api/contract';

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

declare global {
  interface Window {
    /** Present under Electron (the preload bridge); absent in a browser, where the WebSocket is used. */
    virtlab?: BackendTransport;
  }
}
