#!/usr/bin/env bash
# make-certs.sh: a private CA for one Dream cluster and a key store per node, for hocon/tls.conf
# (TLS for Akka.Remote with mutual authentication). Only openssl (Debian's `openssl` package) is needed.
#
#   DREAM_TLS_PASSWORD=... deploy/make-certs.sh OUT_DIR NODE [NODE ...]
#
# NODE is the host name or IP address a node is known by; it goes into the certificate's subject and SAN.
# Run it again with the same OUT_DIR to add nodes: the CA found there is reused.
#
# Writes (PKCS#12 files, all protected by DREAM_TLS_PASSWORD):
#   OUT_DIR/ca.p12           the CA's private key. Keep it off the nodes (offline); whoever holds it can
#                            mint certificates that every node accepts. Its password is DREAM_TLS_CA_PASSWORD
#                            when set, else DREAM_TLS_PASSWORD.
#   OUT_DIR/ca.pem           the CA certificate (public)
#   OUT_DIR/truststore.p12   the CA certificate only: give it to every node (DREAM_TLS_TRUSTSTORE)
#   OUT_DIR/NODE.p12         that node's private key and certificate chain: give it to that node only
#                            (DREAM_TLS_KEYSTORE)
#
# Passwords travel through the environment (openssl's -passin/-passout env:VAR), never on a command line.
# Use a CA made for this cluster only: any certificate it signed can join (tls.conf explains why).
# Environment: DREAM_TLS_VALIDITY_DAYS (node certificates, default 825).
set -euo pipefail

die() { printf 'make-certs: %s\n' "$*" >&2; exit 2; }

(($# >= 2)) || die "usage: DREAM_TLS_PASSWORD=... $0 OUT_DIR NODE [NODE ...]"
[[ -n ${DREAM_TLS_PASSWORD:-} ]] || die "set DREAM_TLS_PASSWORD (6 characters or more) in the environment"
((${#DREAM_TLS_PASSWORD} >= 6)) || die "DREAM_TLS_PASSWORD must have 6 characters or more"
export DREAM_TLS_PASSWORD
export DREAM_TLS_CA_PASSWORD=${DREAM_TLS_CA_PASSWORD:-$DREAM_TLS_PASSWORD}
command -v openssl >/dev/null || die "openssl not found: install Debian's openssl package"

out=$1
shift
mkdir -p "$out"
umask 077 # key stores are readable by their owner only
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# openssl's chatter is shown only when it fails.
ossl() {
  local said
  said=$(openssl "$@" 2>&1) || { printf '%s\n' "$said" >&2; die "openssl $1 failed"; }
}

if [[ ! -f $out/ca.p12 ]]; then
  # EC P-256 keys: fast to make and to use; TLS 1.3 (tls.conf) has cipher suites for any key type.
  ossl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 -nodes -keyout "$work/ca.key" \
    -subj "/CN=Dream cluster CA" -days 3650 -out "$out/ca.pem" \
    -addext "basicConstraints=critical,CA:true,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign"
  ossl pkcs12 -export -name dream-ca -inkey "$work/ca.key" -in "$out/ca.pem" -out "$out/ca.p12" \
    -passout env:DREAM_TLS_CA_PASSWORD
  rm -f "$out/truststore.p12"
  ossl pkcs12 -export -nokeys -name dream-ca -in "$out/ca.pem" -out "$out/truststore.p12" -passout env:DREAM_TLS_PASSWORD
else
  ossl pkcs12 -in "$out/ca.p12" -nocerts -nodes -out "$work/ca.key" -passin env:DREAM_TLS_CA_PASSWORD
fi

for node in "$@"; do
  [[ $node =~ ^[A-Za-z0-9._:-]+$ ]] || die "'$node' is not a host name or IP address"
  if [[ $node =~ ^[0-9.]+$ || $node == *:* ]]; then san=IP:$node; else san=DNS:$node; fi
  store=$out/$node.p12
  rm -f "$store"
  ossl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 -nodes -keyout "$work/node.key" \
    -subj "/CN=$node" -out "$work/node.csr"
  printf 'keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=%s\n' "$san" > "$work/node.ext"
  ossl x509 -req -in "$work/node.csr" -CA "$out/ca.pem" -CAkey "$work/ca.key" -set_serial "0x$(openssl rand -hex 16)" -sha256 \
    -days "${DREAM_TLS_VALIDITY_DAYS:-825}" -extfile "$work/node.ext" -out "$out/$node.pem"
  ossl pkcs12 -export -name node -inkey "$work/node.key" -in "$out/$node.pem" -certfile "$out/ca.pem" -out "$store" \
    -passout env:DREAM_TLS_PASSWORD
  rm -f "$work/node.key" "$work/node.csr"
  echo "make-certs: $store (CN=$node, $san)"
done
