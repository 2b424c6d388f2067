# Functions shared by up.sh, down.sh and cluster.sh (sourced after versions.sh).
# shellcheck shell=bash

NODE_T0=$(date +%s.%N)
elapsed() { awk -v a="$NODE_T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
log() { printf '[node %6ss] %s\n' "$(elapsed)" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# The daemons, in start order; down.sh stops them in reverse.
NODE_DAEMONS=(etcd containerd kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy)

# Host paths the binaries use whatever their configuration says (down.sh removes them when
# they did not exist before up.sh), and host sysctls kubelet, kube-proxy and the bridge plugin set.
NODE_HOST_PATHS=(/var/lib/kubelet /var/lib/cni /run/containerd /var/log/containers /var/log/pods
  /usr/libexec/kubernetes /run/netns /opt/containerd /run/nri /etc/cdi /run/cdi /var/lib/containerd /etc/kubernetes)
NODE_SYSCTLS=(net.ipv4.ip_forward net.ipv4.conf.all.forwarding net.ipv6.conf.all.forwarding
  net.ipv4.conf.all.route_localnet net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables
  vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys
  kernel.keys.root_maxbytes net.netfilter.nf_conntrack_max net.netfilter.nf_conntrack_tcp_timeout_established
  net.netfilter.nf_conntrack_tcp_timeout_close_wait net.netfilter.nf_conntrack_tcp_be_liberal)

# pid_of NAME: the pid in $NODE_STATE/run/NAME.pid when that process is alive and ours (its command
# line names the state folder), else nothing.
pid_of() {
  local f=$NODE_STATE/run/$1.pid p
  [ -f "$f" ] || return 1
  p=$(cat "$f")
  [ -n "$p" ] && kill -0 "$p" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -qF "$NODE_STATE" || return 1
  echo "$p"
}
any_daemon_alive() {
  local n
  for n in "${NODE_DAEMONS[@]}"; do pid_of "$n" >/dev/null && return 0; done
  return 1
}

# start_daemon NAME CMD...: in its own session (so down.sh can signal its process group),
# output to $NODE_STATE/logs/NAME.log, pid to $NODE_STATE/run/NAME.pid.
start_daemon() {
  local n=$1
  shift
  setsid "$@" >>"$NODE_STATE/logs/$n.log" 2>&1 </dev/null &
  echo $! >"$NODE_STATE/run/$n.pid"
  log "started $n (pid $!)"
}

# wait_for WHAT SECONDS CMD...: polls CMD every 0.25 s; on timeout names the daemons that died.
wait_for() {
  local what=$1 secs=$2 end n
  shift 2
  end=$(($(date +%s) + secs))
  while ! "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$end" ]; then
      for n in "${NODE_DAEMONS[@]}"; do
        if [ -f "$NODE_STATE/run/$n.pid" ] && ! pid_of "$n" >/dev/null; then
          log "$n has exited; the end of $NODE_STATE/logs/$n.log:"
          tail -n 15 "$NODE_STATE/logs/$n.log" >&2
        fi
      done
      die "timed out after ${secs}s waiting for $what"
    fi
    sleep 0.25
  done
  log "$what"
}

port_free() { ! ss -Htln "sport = :$1" 2>/dev/null | grep . >/dev/null; }

# record_host_before DIR: what down.sh restores and the paths it may remove.
record_host_before() {
  local d=$1 p s v
  mkdir -p "$d"
  for p in "${NODE_HOST_PATHS[@]}"; do if [ -e "$p" ]; then echo "$p"; fi; done >"$d/paths"
  for s in "${NODE_SYSCTLS[@]}"; do
    if v=$(sysctl -n "$s" 2>/dev/null); then printf '%s=%s\n' "$s" "$v"; fi
  done >"$d/sysctls"
  "$NFT_TABLES" list 2>/dev/null | awk '{ print $1, $2 }' | sort -u >"$d/nft-tables" || true
  "$NFT_TABLES" list 2>/dev/null | awk '{ print $1, $2, $3 }' | sort -u >"$d/nft-chains" || true
}

# make_pki DIR NODE_NAME NODE_IP: a throwaway CA, the service-account key pair, and the
# certificates of each component (kubelet: client in system:nodes, serving for its IP).
make_pki() {
  local d=$1 node=$2 ip=$3
  (
    cd "$d" || exit 1
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 365 -keyout ca.key -out ca.crt -subj /CN=sentinel-node-ca \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    leaf() { # name subject extensions
      openssl genrsa -out "$1.key" 2048 2>/dev/null
      printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n%b\n' "$3" >"$1.ext"
      openssl req -new -key "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
      openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 365 -extfile "$1.ext" -out "$1.crt" 2>/dev/null
      rm -f "$1.csr" "$1.ext"
    }
    leaf apiserver /CN=kube-apiserver "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:${NODE_SERVICE_CIDR%.*/*}.1,IP:$ip"
    leaf admin "/O=system:masters/CN=sentinel-node-admin" "extendedKeyUsage=clientAuth"
    leaf apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" "extendedKeyUsage=clientAuth"
    leaf controller-manager /CN=system:kube-controller-manager "extendedKeyUsage=clientAuth"
    leaf scheduler /CN=system:kube-scheduler "extendedKeyUsage=clientAuth"
    leaf kube-proxy /CN=system:kube-proxy "extendedKeyUsage=clientAuth"
    leaf kubelet "/O=system:nodes/CN=system:node:$node" "extendedKeyUsage=clientAuth"
    leaf kubelet-serving "/O=system:nodes/CN=system:node:$node" "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:$node,DNS:localhost,IP:127.0.0.1,IP:$ip"
    chmod 600 ./*.key
  )
}

# write_kubeconfig PKI_DIR NAME SERVER: a kubeconfig with the client certificate NAME.crt.
write_kubeconfig() {
  cat <<YAML
apiVersion: v1
kind: Config
clusters:
- name: sentinel-node
  cluster:
    server: $3
    certificate-authority-data: $(base64 -w0 "$1/ca.crt")
users:
- name: $2
  user:
    client-certificate-data: $(base64 -w0 "$1/$2.crt")
    client-key-data: $(base64 -w0 "$1/$2.key")
contexts:
- name: $2@sentinel-node
  context: {cluster: sentinel-node, user: $2}
current-context: $2@sentinel-node
YAML
}

# import_images: every tarball of images.sh into containerd's k8s.io namespace; the project's
# images are also tagged the way the chart names them (image.registry=localhost:
# localhost/sentinel/api:TAG for localhost/sentinel-api:TAG).
# import_images [system|project|all] (default all): system = pause + CoreDNS.
import_images() {
  local ctr=("$CONTAINERD_BIN/ctr" -a "$NODE_STATE/containerd/containerd.sock" -n k8s.io) f ref t0 names=() files=()
  t0=$(date +%s)
  case "${1:-all}" in
    system) files=("$NODE_IMAGES"/pause-"$PAUSE_VERSION".tar "$NODE_IMAGES"/coredns-"$COREDNS_VERSION".tar) ;;
    project) files=("$NODE_IMAGES"/project/*.tar) ;;
    *) files=("$NODE_IMAGES"/pause-"$PAUSE_VERSION".tar "$NODE_IMAGES"/coredns-"$COREDNS_VERSION".tar "$NODE_IMAGES"/project/*.tar) ;;
  esac
  for f in "${files[@]}"; do
    [ -s "$f" ] || continue
    "${ctr[@]}" images import "$f" >"$NODE_STATE/logs/import-${1:-all}.log" 2>&1 ||
      die "ctr images import $f failed: $(tail -n 5 "$NODE_STATE/logs/import-${1:-all}.log")"
  done
  [ "${1:-all}" != system ] || return 0
  for ref in $("${ctr[@]}" images ls -q 2>/dev/null | grep -E '^localhost/sentinel-[a-z]+:'); do
    case "$ref" in localhost/sentinel-pause:* | localhost/sentinel-coredns:*) continue ;; esac
    "${ctr[@]}" images tag --force "$ref" "localhost/sentinel/${ref#localhost/sentinel-}" >/dev/null 2>&1
  done
  mapfile -t names < <("${ctr[@]}" images ls -q 2>/dev/null | grep -v '^sha256:' | sort)
  log "images in containerd ($(($(date +%s) - t0))s): ${names[*]}"
}
