// SMPP 3.4 command ids and the command_status values the proxy sends (specification §5.1.2, §5.1.3).

export const CMD = {
  generic_nack: 0x80000000,
  bind_receiver: 0x00000001,
  bind_transmitter: 0x00000002,
  query_sm: 0x00000003,
  submit_sm: 0x00000004,
  deliver_sm: 0x00000005,
  unbind: 0x00000006,
  replace_sm: 0x00000007,
  cancel_sm: 0x00000008,
  bind_transceiver: 0x00000009,
  enquire_link: 0x00000015,
  submit_multi: 0x00000021,
  data_sm: 0x00000103,
} as const;

/** The response bit of command_id. */
export const RESPONSE_BIT = 0x80000000;

export const STATUS = {
  ROK: 0x00,
  RINVMSGLEN: 0x01,
  RINVCMDLEN: 0x02,
  RINVCMDID: 0x03,
  RINVBNDSTS: 0x04,
  RALYBND: 0x05,
  RSYSERR: 0x08,
  RBINDFAIL: 0x0d,
  RCANCELFAIL: 0x11,
  RINVNUMDESTS: 0x33,
  RINVPASWD: 0x0e,
  RINVSYSID: 0x0f,
  RINVDESTFLAG: 0x40,
  RINVESMCLASS: 0x43,
  RTHROTTLED: 0x58,
  RQUERYFAIL: 0x67,
  /** ESME receiver temporary error: the SMSC keeps the message and retries. */
  RX_T_APPN: 0x64,
  RINVTLVSTREAM: 0xc0,
} as const;

/**
 * The status of a submit refused because the upstream SMSC is unreachable. ESME_RTHROTTLED rather than
 * ESME_RSYSERR: ESMEs treat throttling as temporary and resubmit after backing off, which is what we want (the
 * message is kept by its sender, not lost by us); many treat ESME_RSYSERR as a permanent failure of that message.
 */
export const UPSTREAM_DOWN_STATUS = STATUS.RTHROTTLED;
