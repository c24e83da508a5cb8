/**
 * Runs one cell on a started kernel, as the kernel tests read it: the reply's status and everything
 * the cell printed (tslab prints compile and run errors on stderr too), ANSI colours removed.
 */
import type { KernelClient } from '../../tools/kernel/kernel-client';

export async function runCell(kernel: KernelClient, code: string): Promise<{ status: string; text: string }> {
  let text = '';
  const reply = await kernel.execute(code, (message) => (text += (message.content as { text?: string }).text ?? ''));
  return { status: reply.status, text: text.replace(/\x1b\[[0-9;]*m/g, '') };
}
