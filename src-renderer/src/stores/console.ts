import { defineStore } from 'pinia';
import { ref } from 'vue';

type Sink = (text: string) => void;

/**
 * The guest console's output stream. The terminal component attaches a sink (the xterm instance stays out of
 * the store); text written before it attaches is kept and flushed on attach.
 */
export const useConsoleStore = defineStore('console', () => {
  let sink: Sink | null = null;
  let backlog = '';
  const bytesWritten = ref(0);

  function write(text: string): void {
    bytesWritten.value += text.length;
    if (sink) sink(text);
    else backlog += text;
  }

  function writeLine(text: string): void {
    write(text.replace(/\n/g, '\r\n') + '\r\n');
  }

  function attach(next: Sink): () => void {
    sink = next;
    if (backlog) {
      next(backlog);
      backlog = '';
    }
    return () => {
      if (sink === next) sink = null;
    };
  }

  return { bytesWritten, write, writeLine, attach };
});
