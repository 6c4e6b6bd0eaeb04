#!/usr/bin/env bash
# Builds the real control plane that `npm run test:cluster` runs: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler and KWOK, from the Go module proxy, into
#   ${PLIMSOLL_K8S_CACHE:-~/.cache/plimsoll/k8s}/k8s-<v>_etcd-<v>_kwok-<v>/bin
# A binary already there is reused. Prints the directory last (stdout), everything else on stderr.
#   build.sh --check   builds nothing: prints the directory and exits 0 when every binary is there, else names the
#                      missing ones on stderr and exits 3 (needs no Go).
set -euo pipefail
check=false
[[ "${1:-}" == "--check" ]] && check=true

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Go's usual home, for shells whose PATH lacks it.
if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
  export PATH="/usr/local/go/bin:$PATH"
fi
if ! $check && ! command -v go >/dev/null 2>&1; then
  echo "k8s-build: Go is not installed (need Go >= 1.26 and the Go module proxy)." >&2
  exit 2
fi

modver() { sed -n "s#^\(require\)\{0,1\}[[:space:]]*$1 v\([^ ]*\).*#\2#p" "$2" | head -1; }
K8S="$(modver k8s.io/kubernetes "$here/kube/go.mod")"
ETCD="$(modver go.etcd.io/etcd/server/v3 "$here/etcd/go.mod")"
KWOK="$(modver sigs.k8s.io/kwok "$here/kwok/go.mod")"
cache="${PLIMSOLL_K8S_CACHE:-$HOME/.cache/plimsoll/k8s}"
bin="$cache/k8s-${K8S}_etcd-${ETCD}_kwok-${KWOK}/bin"
if $check; then
  missing=()
  for name in etcd kube-apiserver kube-controller-manager kube-scheduler kwok; do
    [[ -x "$bin/$name" ]] || missing+=("$name")
  done
  [[ -s "$bin/../kwok-stages.yaml" ]] || missing+=(kwok-stages.yaml)
  if ((${#missing[@]})); then
    echo "k8s-build: not built in $bin: ${missing[*]} (npm run k8s:build)" >&2
    exit 3
  fi
  echo "$bin"
  exit 0
fi
mkdir -p "$bin"

minor="${K8S#*.}"; minor="${minor%%.*}"
v=k8s.io/component-base/version
kube_ldflags="-s -w -X $v.gitVersion=v$K8S -X $v.gitMajor=1 -X $v.gitMinor=$minor -X $v.gitTreeState=clean -X $v.buildDate=1970-01-01T00:00:00Z"
etcd_ldflags="-s -w"
kwok_ldflags="-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=v$KWOK"

build() { # dir name package ldflags
  local dir="$1" name="$2" pkg="$3" ldflags="$4" start
  if [[ -x "$bin/$name" ]]; then
    echo "k8s-build: $name reused ($bin/$name)" >&2
    return
  fi
  start=$(date +%s)
  (cd "$here/$dir" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$bin/$name.tmp" "$pkg")
  mv "$bin/$name.tmp" "$bin/$name"
  echo "k8s-build: built $name in $(($(date +%s) - start)) s" >&2
}

total=$(date +%s)
build etcd etcd go.etcd.io/etcd/server/v3 "$etcd_ldflags"
build kube kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver "$kube_ldflags"
build kube kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager "$kube_ldflags"
build kube kube-scheduler k8s.io/kubernetes/cmd/kube-scheduler "$kube_ldflags"
build kwok kwok sigs.k8s.io/kwok/cmd/kwok "$kwok_ldflags"

# KWOK plays nodes and pods by the Stages it is given (kwokctl passes these same defaults): nodes become Ready and
# renew their Leases, pods go Pending -> Running and, once deleted, away.
stages="$bin/../kwok-stages.yaml"
if [[ ! -s "$stages" ]]; then
  src="$(cd "$here/kwok" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)/kustomize/stage"
  for f in node/fast/node-initialize node/heartbeat-with-lease/node-heartbeat-with-lease \
    pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete; do
    printf -- '---\n'
    cat "$src/$f.yaml"
  done >"$stages.tmp"
  mv "$stages.tmp" "$stages"
  echo "k8s-build: wrote $stages" >&2
fi
echo "k8s-build: k8s v$K8S, etcd v$ETCD, kwok v$KWOK ready in $(($(date +%s) - total)) s" >&2
echo "$bin"
