/**
 * The Jupyter messaging protocol (v5.3) on the wire: building, signing, and parsing the multipart
 * frames a kernel exchanges with its client over ZeroMQ.
 *
 *   [routing ids…, "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers…]
 *
 * The signature is HMAC-SHA256 (hex) over the four JSON frames, keyed with the connection file's
 * `key`. Reference: https://jupyter-client.readthedocs.io/en/latest/messaging.html#the-wire-protocol
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export const PROTOCOL_VERSION = '5.3';
const DELIMITER = '<IDS|MSG>';

export interface MessageHeader {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

/** A decoded message. `parent_header` is `{}` when the message answers nothing. */
export interface JupyterMessage<C = Record<string, unknown>> {
  header: MessageHeader;
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: C;
}

/** A new request from this client: fresh msg_id, no parent. */
export function newMessage<C>(msgType: string, content: C, session: string): JupyterMessage<C> {
  const header: MessageHeader = {
    msg_id: randomUUID(),
    msg_type: msgType,
    session,
    username: 'trainlab',
    date: new Date().toISOString(),
    version: PROTOCOL_VERSION,
  };
  return { header, parent_header: {}, metadata: {}, content };
}

function sign(key: string, frames: readonly (string | Buffer)[]): string {
  const hmac = createHmac('sha256', key);
  for (const frame of frames) hmac.update(frame);
  return hmac.digest('hex');
}

/** The frames to send on a Dealer socket (no routing ids: the kernel's Router adds ours). */
export function encodeMessage(message: JupyterMessage<unknown>, key: string): string[] {
  const body = [message.header, message.parent_header, message.metadata, message.content].map((part) =>
    JSON.stringify(part),
  );
  return [DELIMITER, sign(key, body), ...body];
}

/**
 * Parses received frames and checks their signature. Routing ids before the delimiter (iopub
 * topics) are skipped. Throws on a missing delimiter or a bad signature: either means the other
 * end is not the kernel we started.
 */
export function decodeMessage(frames: readonly Buffer[], key: string): JupyterMessage {
  const at = frames.findIndex((frame) => frame.toString() === DELIMITER);
  if (at < 0 || frames.length < at + 6) throw new Error('jupyter message: missing <IDS|MSG> delimiter or frames');
  const signature = frames[at + 1];
  const body = frames.slice(at + 2, at + 6);
  const expected = Buffer.from(sign(key, body));
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
    throw new Error('jupyter message: invalid HMAC signature');
  }
  const [header, parent_header, metadata, content] = body.map((frame) => JSON.parse(frame.toString('utf8')));
  return { header, parent_header, metadata, content };
}
