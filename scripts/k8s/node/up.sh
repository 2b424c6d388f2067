#!/usr/bin/env bash
# Starts a one-node Kubernetes cluster whose pods run (root only): etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler (the control plane), containerd + runc, kubelet and
# kube-proxy (the node), bridge CNI on $NODE_BRIDGE, then CoreDNS as a pod behind kube-dns.
# Everything it writes is under $NODE_STATE (made afresh); each daemon runs in its own session
# with its pid in $NODE_STATE/run; host values it may change are recorded in
# $NODE_STATE/host-before for down.sh, which stops it all and puts the host back.
# Expects the binaries and images of build.sh and images.sh (cluster.sh up runs both first).
# Prints the kubeconfig path at the end. Host quirks: docs/cluster-e2e.md.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/k8s/node/versions.sh
. "$HERE/versions.sh"
# shellcheck source=scripts/k8s/node/lib.sh
. "$HERE/lib.sh"
[ "$(id -u)" = 0 ] || die "up.sh must run as root (kubelet, containerd, iptables, mounts)"

S=$NODE_STATE P=$NODE_STATE/pki E=$NODE_STATE/etc L=$NODE_STATE/logs R=$NODE_STATE/run
if [ -d "$R" ] && any_daemon_alive; then die "a node cluster is already running ($R): scripts/k8s/node/cluster.sh down first"; fi
if [ -e "$S" ]; then
  log "state of an earlier run in $S: cleaning it up first (down.sh)"
  bash "$HERE/down.sh" >&2 || die "down.sh could not clean up the earlier run"
fi
for b in "$K8S_NODE_BIN/kubelet" "$CONTAINERD_BIN/containerd" "$CNI_BIN/bridge" "$COREDNS_BIN/coredns" "$NFT_TABLES" \
  "$CP_BIN/kube-apiserver-v$NODE_K8S_VERSION" "$CP_BIN/etcd-v$ETCD_VERSION" "$KUBECTL"; do
  [ -x "$b" ] || die "$b is missing: run scripts/k8s/node/build.sh"
done
[ -s "$NODE_IMAGES/pause-$PAUSE_VERSION.tar" ] || die "the pause image is missing: run scripts/k8s/node/images.sh"
RUNC=$(command -v runc) || die "runc is missing (apt-get install runc)"
for port in "$NODE_ETCD_PORT" "$NODE_ETCD_PEER_PORT" "$NODE_APISERVER_PORT" 10250 10248 10249 10256 10257 10259; do
  port_free "$port" || die "port $port is taken (NODE_ETCD_PORT, NODE_ETCD_PEER_PORT and NODE_APISERVER_PORT can be changed; 10248-10259 are the kubelet's, kube-proxy's, kube-controller-manager's and kube-scheduler's)"
done

if [ -n "$(find /sys/fs/cgroup/pids/kubepods -name cgroup.procs -exec cat {} + 2>/dev/null)" ]; then
  die "/sys/fs/cgroup/pids/kubepods holds processes: another kubelet runs on this host"
fi

mkdir -p "$S" "$P" "$E/cni" "$L" "$R"
# A failed start leaves nothing behind (NODE_KEEP_ON_FAILURE=1 keeps it for a look).
on_exit() {
  local rc=$?
  if [ "$rc" != 0 ] && [ -z "${NODE_KEEP_ON_FAILURE:-}" ]; then
    log "up failed: bringing everything down again (logs: $NODE_CACHE/last-logs)"
    bash "$HERE/down.sh" >&2 || true
  fi
}
trap on_exit EXIT
# ------------------------------------------------------------------ what the host was like
record_host_before "$S/host-before"

