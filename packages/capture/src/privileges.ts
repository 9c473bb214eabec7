/** What to tell a user whose capture was refused for lack of rights, per platform. */
export function permissionHint(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'linux':
      return 'Live capture needs CAP_NET_RAW and CAP_NET_ADMIN (and CAP_SYS_PTRACE to attribute other users\' processes). ' +
        'Run the capture as root, or give the helper\'s Node binary file capabilities: ' +
        'sudo setcap cap_net_raw,cap_net_admin,cap_sys_ptrace,cap_dac_read_search,cap_bpf,cap_perfmon+eip <node used as WIREWHO_CAPTURE_NODE> ' +
        '(see packages/capture/README.md), or start it through pkexec (WIREWHO_CAPTURE_LAUNCHER=pkexec)';
    case 'darwin':
      return 'Live capture needs read access to /dev/bpf*: add your user to the access_bpf group (Wireshark\'s ChmodBPF) and log in again';
    case 'win32':
      return 'Live capture needs Npcap (https://npcap.com) installed, without "Restrict Npcap driver\'s access to Administrators only"';
    default:
      return 'Live capture needs the right to open the capture device';
  }
}
