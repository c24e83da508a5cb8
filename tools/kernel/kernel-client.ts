/**
 * A client for one Jupyter kernel that it starts itself (see kernel-launch.ts), over ZeroMQ: a
 * Dealer on shell and control, a Subscriber on iopub. No Python involved.
 *
 * Lifecycle: `KernelClient.start()` → `execute()` per cell → `shutdown()`. `shutdown()` is
 * idempotent and must always run (use try/finally): it stops the kernel process, closes the
 * sockets and removes the temporary connection file, so the calling node process can exit.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import * as zmq from 'zeromq';
import { decodeMessage, encodeMessage, newMessage, type JupyterMessage } from './jupyter-messages';
import { launchKernel, type LaunchOptions } from './kernel-launch';

export interface ExecuteReply {
  status: 'ok' | 'error' | 'abort';
  execution_count?: number | null;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/** The kernel process ended on its own; `output` is the tail of what it printed outside cells. */
export class KernelDiedError extends Error {
  override name = 'KernelDiedError';

  /** @param how e.g. "exited (code 1)", "exited (SIGKILL)", "could not be started: spawn node ENOENT" */
  constructor(readonly how: string, readonly output: string) {
    super(`the kernel ${how}${output ? `; it printed:\n${output}` : ''}`);
  }
}

interface Pending {
  onIopub: (message: JupyterMessage) => void;
  reply?: JupyterMessage;
  idle: boolean;
  settle: () => void;
}

const KERNEL_INFO_RETRY_MS = 250; // resend kernel_info_request until iopub answers (see waitForReady)
const SHUTDOWN_GRACE_MS = 1000; // time for a polite shutdown_request before SIGKILL
const OUTPUT_TAIL_CHARS = 4000;

export class KernelClient {
  private readonly session = randomUUID();
  private readonly pending = new Map<string, Pending>();
  private sendChain: Promise<void> = Promise.resolve(); // zeromq allows one send at a time per socket
  private output = '';
  private stopped?: Promise<void>;
  private readonly exited: Promise<void>;
  /** Rejects when the kernel process exits before `shutdown()` (never resolves). */
  readonly died: Promise<never>;
  /** The kernel's kernel_info_reply content (language_info etc.), set once it is ready. */
  info: Record<string, unknown> = {};
  /**
   * Sees iopub messages of requests already answered: output of asynchronous work a cell left
   * running (a timer's stderr after the cell's `idle`), which `execute`'s `onIopub` no longer gets.
   */
  onLateIopub?: (message: JupyterMessage) => void;

  private constructor(
    private readonly child: ChildProcess,
    private readonly key: string,
    private readonly tempDir: string,
    /** The connection file given to the kernel (removed by `shutdown()`). */
    readonly connectionFile: string,
    private readonly shell: zmq.Dealer,
    private readonly control: zmq.Dealer,
    private readonly iopub: zmq.Subscriber,
  ) {
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let how = '';
    this.exited = new Promise((resolve) => {
      // 'close', not 'exit': it comes after the last of the process's output has been read.
      child.once('close', (code, signal) => {
        how = `exited (${signal ?? `code ${code}`})`;
        resolve();
      });
      child.on('error', (error) => {
        if (child.pid !== undefined) return; // e.g. a failed kill: the process runs on
        how = `could not be started: ${error.message}`; // no 'exit' follows
        resolve();
      });
    });
    this.died = this.exited.then(() => {
      if (!this.stopped) throw new KernelDiedError(how, this.output.trim());
      return new Promise<never>(() => {}); // stopped on purpose: not a death
    });
    this.died.catch(() => {}); // observed by whoever awaits it; not an unhandled rejection here
    for (const socket of [shell, control, iopub]) void this.receive(socket);
  }

  /**
   * Launches the kernel of the kernelspec in `specDir`, connects, and waits
   * until it answers kernel_info_request on shell and iopub. Throws (after cleaning up) when the
   * kernel exits first or `startTimeoutMs` passes, or with `signal`'s reason as soon as it aborts
   * (Ctrl-C during a start does not wait for the kernel). `launch` sets the kernel's environment
   * and working directory (see launchKernel).
   */
  static async start(specDir: string, startTimeoutMs: number, launch: LaunchOptions = {}, signal?: AbortSignal): Promise<KernelClient> {
    signal?.throwIfAborted();
    const { child, connection, connectionFile, tempDir } = await launchKernel(specDir, launch);
    const address = (port: number) => `${connection.transport}://${connection.ip}:${port}`;
    // linger 0: closing must not wait to deliver messages to a kernel that is gone.
    const shell = new zmq.Dealer({ linger: 0 });
    const control = new zmq.Dealer({ linger: 0 });
    const iopub = new zmq.Subscriber({ linger: 0 });
    iopub.subscribe();
    shell.connect(address(connection.shell_port));
    control.connect(address(connection.control_port));
    iopub.connect(address(connection.iopub_port));
    const client = new KernelClient(child, connection.key, tempDir, connectionFile, shell, control, iopub);
    try {
      await client.waitForReady(startTimeoutMs, signal);
    } catch (error) {
      await client.shutdown();
      throw error;
    }
    return client;
  }

