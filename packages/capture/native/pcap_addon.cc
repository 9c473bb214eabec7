// Thin N-API binding over libpcap for live capture: what the `cap` package does not hand over —
// the kernel's capture timestamp (nanoseconds where offered), pcap statistics (drops) — plus
// interface listing and filter validation. Reading happens on libuv's thread pool, one batch per
// call, packed as [sec u32][nsec u32][caplen u32][origlen u32][data, padded to 4] records.
#include <napi.h>
#include "socket_tracer.h"
#include <pcap/pcap.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <poll.h>
#ifdef __linux__
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#endif
#include <unistd.h>
#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

namespace {

constexpr size_t kRecordHeader = 16;
// A batch is handed over at most this long after its first packet (live latency for attribution and UI).
constexpr auto kBatchLatency = std::chrono::milliseconds(20);
// With no traffic a read returns empty after this long, so statistics still flow.
constexpr int kIdleMs = 250;

std::string AddressText(const struct sockaddr* sa) {
  if (sa == nullptr) return "";
  char buf[INET6_ADDRSTRLEN] = {0};
  if (sa->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
  } else if (sa->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
  }
  return buf;
}

// Whether `device` is a loopback interface (Linux: IFF_LOOPBACK).
bool IsLoopback(const std::string& device) {
#ifdef __linux__
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  if (s < 0) return false;
  struct ifreq ifr;
  std::memset(&ifr, 0, sizeof ifr);
  std::strncpy(ifr.ifr_name, device.c_str(), IFNAMSIZ - 1);
  bool loopback = ioctl(s, SIOCGIFFLAGS, &ifr) == 0 && (ifr.ifr_flags & IFF_LOOPBACK) != 0;
  close(s);
  return loopback;
#else
  (void)device;
  return false;
#endif
}

Napi::Error PcapError(Napi::Env env, const std::string& code, const std::string& message) {
  Napi::Error e = Napi::Error::New(env, message);
  e.Set("code", Napi::String::New(env, code));
  return e;
}

Napi::Value ListInterfaces(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  char err[PCAP_ERRBUF_SIZE] = {0};
  pcap_if_t* all = nullptr;
  if (pcap_findalldevs(&all, err) != 0) {
    PcapError(env, "EPCAP", err).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Array out = Napi::Array::New(env);
  uint32_t i = 0;
  for (pcap_if_t* d = all; d != nullptr; d = d->next) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("name", d->name);
    if (d->description != nullptr) o.Set("description", d->description);
    o.Set("loopback", Napi::Boolean::New(env, (d->flags & PCAP_IF_LOOPBACK) != 0));
    o.Set("up", Napi::Boolean::New(env, (d->flags & PCAP_IF_UP) != 0));
    o.Set("running", Napi::Boolean::New(env, (d->flags & PCAP_IF_RUNNING) != 0));
    Napi::Array addrs = Napi::Array::New(env);
    uint32_t k = 0;
    for (pcap_addr_t* a = d->addresses; a != nullptr; a = a->next) {
      if (a->addr == nullptr || (a->addr->sa_family != AF_INET && a->addr->sa_family != AF_INET6)) continue;
      Napi::Object ao = Napi::Object::New(env);
      ao.Set("family", a->addr->sa_family == AF_INET ? "inet" : "inet6");
      ao.Set("address", AddressText(a->addr));
      if (a->netmask != nullptr && a->netmask->sa_family == a->addr->sa_family) ao.Set("netmask", AddressText(a->netmask));
      addrs.Set(k++, ao);
    }
    o.Set("addresses", addrs);
    out.Set(i++, o);
  }
  pcap_freealldevs(all);
  return out;
}

// Compiles a filter for a link type without opening a device: null when valid, else libpcap's message.
Napi::Value CompileFilter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int linkType = info[0].As<Napi::Number>().Int32Value();
  int snaplen = info[1].As<Napi::Number>().Int32Value();
  std::string expr = info[2].As<Napi::String>().Utf8Value();
  pcap_t* dead = pcap_open_dead_with_tstamp_precision(linkType, snaplen, PCAP_TSTAMP_PRECISION_NANO);
  if (dead == nullptr) return Napi::String::New(env, "cannot create a libpcap handle");
  struct bpf_program prog;
  Napi::Value result = env.Null();
  if (pcap_compile(dead, &prog, expr.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
    result = Napi::String::New(env, pcap_geterr(dead));
  } else {
    pcap_freecode(&prog);
  }
  pcap_close(dead);
  return result;
}

struct Stats {
  uint32_t recv = 0, drop = 0, ifdrop = 0;
  bool ok = false;
};

class Handle;

class ReadWorker : public Napi::AsyncWorker {
 public:
  ReadWorker(Napi::Function& cb, Handle* h, Napi::Buffer<uint8_t> buf);
  void Execute() override;
  void OnOK() override;
  void OnError(const Napi::Error& e) override;

