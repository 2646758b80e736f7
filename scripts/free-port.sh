#!/usr/bin/env bash
# Prints a TCP port on 127.0.0.1 that is free right now (the OS picks it).
set -euo pipefail
if command -v python3 >/dev/null 2>&1 &&
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null; then
  exit 0
fi
exec node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
