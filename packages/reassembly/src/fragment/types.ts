/**
 * Application-level fragment reassembly by fragment number (Wireshark's fragment_add_seq_check):
 * what goes in, what comes out. The names of the outcome follow Wireshark's fragment_items
 * (fragments, overlap, overlap.conflicts, multiple_tails, too_long_fragment, error, count,
 * reassembled_in, reassembled_length).
 */

export interface AppFragment {
  /** Fragment number (0-based after the caller removed any base offset). */
  seq: number;
  /** The fragment's payload (a view; copied when kept). */
  data: Uint8Array;
  /** This fragment says it is the last one (a last-fragment flag). */
  last?: boolean;
  /** The message's fragment count, when the protocol carries one instead of a last flag. */
  count?: number;
  frame: number;
}

/** One fragment as recorded in a message (Wireshark's fragment list entry). */
export interface FragmentEntry {
  seq: number;
  frame: number;
  length: number;
  /** Same number as an earlier fragment (Wireshark: overlap). */
  duplicate: boolean;
  /** A duplicate whose bytes differ from the kept copy (overlap with conflicting data). */
  conflict: boolean;
  /** Numbered past the declared last fragment (too long fragment); its bytes are not used. */
  tooLong: boolean;
}

export interface AppMessage {
  /** The caller's key (conversation + message id). */
  key: string;
  complete: boolean;
  /**
   * Complete: the payloads of fragments 0..last in order. Incomplete: the fragments present, in
   * order, each once (so a reader can see what arrived).
   */
  payload: Uint8Array;
  /** Every fragment that arrived, in fragment-number order (arrival order for equal numbers). */
  fragments: FragmentEntry[];
  /** Distinct frames of `fragments`, in the same order (Wireshark's msg.fragment list). */
  frames: number[];
  /** Distinct fragment numbers received. */
  count: number;
  /** The number of fragments the message has when known (last fragment seen or count given), else -1. */
  expected: number;
  /** The frame that completed the message (complete only), else -1. */
  reassembledIn: number;
  /** Reassembled payload length (complete) or bytes received (incomplete). */
  length: number;
  overlap: boolean;
  overlapConflict: boolean;
  multipleTails: boolean;
  tooLongFragment: boolean;
  /** Why the message is in error or incomplete, e.g. "missing fragments 2" or "conflicting fragment count". */
  error: string | null;
  /** For incomplete messages: why they were given up ('end', 'too-large', 'evicted', 'timeout'). */
  reason?: 'end' | 'too-large' | 'evicted' | 'timeout';
}

export interface FragmentReassemblyOptions {
  /** Largest reassembled message (default 1 MiB); a message past it is given up as 'too-large'. */
  maxMessageBytes?: number;
  /** Messages in progress kept at once (default 4096); the oldest is given up as 'evicted'. */
  maxPending?: number;
  /** Highest fragment number accepted (default 4095); a larger one is an error, not a buffer. */
  maxFragments?: number;
  /** Completed message keys remembered so late duplicates are not new messages (default 1024). */
  rememberCompleted?: number;
}

/** What add() did with a fragment. */
export interface FragmentVerdict {
  /** The message it belongs to, when add() completed it (otherwise null). */
  completed: AppMessage | null;
  /** The fragment repeats one already held (or one of an already completed message). */
  duplicate: boolean;
  /** A duplicate with different bytes. */
  conflict: boolean;
  /** The frame that completed the message, when the fragment belongs to one already completed. */
  reassembledIn: number;
}
