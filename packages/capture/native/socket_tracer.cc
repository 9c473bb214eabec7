// Kernel-side socket ownership for live attribution (Linux, eBPF cgroup hooks — no kprobes, no BTF,
// no compiler at run time). Short-lived processes exit before any /proc scan can find them; the
// kernel, though, runs these hooks in the process's own context while it creates, connects or
// sends on a socket:
//   * sock_create, connect4/6, sendmsg4/6 (process context): socket cookie → {pid_tgid, comm, time};
//   * egress / ingress packet hooks: the packet's 5-tuple (local end first) → its socket's owner.
// User space then looks a flow up by its 5-tuple, long after the process is gone. All programs
// return "allow": they observe, never filter. Attached through BPF links, so they detach when the
// capture helper exits, however it exits.
#include "socket_tracer.h"

#ifdef __linux__
#include <linux/bpf.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <map>
#include <string>
#include <vector>
#endif

namespace socket_tracer {

constexpr size_t kKeySize = 40;    // proto u8, family u8, pad u16, local port, remote port (network order), local addr[16], remote addr[16]
constexpr size_t kValueSize = 40;  // pid_tgid u64, comm[16], boot-time ns u64, reserved u64

#ifdef __linux__
namespace {

long Bpf(int cmd, union bpf_attr* attr) { return syscall(__NR_bpf, cmd, attr, sizeof(*attr)); }

// A small assembler with labels, so the programs below read as what they do.
class Program {
 public:
  void Insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm) {
    bpf_insn i{};
    i.code = code;
    i.dst_reg = dst;
    i.src_reg = src;
    i.off = off;
    i.imm = imm;
    code_.push_back(i);
  }
  void MovReg(uint8_t dst, uint8_t src) { Insn(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0); }
  void MovImm(uint8_t dst, int32_t imm) { Insn(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm); }
  void AddImm(uint8_t dst, int32_t imm) { Insn(BPF_ALU64 | BPF_ADD | BPF_K, dst, 0, 0, imm); }
  void AndImm(uint8_t dst, int32_t imm) { Insn(BPF_ALU64 | BPF_AND | BPF_K, dst, 0, 0, imm); }
  void RshImm(uint8_t dst, int32_t imm) { Insn(BPF_ALU64 | BPF_RSH | BPF_K, dst, 0, 0, imm); }
  void LshImm(uint8_t dst, int32_t imm) { Insn(BPF_ALU64 | BPF_LSH | BPF_K, dst, 0, 0, imm); }
  void Load(uint8_t size, uint8_t dst, uint8_t src, int16_t off) { Insn(BPF_LDX | BPF_MEM | size, dst, src, off, 0); }
  void Store(uint8_t size, uint8_t dst, int16_t off, uint8_t src) { Insn(BPF_STX | BPF_MEM | size, dst, src, off, 0); }
  void StoreImm(uint8_t size, uint8_t dst, int16_t off, int32_t imm) { Insn(BPF_ST | BPF_MEM | size, dst, 0, off, imm); }
  void Call(int32_t helper) { Insn(BPF_JMP | BPF_CALL, 0, 0, 0, helper); }
  void Exit() { Insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0); }
  void LoadMapFd(uint8_t dst, int fd) {
    Insn(BPF_LD | BPF_DW | BPF_IMM, dst, BPF_PSEUDO_MAP_FD, 0, fd);
    Insn(0, 0, 0, 0, 0);
  }
  /** Stack pointer arithmetic: dst = r10 + off. */
  void FramePtr(uint8_t dst, int32_t off) { MovReg(dst, 10); AddImm(dst, off); }
  void JumpIf(uint8_t op, uint8_t reg, int32_t imm, const std::string& label) {
    fixups_.push_back({code_.size(), label});
    Insn(BPF_JMP | op | BPF_K, reg, 0, 0, imm);
  }
  void Jump(const std::string& label) {
    fixups_.push_back({code_.size(), label});
    Insn(BPF_JMP | BPF_JA, 0, 0, 0, 0);
  }
  void Label(const std::string& name) { labels_[name] = code_.size(); }
  std::vector<bpf_insn> Finish() {
    for (const auto& f : fixups_) code_[f.first].off = static_cast<int16_t>(labels_.at(f.second) - f.first - 1);
    return code_;
  }

 private:
  std::vector<bpf_insn> code_;
  std::vector<std::pair<size_t, std::string>> fixups_;
  std::map<std::string, size_t> labels_;
};

constexpr int32_t IPPROTO_TCP_ = 6;
constexpr int32_t IPPROTO_UDP_ = 17;