  /**
   * Runs `code` as an execute_request. `onIopub` sees every iopub message the request causes
   * (stream, display_data, …) in order. Resolves with the execute_reply content once both the
   * reply and the `idle` status have arrived: only then has all of the cell's output been seen.
   */
  async execute(code: string, onIopub: (message: JupyterMessage) => void): Promise<ExecuteReply> {
    const content = { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true };
    const reply = await this.request(this.shell, 'execute_request', content, onIopub);
    return reply.content as unknown as ExecuteReply;
  }

  /** The kernel's process id. */
  get pid(): number {
    return this.child.pid ?? -1; // -1: the process could not be started (see `died`)
  }

  /** SIGINT: tslab interrupts the running cell (its awaited promise rejects). */
  interrupt(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGINT');
  }

  /** Stops the kernel (shutdown_request, then SIGKILL after a grace period), closes sockets, removes the temp dir. */
  shutdown(): Promise<void> {
    this.stopped ??= this.stop();
    return this.stopped;
  }

  private async stop(): Promise<void> {
    void this.send(this.control, newMessage('shutdown_request', { restart: false }, this.session)).catch(() => {});
    const grace = setTimeout(() => this.child.kill('SIGKILL'), SHUTDOWN_GRACE_MS);
    await this.exited;
    clearTimeout(grace);
    this.child.stdin?.destroy(); // the kernel's parent pipe (kernel-launch.ts): nothing more to hold
    for (const socket of [this.shell, this.control, this.iopub]) socket.close();
    await rm(this.tempDir, { recursive: true, force: true });
  }

  /** Resends kernel_info_request until one is answered on shell AND its `idle` seen on iopub. */
  private async waitForReady(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    // A Subscriber only gets messages published after its subscription reached the kernel
    // ("slow joiner"); a shell reply alone would not prove that the first cell's output is safe.
    let answered!: (reply: JupyterMessage) => void;
    const firstReply = new Promise<JupyterMessage>((resolve) => (answered = resolve));
    const deadline = sleep(timeoutMs, 'timeout' as const, { ref: false });
    const aborted = new Promise<'abort'>((resolve) => signal?.addEventListener('abort', () => resolve('abort'), { once: true }));
    for (;;) {
      void this.request(this.shell, 'kernel_info_request', {}, () => {}).then(answered, () => {});
      const retry = sleep(KERNEL_INFO_RETRY_MS, 'retry' as const, { ref: false });
      const outcome = await Promise.race([firstReply, retry, deadline, this.died, aborted]);
      if (outcome === 'abort') throw signal?.reason;
      if (outcome === 'timeout') {
        const printed = this.output.trim() ? `; it printed:\n${this.output.trim()}` : '';
        throw new Error(`kernel did not answer kernel_info_request within ${timeoutMs} ms${printed}`);
      }
      if (outcome !== 'retry') {
        this.info = outcome.content;
        this.pending.clear(); // unanswered retries
        return;
      }
    }
  }

  private async request(
    socket: zmq.Dealer,
    msgType: string,
    content: unknown,
    onIopub: (message: JupyterMessage) => void,
  ): Promise<JupyterMessage> {
    const message = newMessage(msgType, content, this.session);
    const id = message.header.msg_id;
    const done = new Promise<JupyterMessage>((resolve) => {
      const entry: Pending = {
        onIopub,
        idle: false,
        settle: () => {
          if (!entry.reply || !entry.idle) return;
          this.pending.delete(id);
          resolve(entry.reply);
        },
      };
      this.pending.set(id, entry);
    });
    return Promise.race([this.send(socket, message).then(() => done), this.died]);
  }

  private send(socket: zmq.Dealer, message: JupyterMessage<unknown>): Promise<void> {
    const sent = this.sendChain.then(() => socket.send(encodeMessage(message, this.key)));
    this.sendChain = sent.catch(() => {}); // one failed send must not block the ones after it
    return sent;
  }

  /** Routes each message to the request it answers; ends when the socket closes. */
  private async receive(socket: zmq.Dealer | zmq.Subscriber): Promise<void> {
    try {
      for await (const frames of socket) {
        let message: JupyterMessage;
        try {
          message = decodeMessage(frames, this.key);
        } catch {
          continue; // not ours (or corrupt): nothing useful to do with it
        }
        const entry = this.pending.get(message.parent_header.msg_id ?? '');
        if (!entry) {
          if (socket === this.iopub) this.onLateIopub?.(message); // e.g. output of async work from an earlier cell, after its idle
          continue;
        }
        if (socket === this.iopub) {
          entry.onIopub(message);
          if (message.header.msg_type === 'status' && message.content.execution_state === 'idle') entry.idle = true;
        } else {
          entry.reply = message;
        }
        entry.settle();
      }
    } catch {
      // closing a socket ends its iterator with an error in zeromq 6; nothing to do
    }
  }
}
