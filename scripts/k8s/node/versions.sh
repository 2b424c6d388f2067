# Sourced by the scripts in scripts/k8s/node/: versions and cache/state locations of the one-node
# cluster (a real kubelet + containerd, so pods run). See docs/cluster-e2e.md.
# The Kubernetes version must be the one of scripts/k8s/build-control-plane.sh (kube-apiserver).
# shellcheck shell=bash disable=SC2034
NODE_K8S_VERSION=1.35.3   # kubelet, kube-controller-manager, kube-scheduler, kube-proxy
CONTAINERD_VERSION=2.4.2  # containerd, containerd-shim-runc-v2, ctr
CNI_PLUGINS_VERSION=1.10.0
COREDNS_VERSION=1.15.0
PAUSE_VERSION=3.10        # the sandbox image is a local build of kubernetes' pause.c, tagged as below
GOOGLE_NFTABLES_VERSION=v0.3.0 # for the nft-tables helper (nft-tables/main.go)
KUBE_NETWORK_POLICIES_VERSION=0.8.0 # NetworkPolicy enforcement (netpol.sh); sigs.k8s.io/kube-network-policies/cmd
ETCD_VERSION=3.6.9        # from scripts/k8s/build-control-plane.sh
KUBECTL_VERSION=1.35.2
HELM_VERSION=4.1.4

SENTINEL_K8S_CACHE=${SENTINEL_K8S_CACHE:-$HOME/.cache/sentinel-k8s}
CP_BIN=$SENTINEL_K8S_CACHE/bin                       # kube-apiserver, etcd, kubectl, helm
NODE_CACHE=${SENTINEL_NODE_CACHE:-$SENTINEL_K8S_CACHE/node}
NODE_BIN=$NODE_CACHE/bin                             # versioned folders, see build.sh
K8S_NODE_BIN=$NODE_BIN/kubernetes-v$NODE_K8S_VERSION
CONTAINERD_BIN=$NODE_BIN/containerd-v$CONTAINERD_VERSION
CNI_BIN=$NODE_BIN/cni-plugins-v$CNI_PLUGINS_VERSION
COREDNS_BIN=$NODE_BIN/coredns-v$COREDNS_VERSION
NFT_TABLES=$NODE_BIN/nft-tables                      # see nft-tables/main.go
NETPOL_BIN=$NODE_BIN/kube-network-policies-v$KUBE_NETWORK_POLICIES_VERSION # kube-network-policies (netpol.sh)
NODE_IMAGES=$NODE_CACHE/images                       # docker-archive tarballs imported into containerd
# Everything a running cluster writes (PKI, etcd, containerd root, kubelet root, logs, pids). up.sh
# starts from an empty one; down.sh deletes it (logs are kept in $NODE_CACHE/last-logs).
NODE_STATE=${SENTINEL_NODE_STATE:-$NODE_CACHE/state}

KUBECTL=$CP_BIN/kubectl-v$KUBECTL_VERSION
HELM=$CP_BIN/helm-v$HELM_VERSION
KUBECONFIG_NODE=$NODE_STATE/etc/admin.kubeconfig

PAUSE_IMAGE=localhost/sentinel-pause:$PAUSE_VERSION
COREDNS_IMAGE=localhost/sentinel-coredns:$COREDNS_VERSION

# Fixed ports (below the ephemeral range, so they do not collide with the test suite's control
# planes, which take free loopback ports). Override when they are taken.
NODE_ETCD_PORT=${NODE_ETCD_PORT:-12379}
NODE_ETCD_PEER_PORT=${NODE_ETCD_PEER_PORT:-12380}
NODE_APISERVER_PORT=${NODE_APISERVER_PORT:-6443} # the chart's networkPolicy.kubeAPIServer.ports: 443, 6443
NODE_SERVICE_CIDR=10.96.0.0/16
NODE_DNS_IP=10.96.0.10
NODE_POD_CIDR=10.244.0.0/24
NODE_CLUSTER_CIDR=10.244.0.0/16
NODE_BRIDGE=sentinel0