NODE_NAME=${NODE_NAME:-$(hostname | tr '[:upper:]' '[:lower:]')}
NODE_IP=${NODE_IP:-$(ip -4 route get 1.1.1.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p')}
[ -n "$NODE_IP" ] || die "no IPv4 default route to take the node IP from: set NODE_IP"
printf 'NODE_NAME=%s\nNODE_IP=%s\n' "$NODE_NAME" "$NODE_IP" >"$E/node.env"
SERVER=https://$NODE_IP:$NODE_APISERVER_PORT

# ------------------------------------------------------------------ PKI and kubeconfigs
log "PKI and configuration for node $NODE_NAME ($NODE_IP)"
make_pki "$P" "$NODE_NAME" "$NODE_IP"
for n in admin controller-manager scheduler kube-proxy kubelet; do write_kubeconfig "$P" "$n" "$SERVER" >"$E/$n.kubeconfig"; done
chmod 600 "$E"/*.kubeconfig

# ------------------------------------------------------------------ containerd, CNI, kubelet, kube-proxy
cat >"$E/containerd.toml" <<TOML
version = 3
root = "$S/containerd/root"
state = "$S/containerd/state"
temp = "$S/containerd/tmp"
disabled_plugins = ["io.containerd.nri.v1.nri", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.blockfile", "io.containerd.snapshotter.v1.erofs",
  "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]
[grpc]
  address = "$S/containerd/containerd.sock"
[ttrpc]
  address = "$S/containerd/containerd.sock.ttrpc"
[debug]
  address = ""
[plugins.'io.containerd.internal.v1.opt']
  path = "$S/containerd/opt"
[plugins.'io.containerd.cri.v1.images']
  snapshotter = "overlayfs"
  [plugins.'io.containerd.cri.v1.images'.pinned_images]
    sandbox = "$PAUSE_IMAGE"
[plugins.'io.containerd.cri.v1.runtime']
  # No CAP_SYS_RESOURCE on these hosts: the sandbox's oom_score_adj -998 makes runc fail with
  # "can't get final child's PID from pipe: EOF". Clamp to containerd's own score.
  restrict_oom_score_adj = true
  cdi_spec_dirs = []  # no CDI devices; do not watch /etc/cdi, /var/run/cdi
  [plugins.'io.containerd.cri.v1.runtime'.containerd]
    default_runtime_name = "runc"
    [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
        BinaryName = "$RUNC"
        Root = "$S/containerd/runc"
        SystemdCgroup = false
  [plugins.'io.containerd.cri.v1.runtime'.cni]
    bin_dirs = ["$CNI_BIN"]
    conf_dir = "$E/cni"
TOML
cat >"$E/cni/10-sentinel.conflist" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "sentinel-node",
  "plugins": [
    {
      "type": "bridge", "bridge": "$NODE_BRIDGE", "isGateway": true, "ipMasq": true, "hairpinMode": true,
      "ipam": {"type": "host-local", "dataDir": "$S/cni/ipam",
               "ranges": [[{"subnet": "$NODE_POD_CIDR"}]], "routes": [{"dst": "0.0.0.0/0"}]}
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
JSON
cat >"$E/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false              # 1.35 refuses cgroup v1 hosts by default; these are v1 "hybrid"
cgroupDriver: cgroupfs
failSwapOn: false
containerRuntimeEndpoint: unix://$S/containerd/containerd.sock
podLogsDir: $S/pod-logs
volumePluginDir: $S/kubelet-plugins
healthzBindAddress: 127.0.0.1
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $P/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $P/kubelet-serving.crt
tlsPrivateKeyFile: $P/kubelet-serving.key
readOnlyPort: 0
clusterDomain: cluster.local
clusterDNS: [$NODE_DNS_IP]
podCIDR: $NODE_POD_CIDR
resolvConf: /etc/resolv.conf
rotateCertificates: false
serializeImagePulls: false
imageGCHighThresholdPercent: 100   # never garbage-collect the imported images (nothing can be pulled)
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
YAML
cat >"$E/kube-proxy.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clientConnection: {kubeconfig: $E/kube-proxy.kubeconfig}
hostnameOverride: $NODE_NAME
clusterCIDR: $NODE_CLUSTER_CIDR
# Leave the host's conntrack settings alone (0 = do not set), and do not set route_localnet.
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
iptables: {localhostNodePorts: false}
metricsBindAddress: 127.0.0.1:10249
healthzBindAddress: 127.0.0.1:10256
YAML

# ------------------------------------------------------------------ start
export PATH=$CONTAINERD_BIN:$PATH # containerd finds containerd-shim-runc-v2 there
start_daemon etcd "$CP_BIN/etcd-v$ETCD_VERSION" --name=sentinel-node --data-dir="$S/etcd" \
  --listen-client-urls="http://127.0.0.1:$NODE_ETCD_PORT" --advertise-client-urls="http://127.0.0.1:$NODE_ETCD_PORT" \
  --listen-peer-urls="http://127.0.0.1:$NODE_ETCD_PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$NODE_ETCD_PEER_PORT" \
  --initial-cluster="sentinel-node=http://127.0.0.1:$NODE_ETCD_PEER_PORT" --unsafe-no-fsync=true --quota-backend-bytes=2147483648
start_daemon containerd "$CONTAINERD_BIN/containerd" --config "$E/containerd.toml"
wait_for "etcd healthy" 60 curl -fsS "http://127.0.0.1:$NODE_ETCD_PORT/health"
start_daemon kube-apiserver "$CP_BIN/kube-apiserver-v$NODE_K8S_VERSION" --etcd-servers="http://127.0.0.1:$NODE_ETCD_PORT" \
  --bind-address=0.0.0.0 --secure-port="$NODE_APISERVER_PORT" --advertise-address="$NODE_IP" \
  --tls-cert-file="$P/apiserver.crt" --tls-private-key-file="$P/apiserver.key" --client-ca-file="$P/ca.crt" \
  --service-cluster-ip-range="$NODE_SERVICE_CIDR" --allow-privileged=true \
  --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$P/sa.pub" --service-account-signing-key-file="$P/sa.key" \
  --kubelet-client-certificate="$P/apiserver-kubelet-client.crt" --kubelet-client-key="$P/apiserver-kubelet-client.key" \
  --kubelet-preferred-address-types=InternalIP --profiling=false
CTR=("$CONTAINERD_BIN/ctr" -a "$S/containerd/containerd.sock" -n k8s.io)
wait_for "containerd up" 60 "${CTR[@]}" version
import_images system
# the project's images (the bulk: ~15 s) while the rest starts
import_images project &
import_pid=$!
wait_for "kube-apiserver ready" 120 curl -fsS --cacert "$P/ca.crt" --cert "$P/admin.crt" --key "$P/admin.key" "https://127.0.0.1:$NODE_APISERVER_PORT/readyz"
start_daemon kube-controller-manager "$K8S_NODE_BIN/kube-controller-manager" --kubeconfig="$E/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$E/controller-manager.kubeconfig" --authorization-kubeconfig="$E/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --leader-elect=false --use-service-account-credentials=true \
  --service-account-private-key-file="$P/sa.key" --root-ca-file="$P/ca.crt" \
  --cluster-signing-cert-file="$P/ca.crt" --cluster-signing-key-file="$P/ca.key" --profiling=false
start_daemon kube-scheduler "$K8S_NODE_BIN/kube-scheduler" --kubeconfig="$E/scheduler.kubeconfig" \
  --authentication-kubeconfig="$E/scheduler.kubeconfig" --authorization-kubeconfig="$E/scheduler.kubeconfig" \
  --bind-address=127.0.0.1 --leader-elect=false --profiling=false
start_daemon kubelet "$K8S_NODE_BIN/kubelet" --config="$E/kubelet.yaml" --kubeconfig="$E/kubelet.kubeconfig" \
  --root-dir="$S/kubelet" --cert-dir="$P/kubelet-certs" --hostname-override="$NODE_NAME" --node-ip="$NODE_IP" -v=1
start_daemon kube-proxy "$K8S_NODE_BIN/kube-proxy" --config="$E/kube-proxy.yaml"
K=("$KUBECTL" --kubeconfig="$E/admin.kubeconfig")
wait_for "node $NODE_NAME Ready" 180 sh -c "'$KUBECTL' --kubeconfig='$E/admin.kubeconfig' get node '$NODE_NAME' -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True"
wait_for "default ServiceAccount" 120 "${K[@]}" get serviceaccount default
# CoreDNS (kube-dns 10.96.0.10): cluster names for pods, the host's resolv.conf upstream
sed -e "s#@COREDNS_IMAGE@#$COREDNS_IMAGE#g" -e "s#@DNS_IP@#$NODE_DNS_IP#g" "$HERE/manifests/coredns.yaml" | "${K[@]}" apply -f - >/dev/null
wait_for "CoreDNS Available" 180 "${K[@]}" -n kube-system rollout status deploy/coredns --timeout=5s
wait "$import_pid" || die "importing the project's images failed (see $L/import-project.log)"
log "cluster up in $(elapsed)s; kubectl: $KUBECTL --kubeconfig=$E/admin.kubeconfig"
echo "$E/admin.kubeconfig"
