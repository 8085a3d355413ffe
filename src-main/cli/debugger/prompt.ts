/**
 * The command loop of `virtlab debug`: one command per line from a terminal (with a prompt, Ctrl-C pausing
 * the running guest, an empty line repeating stepi / continue / x) or from a script on stdin. It ends at
 * `quit` or at the end of the input.
 */
import { createInterface } from 'node:readline';
import { execute, type PromptState } from './commands';
import type { DebugSession } from './session';

const PROMPT = '(virtlab) ';
const REPEATABLE = /^(stepi|si|continue|c|x|xp)\b/;

export async function runPrompt(session: DebugSession, input: NodeJS.ReadableStream, out: NodeJS.WritableStream): Promise<void> {
  const interactive = (input as { isTTY?: boolean }).isTTY === true;
  const rl = createInterface({ input, ...(interactive ? { output: out, prompt: PROMPT } : {}), terminal: interactive });
  if (interactive) {
    rl.on('SIGINT', () => {
      if (session.running) session.interrupt();
      else out.write('\n(type quit to leave)\n');
    });
  }
  const state: PromptState = { memoryFormat: { count: 1, format: 'x', size: 4 } };
  let last = '';
  try {
    if (interactive) rl.prompt();
    for await (const line of rl) {
      const text = interactive && line.trim() === '' ? last : line;
      if ((await execute(session, text, state)) === 'quit') break;
      if (interactive) {
        last = REPEATABLE.test(text.trim()) ? text : '';
        rl.prompt();
      }
    }
  } finally {
    rl.close();
  }
}
