#!/usr/bin/env bash
# make-certs.sh: a private CA for one Dream cluster and a key store per node, for hocon/tls.conf
# TLS for Akka.Remote (DotNetty) with mutual authentication). Only keytool (part of every JDK) is needed.
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
# Passwords travel through the environment (keytool's -storepass:env), never on a command line.
# Use a CA made for this cluster only: any certificate it signed can join (tls.conf explains why).
# Environment: JAVA_HOME (else keytool on PATH), DREAM_TLS_VALIDITY_DAYS (node certificates, default 825).
set -euo pipefail

die() { printf 'make-certs: %s\n' "$*" >&2; exit 2; }

(($# >= 2)) || die "usage: DREAM_TLS_PASSWORD=... $0 OUT_DIR NODE [NODE ...]"
[[ -n ${DREAM_TLS_PASSWORD:-} ]] || die "set DREAM_TLS_PASSWORD (6 characters or more) in the environment"
((${#DREAM_TLS_PASSWORD} >= 6)) || die "DREAM_TLS_PASSWORD must have 6 characters or more"
export DREAM_TLS_PASSWORD
export DREAM_TLS_CA_PASSWORD=${DREAM_TLS_CA_PASSWORD:-$DREAM_TLS_PASSWORD}

if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/keytool ]]; then
  keytool=$JAVA_HOME/bin/keytool
else
  keytool=$(command -v keytool) || die "keytool not found: install a JDK or set JAVA_HOME"
fi

out=$1
shift
mkdir -p "$out"
umask 077 # key stores are readable by their owner only

# keytool's chatter is shown only when it fails. Each call is a short-lived JVM: C1 and the serial
# collector start it about twice as fast.
kt() {
  local said
  said=$("$keytool" -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC -noprompt "$@" 2>&1) || { printf '%s\n' "$said" >&2; die "keytool $1 failed"; }
}

if [[ ! -f $out/ca.p12 ]]; then
  # EC P-256 keys: fast to make and to use; TLS 1.3 (tls.conf) has cipher suites for any key type.
  kt -genkeypair -alias dream-ca -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA \
    -dname "CN=Dream cluster CA" -ext bc:c=ca:true,pathlen:0 -ext ku:c=keyCertSign,cRLSign \
    -validity 3650 -keystore "$out/ca.p12" -storetype PKCS12 -storepass:env DREAM_TLS_CA_PASSWORD
  kt -exportcert -rfc -alias dream-ca -keystore "$out/ca.p12" -storepass:env DREAM_TLS_CA_PASSWORD -file "$out/ca.pem"
  rm -f "$out/truststore.p12"
  kt -importcert -alias dream-ca -file "$out/ca.pem" -keystore "$out/truststore.p12" -storetype PKCS12 \
    -storepass:env DREAM_TLS_PASSWORD
fi

for node in "$@"; do
  [[ $node =~ ^[A-Za-z0-9._:-]+$ ]] || die "'$node' is not a host name or IP address"
  if [[ $node =~ ^[0-9.]+$ || $node == *:* ]]; then san=ip:$node; else san=dns:$node; fi
  store=$out/$node.p12
  rm -f "$store"
  kt -genkeypair -alias node -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA -dname "CN=$node" \
    -validity "${DREAM_TLS_VALIDITY_DAYS:-825}" -keystore "$store" -storetype PKCS12 -storepass:env DREAM_TLS_PASSWORD
  kt -certreq -alias node -keystore "$store" -storepass:env DREAM_TLS_PASSWORD -file "$out/$node.csr"
  kt -gencert -rfc -alias dream-ca -keystore "$out/ca.p12" -storepass:env DREAM_TLS_CA_PASSWORD \
    -infile "$out/$node.csr" -outfile "$out/$node.pem" -validity "${DREAM_TLS_VALIDITY_DAYS:-825}" \
    -ext ku:c=digitalSignature -ext eku=serverAuth,clientAuth -ext "san=$san"
  # The reply is accepted only when its issuer is known: the CA certificate goes in first.
  kt -importcert -alias dream-ca -file "$out/ca.pem" -keystore "$store" -storepass:env DREAM_TLS_PASSWORD
  kt -importcert -alias node -file "$out/$node.pem" -keystore "$store" -storepass:env DREAM_TLS_PASSWORD
  rm -f "$out/$node.csr"
  echo "make-certs: $store (CN=$node, $san)"
done