 private:
  Handle* handle_;
  Napi::Reference<Napi::Buffer<uint8_t>> bufRef_;
  uint8_t* data_;
  size_t cap_;
  size_t used_ = 0;
  uint32_t count_ = 0;
  bool ended_ = false;
  std::string errCode_;
  std::string errorMessage_;
  Stats stats_;
};

class Handle : public Napi::ObjectWrap<Handle> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "PcapHandle", {
      InstanceMethod("read", &Handle::Read),
      InstanceMethod("stats", &Handle::GetStats),
      InstanceMethod("breakLoop", &Handle::BreakLoop),
      InstanceMethod("close", &Handle::Close),
    });
  }

  // new PcapHandle({ device, snaplen, promisc, bufferSize, timeoutMs, filter, immediate })
  explicit Handle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Handle>(info) {
    Napi::Env env = info.Env();
    Napi::Object o = info[0].As<Napi::Object>();
    std::string device = o.Get("device").As<Napi::String>().Utf8Value();
    int snaplen = o.Get("snaplen").As<Napi::Number>().Int32Value();
    bool promisc = o.Get("promisc").As<Napi::Boolean>().Value();
    int bufferSize = o.Get("bufferSize").As<Napi::Number>().Int32Value();
    int timeoutMs = o.Get("timeoutMs").As<Napi::Number>().Int32Value();
    bool immediate = o.Has("immediate") && o.Get("immediate").As<Napi::Boolean>().Value();
    std::string filter = o.Has("filter") && o.Get("filter").IsString() ? o.Get("filter").As<Napi::String>().Utf8Value() : "";

    char err[PCAP_ERRBUF_SIZE] = {0};
    p_ = pcap_create(device.c_str(), err);
    if (p_ == nullptr) {
      PcapError(env, "ENODEV", err).ThrowAsJavaScriptException();
      return;
    }
    pcap_set_snaplen(p_, snaplen);
    pcap_set_promisc(p_, promisc ? 1 : 0);
    pcap_set_timeout(p_, timeoutMs);
    pcap_set_buffer_size(p_, bufferSize);
    if (immediate) pcap_set_immediate_mode(p_, 1);
    // Nanosecond kernel timestamps where the platform offers them; microseconds otherwise.
    nano_ = pcap_set_tstamp_precision(p_, PCAP_TSTAMP_PRECISION_NANO) == 0;
    int rc = pcap_activate(p_);
    if (rc < 0) {
      std::string code = rc == PCAP_ERROR_PERM_DENIED ? "EPERM"
                         : rc == PCAP_ERROR_NO_SUCH_DEVICE ? "ENODEV"
                         : rc == PCAP_ERROR_IFACE_NOT_UP ? "EIFDOWN"
                         : rc == PCAP_ERROR_PROMISC_PERM_DENIED ? "EPERM"
                         : "EPCAP";
      std::string msg = pcap_geterr(p_);
      if (msg.empty()) msg = pcap_statustostr(rc);
      pcap_close(p_);
      p_ = nullptr;
      PcapError(env, code, device + ": " + msg).ThrowAsJavaScriptException();
      return;
    }
    if (rc > 0) warning_ = pcap_statustostr(rc);
#ifdef __linux__
    // On loopback the kernel hands every packet to the capture socket twice, outgoing then incoming,
    // and libpcap drops the outgoing copy in user space. Asking for incoming only lets the kernel skip
    // it (PACKET_IGNORE_OUTGOING, Linux 4.20+; libpcap 1.10.3 only filters in user space): the same
    // frames and timestamps for half the ring traffic.
    if (IsLoopback(device) && pcap_setdirection(p_, PCAP_D_IN) == 0) {
#ifdef PACKET_IGNORE_OUTGOING
      int one = 1;
      setsockopt(pcap_fileno(p_), SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
#endif
    }
#endif
    nano_ = nano_ && pcap_get_tstamp_precision(p_) == PCAP_TSTAMP_PRECISION_NANO;
    if (!filter.empty()) {
      struct bpf_program prog;
      if (pcap_compile(p_, &prog, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0 || pcap_setfilter(p_, &prog) != 0) {
        std::string msg = pcap_geterr(p_);
        pcap_close(p_);
        p_ = nullptr;
        PcapError(env, "EFILTER", msg).ThrowAsJavaScriptException();
        return;
      }
      pcap_freecode(&prog);
    }
    // Non-blocking reads polled together with a wake pipe: breakLoop() then stops a waiting read at
    // once on every platform, and an idle read still returns (TPACKET_V3 would otherwise block).
    if (pcap_setnonblock(p_, 1, err) != 0 || pipe(wake_) != 0) {
      pcap_close(p_);
      p_ = nullptr;
      PcapError(env, "EPCAP", std::string("cannot set up non-blocking capture: ") + err).ThrowAsJavaScriptException();
      return;
    }
    fcntl(wake_[0], F_SETFL, O_NONBLOCK);
    fcntl(wake_[1], F_SETFL, O_NONBLOCK);
    fd_ = pcap_get_selectable_fd(p_);
    Napi::Object self = info.This().As<Napi::Object>();
    self.Set("linkType", pcap_datalink(p_));
    self.Set("snaplen", pcap_snapshot(p_));
    self.Set("nanosecond", Napi::Boolean::New(env, nano_));
    if (!warning_.empty()) self.Set("warning", warning_);
  }

  ~Handle() override {
    if (p_ != nullptr) pcap_close(p_);
    CloseWake();
  }

  void CloseWake() {
    for (int& f : wake_) {
      if (f >= 0) close(f);
      f = -1;
    }
  }

  // Waits up to ms for packets; false when woken by breakLoop().
  bool Wait(int ms) {
    struct pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    poll(fds, fd_ >= 0 ? 2 : 1, ms);
    if (fds[1].revents & POLLIN) {
      char b[64];
      while (read(wake_[0], b, sizeof b) > 0) {}
      return false;
    }
    return true;
  }

  pcap_t* pcap() { return p_; }
  bool nano() const { return nano_; }
  std::atomic<bool> busy{false};
  // A record that did not fit the previous batch's buffer; it goes first into the next one.
  std::vector<uint8_t> carried;

  Stats ReadStats() {
    Stats s;
    struct pcap_stat ps;
    if (p_ != nullptr && pcap_stats(p_, &ps) == 0) {
      s.recv = ps.ps_recv;
      s.drop = ps.ps_drop;
      s.ifdrop = ps.ps_ifdrop;
      s.ok = true;
    }
    return s;
  }

 private:
  // read(buffer, callback(err, { count, bytes, ended, stats }))
  Napi::Value Read(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (p_ == nullptr) {
      PcapError(env, "ECLOSED", "capture handle is closed").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (busy.exchange(true)) {
      PcapError(env, "EBUSY", "a read is already in progress").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    Napi::Buffer<uint8_t> buf = info[0].As<Napi::Buffer<uint8_t>>();
    Napi::Function cb = info[1].As<Napi::Function>();
    (new ReadWorker(cb, this, buf))->Queue();
    return env.Undefined();
  }

  Napi::Value GetStats(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (busy.load()) return env.Null();  // the reader thread owns the handle; stats come with each batch
    return StatsObject(env, ReadStats());
  }

  Napi::Value BreakLoop(const Napi::CallbackInfo& info) {
    if (wake_[1] >= 0) {
      char b = 1;
      (void)!write(wake_[1], &b, 1);
    }
    return info.Env().Undefined();
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (busy.load()) {
      PcapError(env, "EBUSY", "close while a read is in progress").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (p_ != nullptr) pcap_close(p_);
    p_ = nullptr;
    CloseWake();
    return env.Undefined();
  }

 public:
  static Napi::Object StatsObject(Napi::Env env, const Stats& s) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("recv", s.recv);
    o.Set("drop", s.drop);
    o.Set("ifdrop", s.ifdrop);
    return o;
  }

 private:
  pcap_t* p_ = nullptr;
  int fd_ = -1;
  int wake_[2] = {-1, -1};
  bool nano_ = false;
  std::string warning_;
};

ReadWorker::ReadWorker(Napi::Function& cb, Handle* h, Napi::Buffer<uint8_t> buf)
    : Napi::AsyncWorker(cb), handle_(h), data_(buf.Data()), cap_(buf.Length()) {
  bufRef_ = Napi::Persistent(buf);
  h->Ref();
}

void ReadWorker::Execute() {
  pcap_t* p = handle_->pcap();
  const uint32_t scale = handle_->nano() ? 1 : 1000;
  if (!handle_->carried.empty()) {
    if (handle_->carried.size() > cap_) {
      SetError("read buffer smaller than one captured packet");
      return;
    }
    std::memcpy(data_, handle_->carried.data(), handle_->carried.size());
    used_ = handle_->carried.size();
    count_ = 1;
    handle_->carried.clear();
  }
  auto first = std::chrono::steady_clock::now();
  for (;;) {
    struct pcap_pkthdr* hdr = nullptr;
    const u_char* bytes = nullptr;
    int rc = pcap_next_ex(p, &hdr, &bytes);
    if (rc == 1) {
      if (count_ == 0) first = std::chrono::steady_clock::now();
      size_t padded = (hdr->caplen + 3u) & ~size_t(3);
      size_t n = kRecordHeader + padded;
      uint32_t head[4] = {static_cast<uint32_t>(hdr->ts.tv_sec), static_cast<uint32_t>(hdr->ts.tv_usec) * scale, hdr->caplen, hdr->len};
      if (used_ + n > cap_) {
        handle_->carried.resize(n, 0);
        std::memcpy(handle_->carried.data(), head, kRecordHeader);
        std::memcpy(handle_->carried.data() + kRecordHeader, bytes, hdr->caplen);
        break;
      }
      std::memcpy(data_ + used_, head, kRecordHeader);
      std::memcpy(data_ + used_ + kRecordHeader, bytes, hdr->caplen);
      if (padded > hdr->caplen) std::memset(data_ + used_ + kRecordHeader + hdr->caplen, 0, padded - hdr->caplen);
      used_ += n;
      count_++;
      if (std::chrono::steady_clock::now() - first >= kBatchLatency) break;
      continue;
    }
    if (rc == 0) {  // nothing ready: hand over what we have, else wait for packets or a stop
      if (count_ > 0) break;
      if (!handle_->Wait(kIdleMs)) {
        ended_ = true;
        break;
      }
      if (std::chrono::steady_clock::now() - first >= std::chrono::milliseconds(kIdleMs)) break;
      continue;
    }
    if (rc == PCAP_ERROR_BREAK) {
      ended_ = true;
      break;
    }
    // PCAP_ERROR: e.g. the interface went down or disappeared. Packets already in the batch are kept.
    std::string msg = pcap_geterr(p);
    errCode_ = msg.find("disappeared") != std::string::npos || msg.find("went down") != std::string::npos || msg.find("No such device") != std::string::npos ? "ENODEV" : "EPCAP";
    if (count_ == 0) {
      SetError(msg);
      return;
    }
    errorMessage_ = msg;
    break;
  }
  stats_ = handle_->ReadStats();
}

void ReadWorker::OnOK() {
  Napi::Env env = Env();
  handle_->busy.store(false);
  Napi::Object r = Napi::Object::New(env);
  r.Set("count", count_);
  r.Set("bytes", static_cast<double>(used_));
  r.Set("ended", Napi::Boolean::New(env, ended_));
  if (!errorMessage_.empty()) {  // the batch is good; the next read reports the failure
    r.Set("errorCode", errCode_);
    r.Set("errorMessage", errorMessage_);
  }
  r.Set("stats", stats_.ok ? Handle::StatsObject(env, stats_) : env.Null());
  handle_->Unref();
  Callback().Call({env.Null(), r});
}

void ReadWorker::OnError(const Napi::Error& e) {
  Napi::Env env = Env();
  handle_->busy.store(false);
  Napi::Error err = PcapError(env, errCode_.empty() ? "EPCAP" : errCode_, e.Message());
  handle_->Unref();
  Callback().Call({err.Value()});
}

Napi::Value LibVersion(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), pcap_lib_version());
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("listInterfaces", Napi::Function::New(env, ListInterfaces));
  exports.Set("compileFilter", Napi::Function::New(env, CompileFilter));
  exports.Set("libVersion", Napi::Function::New(env, LibVersion));
  exports.Set("PcapHandle", Handle::Init(env));
  exports.Set("SocketTracer", socket_tracer::Init(env));
  return exports;
}

}  // namespace

NODE_API_MODULE(wirewho_pcap, Init)
