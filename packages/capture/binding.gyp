{
  "targets": [
    {
      "target_name": "wirewho_pcap",
      "sources": ["native/pcap_addon.cc", "native/socket_tracer.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags_cc": ["-std=c++17", "-O2"],
      "libraries": ["-lpcap"],
      "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["-std=c++17"] },
      "conditions": [
        ["OS=='win'", { "libraries!": ["-lpcap"], "libraries": ["wpcap.lib"] }]
      ]
    }
  ]
}
