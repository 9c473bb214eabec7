/** pcapng block types and option codes (draft-ietf-opsawg-pcapng; PROCESS-METADATA.md §3, §5.2). */

export const BT_SHB = 0x0a0d0d0a;
export const BT_IDB = 0x00000001;
export const BT_PB = 0x00000002;
export const BT_SPB = 0x00000003;
export const BT_NRB = 0x00000004;
export const BT_ISB = 0x00000005;
export const BT_EPB = 0x00000006;
export const BT_DSB = 0x0000000a;
export const BT_CB_COPY = 0x00000bad;
export const BT_CB_NOCOPY = 0x40000bad;
export const BT_APPLE_PIB = 0x80000001;

/** Byte-order magic as read with the right endianness. */
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

export const OPT_ENDOFOPT = 0;
export const OPT_COMMENT = 1;
export const OPT_CUSTOM_STR_COPY = 2988;
export const OPT_CUSTOM_BIN_COPY = 2989;
export const OPT_CUSTOM_STR_NOCOPY = 19372;
export const OPT_CUSTOM_BIN_NOCOPY = 19373;

export const SHB_HARDWARE = 2;
export const SHB_OS = 3;
export const SHB_USERAPPL = 4;

export const IF_NAME = 2;
export const IF_DESCRIPTION = 3;
export const IF_TSRESOL = 9;
export const IF_FILTER = 11;
export const IF_OS = 12;
export const IF_FCSLEN = 13;
export const IF_TSOFFSET = 14;
export const IF_HARDWARE = 15;

export const EPB_FLAGS = 2;
export const EPB_DROPCOUNT = 4;
export const EPB_PACKETID = 5;
export const EPB_QUEUE = 6;
export const EPB_PROCESSID_THREADID = 8;
/** Apple: index of the process's PIB, and of the effective process's PIB. */
export const EPB_APPLE_PIB_INDEX = 0x8001;
export const EPB_APPLE_E_PIB_INDEX = 0x8003;

export const ISB_STARTTIME = 2;
export const ISB_ENDTIME = 3;
export const ISB_IFRECV = 4;
export const ISB_IFDROP = 5;
export const ISB_FILTERACCEPT = 6;
export const ISB_OSDROP = 7;
export const ISB_USRDELIV = 8;

export const APPLE_PIB_NAME = 2;
export const APPLE_PIB_UUID = 4;

/** Wireshark Foundation PEN and its process-information entry type (custom block). */
export const PEN_WIRESHARK = 32622;
export const WIRESHARK_CB_ENTRY_PROCESS_INFO = 3;
export const PIB_NAME = 2;
export const PIB_PATH = 3;
export const PIB_CMDLINE = 4;
export const PIB_PPID = 5;
export const PIB_UID = 6;
export const PIB_USER = 7;
export const PIB_UUID = 8;
export const PIB_STARTTIME = 9;

export function isCustomOptionCode(code: number): boolean {
  return code === OPT_CUSTOM_STR_COPY || code === OPT_CUSTOM_BIN_COPY || code === OPT_CUSTOM_STR_NOCOPY || code === OPT_CUSTOM_BIN_NOCOPY;
}
