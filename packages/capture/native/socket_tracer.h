// Kernel socket-ownership hooks (socket_tracer.cc), exported by the capture addon as SocketTracer.
#pragma once
#include <napi.h>

namespace socket_tracer {
Napi::Function Init(Napi::Env env);
}