// Stack layout shared by the programs (offsets from r10).
constexpr int16_t kCookieAt = -8;
constexpr int16_t kKeyAt = -56;      // 40-byte flow key
constexpr int16_t kOwnerAt = -96;    // 40-byte owner value
constexpr int16_t kHeaderAt = -136;  // first 40 bytes of the IP header
constexpr int16_t kPortsAt = -144;   // the transport header's two ports

// Runs in the process's context: remember who is using this socket now.
std::vector<bpf_insn> OwnerProgram(int owners) {
  Program p;
  p.MovReg(6, 1);
  p.Call(BPF_FUNC_get_socket_cookie);
  p.JumpIf(BPF_JEQ, 0, 0, "done");
  p.Store(BPF_DW, 10, kCookieAt, 0);
  p.Call(BPF_FUNC_get_current_pid_tgid);
  p.Store(BPF_DW, 10, kOwnerAt, 0);
  p.FramePtr(1, kOwnerAt + 8);
  p.MovImm(2, 16);
  p.Call(BPF_FUNC_get_current_comm);
  p.Call(BPF_FUNC_ktime_get_boot_ns);
  p.Store(BPF_DW, 10, kOwnerAt + 24, 0);
  p.StoreImm(BPF_DW, 10, kOwnerAt + 32, 0);
  p.LoadMapFd(1, owners);
  p.FramePtr(2, kCookieAt);
  p.FramePtr(3, kOwnerAt);
  p.MovImm(4, BPF_ANY);
  p.Call(BPF_FUNC_map_update_elem);
  p.Label("done");
  p.MovImm(0, 1);
  p.Exit();
  return p.Finish();
}

// r1..r4 = skb (kept in r6), offset (0, or the register holding it), stack buffer, length: copies
// packet bytes to the stack; a packet too short for them is let through unrecorded.
void LoadPacketBytes(Program& p, int offsetReg, int16_t at, int32_t len) {
  p.MovReg(1, 6);
  if (offsetReg < 0) p.MovImm(2, 0); else p.MovReg(2, static_cast<uint8_t>(offsetReg));
  p.FramePtr(3, at);
  p.MovImm(4, len);
  p.Call(BPF_FUNC_skb_load_bytes);
  p.JumpIf(BPF_JNE, 0, 0, "allow");
}

// The transport protocol byte at `protoOffset` of the IP header: TCP or UDP goes into the key with
// the address family, anything else is let through unrecorded.
void KeyTransport(Program& p, int16_t protoOffset, int32_t family, const std::string& label) {
  p.Load(BPF_B, 8, 10, kHeaderAt + protoOffset);
  p.JumpIf(BPF_JEQ, 8, IPPROTO_TCP_, label);
  p.JumpIf(BPF_JEQ, 8, IPPROTO_UDP_, label);
  p.Jump("allow");
  p.Label(label);
  p.Store(BPF_B, 10, kKeyAt, 8);
  p.StoreImm(BPF_B, 10, kKeyAt + 1, family);
}

// Per packet (skb context, data at the IP header): key the packet's 5-tuple, local end first, to
// the owner of its socket — when the socket's owner was seen by OwnerProgram.
std::vector<bpf_insn> PacketProgram(int owners, int flows, bool egress) {
  // Egress: the local end is the source. Ingress: the destination.
  const int16_t local = egress ? 0 : 1;
  Program p;
  p.MovReg(6, 1);
  p.Call(BPF_FUNC_get_socket_cookie);
  p.JumpIf(BPF_JEQ, 0, 0, "allow");
  p.Store(BPF_DW, 10, kCookieAt, 0);
  p.LoadMapFd(1, owners);
  p.FramePtr(2, kCookieAt);
  p.Call(BPF_FUNC_map_lookup_elem);
  p.JumpIf(BPF_JEQ, 0, 0, "allow");
  p.MovReg(7, 0);
  for (int16_t i = 0; i < 40; i += 8) p.StoreImm(BPF_DW, 10, kKeyAt + i, 0);
  // The version nibble decides how much header there is.
  LoadPacketBytes(p, -1, kHeaderAt, 1);
  p.Load(BPF_B, 1, 10, kHeaderAt);
  p.RshImm(1, 4);
  p.JumpIf(BPF_JEQ, 1, 4, "v4");
  p.JumpIf(BPF_JEQ, 1, 6, "v6");
  p.Jump("allow");

  p.Label("v4");
  LoadPacketBytes(p, -1, kHeaderAt, 20);
  // A non-first fragment has no ports (fragment offset: low 13 bits of bytes 6–7, read little-endian here).
  p.Load(BPF_H, 1, 10, kHeaderAt + 6);
  p.AndImm(1, 0xff1f);
  p.JumpIf(BPF_JNE, 1, 0, "allow");
  KeyTransport(p, 9, 4, "v4ok");
  p.Load(BPF_W, 1, 10, kHeaderAt + 12 + 4 * local);
  p.Store(BPF_W, 10, kKeyAt + 8, 1);
  p.Load(BPF_W, 1, 10, kHeaderAt + 16 - 4 * local);
  p.Store(BPF_W, 10, kKeyAt + 24, 1);
  p.Load(BPF_B, 9, 10, kHeaderAt);
  p.AndImm(9, 0x0f);
  p.LshImm(9, 2);
  p.Jump("ports");

  p.Label("v6");
  LoadPacketBytes(p, -1, kHeaderAt, 40);
  // Only TCP or UDP right after the fixed header (extension headers: the /proc path answers).
  KeyTransport(p, 6, 6, "v6ok");
  for (int16_t i = 0; i < 16; i += 8) {
    p.Load(BPF_DW, 1, 10, kHeaderAt + 8 + 16 * local + i);
    p.Store(BPF_DW, 10, kKeyAt + 8 + i, 1);
    p.Load(BPF_DW, 1, 10, kHeaderAt + 24 - 16 * local + i);
    p.Store(BPF_DW, 10, kKeyAt + 24 + i, 1);
  }
  p.MovImm(9, 40);

  p.Label("ports");
  LoadPacketBytes(p, 9, kPortsAt, 4);
  p.Load(BPF_H, 1, 10, kPortsAt + 2 * local);
  p.Store(BPF_H, 10, kKeyAt + 4, 1);
  p.Load(BPF_H, 1, 10, kPortsAt + 2 - 2 * local);
  p.Store(BPF_H, 10, kKeyAt + 6, 1);
  p.LoadMapFd(1, flows);
  p.FramePtr(2, kKeyAt);
  p.MovReg(3, 7);
  p.MovImm(4, BPF_ANY);
  p.Call(BPF_FUNC_map_update_elem);

  p.Label("allow");
  p.MovImm(0, 1);
  p.Exit();
  return p.Finish();
}

