// Types for the parts of the `smpp` package (0.5.x, plain JavaScript) that mamoru uses: sessions and servers,
// PDUs built from fields or parsed from bytes, the command-status table and the GSM 03.38 coder.
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  /** Field values of a PDU, by the names of the SMPP 3.4 specification (`short_message`, `esm_class`, …). */
  export type PduFields = Record<string, unknown>;

  export class PDU {
    /** Builds a PDU from its command name and fields; with a non-zero `command_status` only the header is kept. */
    constructor(command: string, options?: PduFields);
    /** Parses a whole PDU (header included); throws a RangeError on a truncated body. */
    constructor(buffer: Buffer);
    /** Command name from the package's table, or 'unknown'. */
    command: string;
    command_length: number;
    command_id: number;
    command_status: number;
    sequence_number: number;
    /** Parsed mandatory and optional parameters; unknown TLVs under their numeric tag as raw bytes. */
    [field: string]: unknown;
    isResponse(): boolean;
    /** The response PDU for this request (generic_nack for an unknown command), same sequence number. */
    response(options?: PduFields): PDU;
    toBuffer(): Buffer;
    /** Largest PDU the package parses, bytes (16384 by default). */
    static maxLength: number;
  }

  export type ResponseCallback = (pdu: PDU) => void;
  type Shortcut = (options?: PduFields, responseCallback?: ResponseCallback, sendCallback?: ResponseCallback) => boolean;

  export class Session extends EventEmitter {
    /** The TCP (or TLS) socket the session reads PDUs from. */
    socket: Socket;
    /** Writes the PDU; a request without a sequence number gets the next one. false when the socket is not writable. */
    send(pdu: PDU, responseCallback?: ResponseCallback, sendCallback?: ResponseCallback): boolean;
    pause(): void;
    resume(): void;
    /** Ends the socket gracefully. */
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    bind_transmitter: Shortcut;
    bind_receiver: Shortcut;
    bind_transceiver: Shortcut;
    submit_sm: Shortcut;
    deliver_sm: Shortcut;
    data_sm: Shortcut;
    submit_multi: Shortcut;
    query_sm: Shortcut;
    cancel_sm: Shortcut;
    enquire_link: Shortcut;
    unbind: Shortcut;
    /** 'pdu' for every PDU, or a command name ('submit_sm', 'deliver_sm', …) for that command's PDUs. */
    on(event: string, listener: (pdu: PDU) => void): this;
    on(event: 'connect' | 'close', listener: () => void): this;
    on(event: 'error', listener: (err: Error) => void): this;
  }

  export class Server extends NetServer {
    sessions: Session[];
    on(event: 'session', listener: (session: Session) => void): this;
    on(event: string, listener: (...args: never[]) => void): this;
  }

  export function createServer(listener?: (session: Session) => void): Server;
  export function createServer(options: Record<string, unknown>, listener?: (session: Session) => void): Server;
  export function connect(options: { host: string; port: number; auto_enquire_link_period?: number }, listener?: () => void): Session;

  /** SMPP 3.4 command_status values by name (ESME_ROK, ESME_RTHROTTLED, …). */
  export const errors: Readonly<Record<string, number>>;

  /** GSM 03.38 default alphabet, one septet per byte (as SMPP carries data_coding 0 unpacked). */
  export const gsmCoder: {
    decode(septets: Buffer, shiftTable?: number): string;
    encode(text: string, shiftTable?: number): Buffer;
  };

  /** The package is CommonJS and fills part of its exports in a loop (errors, gsmCoder), which Node cannot see as
   * named ESM exports: import the default (module.exports) for values, the named ones for types only. */
  const smpp: {
    PDU: typeof PDU;
    Session: typeof Session;
    createServer: typeof createServer;
    connect: typeof connect;
    errors: typeof errors;
    gsmCoder: typeof gsmCoder;
  };
  export default smpp;
}
