/**
 * Launches a Jupyter kernel the way jupyter_client does, without Python: free ports on
 * 127.0.0.1, a connection file with a fresh HMAC-SHA256 key in a private temp dir, and the
 * kernelspec's argv (kernel.json is the one source of truth for how the kernel starts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { removeStaleTempDirs, tempDirPrefix } from '../crash-safe';
import { ROOT } from '../root.cjs';

const LOCALHOST = '127.0.0.1';
const library = createRequire(import.meta.url)('./library.cjs') as { ensureBuilt(options: { log(line: string): void }): unknown };

/** The connection file's fields (https://jupyter-client.readthedocs.io/en/latest/kernels.html#connection-files). */
export interface ConnectionInfo {
  transport: 'tcp';
  ip: string;
  key: string;
  signature_scheme: 'hmac-sha256';
  kernel_name: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
}

export interface LaunchedKernel {
  child: ChildProcess;
  connection: ConnectionInfo;
  connectionFile: string;
  /** Holds the connection file; the caller removes it once the kernel has exited. */
  tempDir: string;
}

/** Picks `count` distinct free TCP ports on 127.0.0.1 (bound together, then released). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<Server>((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, LOCALHOST, () => resolve(server));
      }),
    ),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** The kernelspec's argv with Jupyter's placeholders filled in. */
export async function kernelArgv(specDir: string, connectionFile: string): Promise<string[]> {
  const spec = JSON.parse(await readFile(path.join(specDir, 'kernel.json'), 'utf8')) as { argv: string[] };
  const argv = spec.argv.map((arg) =>
    arg.replaceAll('{resource_dir}', specDir).replaceAll('{connection_file}', connectionFile),
  );
  // The Node running this runner surely exists; a bare "node" would depend on PATH.
  if (argv[0] === 'node') argv[0] = process.execPath;
  return argv;
}

export interface LaunchOptions {
  /** Added to this process's environment for the kernel (e.g. TRAINLAB_KERNEL_LIBRARY=source). */
  env?: Record<string, string>;
  /**
   * The kernel's working directory, as Jupyter sets it to the notebook's folder. Default: the
   * repository root, so the kernel runs the course's files; inside a learner's workspace,
   * tools/kernel/kernel.cjs runs the workspace's.
   */
  cwd?: string;
}

/**
 * Writes a connection file and spawns the kernel. Its stdout and stderr are piped (tslab sends
 * cell output over iopub; what it prints outside cells helps explain a kernel that dies). Its stdin
 * is a pipe this process never writes to: when this process ends, however it ends, the pipe closes
 * and the kernel kills itself (TRAINLAB_KERNEL_PARENT_PIPE; tools/kernel/parent-watch.cjs).
 */
export async function launchKernel(specDir: string, { env = {}, cwd = ROOT }: LaunchOptions = {}): Promise<LaunchedKernel> {
  // Compile the library here if src/ changed, so the kernel's start (and its timeout) never includes it.
  if (env.TRAINLAB_KERNEL_LIBRARY !== 'source') library.ensureBuilt({ log: (line) => console.error(line) });
  await removeStaleTempDirs('kernel'); // connection files of runners that were killed
  const tempDir = await mkdtemp(tempDirPrefix('kernel'));
  try {
    const [shell_port, iopub_port, stdin_port, control_port, hb_port] = await freePorts(5);
    const connection: ConnectionInfo = {
      transport: 'tcp',
      ip: LOCALHOST,
      key: randomBytes(32).toString('hex'),
      signature_scheme: 'hmac-sha256',
      kernel_name: path.basename(specDir),
      shell_port, iopub_port, stdin_port, control_port, hb_port,
    };
    const connectionFile = path.join(tempDir, 'connection.json');
    await writeFile(connectionFile, JSON.stringify(connection, null, 1), { mode: 0o600 }); // the key is a secret
    const [command, ...args] = await kernelArgv(specDir, connectionFile);
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TRAINLAB_KERNEL_PARENT_PIPE: 'stdin', ...env }, cwd });
    child.stdin?.on('error', () => {}); // EPIPE once the kernel is gone: nothing is ever written
    return { child, connection, connectionFile, tempDir };
  } catch (error) {
    await rm(tempDir, { recursive: true, force: true });
    throw error;
  }
}