struct Failure {
  std::string code;
  std::string message;
};

class Tracer : public Napi::ObjectWrap<Tracer> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "SocketTracer", {
      InstanceMethod("lookup", &Tracer::Lookup),
      InstanceMethod("close", &Tracer::Close),
    });
  }

  explicit Tracer(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Tracer>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsString()) {
      Napi::TypeError::New(env, "SocketTracer(cgroup2Path)").ThrowAsJavaScriptException();
      return;
    }
    Failure failure;
    if (!Start(info[0].As<Napi::String>().Utf8Value(), &failure)) {
      Shutdown();
      Napi::Error e = Napi::Error::New(env, failure.message);
      e.Set("code", Napi::String::New(env, failure.code));
      e.ThrowAsJavaScriptException();
      return;
    }
    Napi::Object self = info.This().As<Napi::Object>();
    self.Set("hooks", Napi::Number::New(env, static_cast<double>(links_.size())));
  }

  ~Tracer() override { Shutdown(); }

 private:
  bool Start(const std::string& cgroup, Failure* failure) {
    // Kernels before 5.11 charge BPF memory to RLIMIT_MEMLOCK.
    struct rlimit unlimited = {RLIM_INFINITY, RLIM_INFINITY};
    setrlimit(RLIMIT_MEMLOCK, &unlimited);
    owners_ = CreateMap(8, kValueSize, 65536, failure);
    if (owners_ < 0) return false;
    flows_ = CreateMap(kKeySize, kValueSize, 131072, failure);
    if (flows_ < 0) return false;
    cgroup_ = open(cgroup.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (cgroup_ < 0) return Fail(failure, "ENOCGROUP", "cannot open the cgroup v2 root " + cgroup);
    const auto owner = OwnerProgram(owners_);
    struct Hook { bpf_prog_type type; bpf_attach_type attach; const std::vector<bpf_insn>* code; };
    const auto egress = PacketProgram(owners_, flows_, true);
    const auto ingress = PacketProgram(owners_, flows_, false);
    const Hook hooks[] = {
      {BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, &owner},
      {BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT, &owner},
      {BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT, &owner},
      {BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_SENDMSG, &owner},
      {BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG, &owner},
      {BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS, &egress},
      {BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS, &ingress},
    };
    for (const Hook& h : hooks) {
      int prog = LoadProgram(h.type, h.attach, *h.code, failure);
      if (prog < 0) return false;
      progs_.push_back(prog);
      union bpf_attr a;
      std::memset(&a, 0, sizeof a);
      a.link_create.prog_fd = prog;
      a.link_create.target_fd = cgroup_;
      a.link_create.attach_type = h.attach;
      int link = static_cast<int>(Bpf(BPF_LINK_CREATE, &a));
      if (link < 0) return Fail(failure, "EBPFATTACH", std::string("cannot attach a socket hook to ") + cgroup + ": " + std::strerror(errno));
      links_.push_back(link);
    }
    return true;
  }

  static bool Fail(Failure* failure, const std::string& code, const std::string& message) {
    failure->code = code;
    failure->message = message;
    return false;
  }

  static int CreateMap(uint32_t keySize, uint32_t valueSize, uint32_t entries, Failure* failure) {
    union bpf_attr a;
    std::memset(&a, 0, sizeof a);
    a.map_type = BPF_MAP_TYPE_LRU_HASH;
    a.key_size = keySize;
    a.value_size = valueSize;
    a.max_entries = entries;
    int fd = static_cast<int>(Bpf(BPF_MAP_CREATE, &a));
    if (fd < 0) Fail(failure, errno == EPERM ? "EPERM" : "EBPF", std::string("cannot create a BPF map: ") + std::strerror(errno));
    return fd;
  }

  static int LoadProgram(bpf_prog_type type, bpf_attach_type attach, const std::vector<bpf_insn>& code, Failure* failure) {
    static char log[16384];
    log[0] = '\0';
    union bpf_attr a;
    std::memset(&a, 0, sizeof a);
    a.prog_type = type;
    a.expected_attach_type = attach;
    a.insns = reinterpret_cast<uint64_t>(code.data());
    a.insn_cnt = static_cast<uint32_t>(code.size());
    a.license = reinterpret_cast<uint64_t>("GPL");
    a.log_buf = reinterpret_cast<uint64_t>(log);
    a.log_size = sizeof log;
    a.log_level = 1;
    int fd = static_cast<int>(Bpf(BPF_PROG_LOAD, &a));
    if (fd < 0) {
      // Retry without a log: a full log buffer alone fails the load with ENOSPC.
      a.log_buf = 0;
      a.log_size = 0;
      a.log_level = 0;
      fd = static_cast<int>(Bpf(BPF_PROG_LOAD, &a));
    }
    if (fd < 0) {
      std::string tail(log);
      if (tail.size() > 400) tail = tail.substr(tail.size() - 400);
      Fail(failure, errno == EPERM ? "EPERM" : "EBPF", std::string("the kernel refused a socket hook program: ") + std::strerror(errno) + (tail.empty() ? "" : " — " + tail));
    }
    return fd;
  }

  Napi::Value Lookup(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (flows_ < 0 || info.Length() < 1 || !info[0].IsBuffer() || info[0].As<Napi::Buffer<uint8_t>>().Length() != kKeySize) {
      Napi::TypeError::New(env, "lookup(key: 40-byte Buffer) on an open tracer").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    auto key = info[0].As<Napi::Buffer<uint8_t>>();
    auto value = Napi::Buffer<uint8_t>::New(env, kValueSize);
    union bpf_attr a;
    std::memset(&a, 0, sizeof a);
    a.map_fd = static_cast<uint32_t>(flows_);
    a.key = reinterpret_cast<uint64_t>(key.Data());
    a.value = reinterpret_cast<uint64_t>(value.Data());
    if (Bpf(BPF_MAP_LOOKUP_ELEM, &a) != 0) return env.Null();
    // Boot-clock ns → wall clock, so user space compares it with frame times.
    timespec real{}, boot{};
    clock_gettime(CLOCK_REALTIME, &real);
    clock_gettime(CLOCK_BOOTTIME, &boot);
    int64_t offset = (static_cast<int64_t>(real.tv_sec) - boot.tv_sec) * 1000000000LL + (real.tv_nsec - boot.tv_nsec);
    uint64_t at;
    std::memcpy(&at, value.Data() + 24, 8);
    at += static_cast<uint64_t>(offset);
    std::memcpy(value.Data() + 32, &at, 8);
    return value;
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    Shutdown();
    return info.Env().Undefined();
  }

  void Shutdown() {
    for (int fd : links_) close(fd);
    for (int fd : progs_) close(fd);
    links_.clear();
    progs_.clear();
    for (int* fd : {&owners_, &flows_, &cgroup_}) {
      if (*fd >= 0) close(*fd);
      *fd = -1;
    }
  }

  int owners_ = -1;
  int flows_ = -1;
  int cgroup_ = -1;
  std::vector<int> progs_;
  std::vector<int> links_;
};

}  // namespace

Napi::Function Init(Napi::Env env) { return Tracer::Init(env); }

#else

Napi::Function Init(Napi::Env env) {
  return Napi::Function::New(env, [](const Napi::CallbackInfo& info) -> Napi::Value {
    Napi::Error e = Napi::Error::New(info.Env(), "kernel socket hooks need Linux (eBPF)");
    e.Set("code", Napi::String::New(info.Env(), "ENOSYS"));
    e.ThrowAsJavaScriptException();
    return info.Env().Undefined();
  });
}

#endif

}  // namespace socket_tracer
