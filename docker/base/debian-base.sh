#!/bin/sh
# The two base images of docker/Dockerfile, built from Debian packages (debootstrap) and this machine's .NET
# installation, for machines where no registry serves Microsoft's .NET images:
#
#   localhost/dream-base:sdk       Debian bookworm (minbase) + the .NET SDK          --build-arg SDK_IMAGE=...
#   localhost/dream-base:runtime   Debian bookworm (minbase) + .NET and ASP.NET Core  --build-arg RUNTIME_IMAGE=...
#
# Usage (as root, with debootstrap installed): docker/base/debian-base.sh [podman|docker]
# Environment: DREAM_BASE_MIRROR (default http://deb.debian.org/debian), DOTNET_ROOT (default: where `dotnet` is),
# DREAM_BASE_ROOTFS (a bookworm tree debootstrapped before with the packages below: copied instead of made anew).
# The runtime libraries .NET needs on Linux (ICU, OpenSSL, zlib, Kerberos for Npgsql, CA certificates, tzdata)
# come from Debian; .NET itself is copied from the host, since Debian packages no .NET 10.
set -eu
engine=${1:-podman}
mirror=${DREAM_BASE_MIRROR:-http://deb.debian.org/debian}
dotnet_root=${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}
[ -x "$dotnet_root/dotnet" ] || { echo "debian-base.sh: no dotnet under $dotnet_root (set DOTNET_ROOT)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "debian-base.sh: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

if [ -n "${DREAM_BASE_ROOTFS:-}" ]; then # a debootstrapped tree made before (debootstrap takes minutes)
  cp -a "$DREAM_BASE_ROOTFS" "$rootfs"
else
  debootstrap --variant=minbase \
    --include=ca-certificates,libicu72,libssl3,zlib1g,libgssapi-krb5-2,tzdata \
    bookworm "$rootfs" "$mirror"
fi
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
# The certificate authorities this machine trusts beyond Debian's (a proxy's, say), so that the image build's
# NuGet restore trusts what the host trusts.
if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
  cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
  chroot "$rootfs" update-ca-certificates >/dev/null
fi

import() { # $1: tag
  tar -C "$rootfs" -c . | "$engine" import \
    --change 'ENV DOTNET_ROOT=/usr/share/dotnet' \
    --change 'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1' \
    --change 'ENV DOTNET_NOLOGO=1' \
    --change 'CMD ["/bin/bash"]' - "localhost/dream-base:$1"
}

# The runtime: the host (muxer) and the shared frameworks only.
mkdir -p "$rootfs/usr/share/dotnet"
cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$dotnet_root/shared" "$rootfs/usr/share/dotnet/"
ln -sf /usr/share/dotnet/dotnet "$rootfs/usr/bin/dotnet"
import runtime
# The SDK: everything under DOTNET_ROOT.
cp -a "$dotnet_root/." "$rootfs/usr/share/dotnet/"
import sdk
"$engine" images localhost/dream-base
