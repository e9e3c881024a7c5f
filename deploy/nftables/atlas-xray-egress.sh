#!/usr/bin/env bash
# Loads deploy/nftables/atlas-xray-egress.nft for Xray's user and fills in this host's own public addresses
# and its DNS resolvers. Idempotent: the table is replaced as a whole, atomically (one `nft -f`).
# Usage: atlas-xray-egress.sh [--user NAME|UID] [--ruleset FILE] [--own ADDRESS]... [--print]
#   --own   use these addresses as the host's own instead of the global addresses of its interfaces
#   --print show the rendered ruleset instead of loading it
set -Eeuo pipefail

user="xray"
ruleset="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/atlas-xray-egress.nft"
own=()
print=false
while (($#)); do
  case "$1" in
    --user) user="$2"; shift 2 ;;
    --ruleset) ruleset="$2"; shift 2 ;;
    --own) own+=("$2"); shift 2 ;;
    --print) print=true; shift ;;
    *) echo "atlas-xray-egress: unknown argument $1" >&2; exit 2 ;;
  esac
done

[[ -r "$ruleset" ]] || { echo "atlas-xray-egress: cannot read $ruleset" >&2; exit 1; }
if [[ ! "$user" =~ ^[0-9]+$ ]]; then
  uid="$(id -u "$user" 2>/dev/null)" || { echo "atlas-xray-egress: no such user: $user" >&2; exit 1; }
else
  uid="$user"
fi
((uid != 0)) || { echo "atlas-xray-egress: refusing uid 0: the rules would cut the host off" >&2; exit 1; }

if ((${#own[@]} == 0)); then
  # Every global address of every interface, v4 and v6 (a cloud VM's public IP, a secondary IP, ...).
  mapfile -t own < <(ip -o addr show scope global | awk '{split($4, a, "/"); print a[1]}')
fi
mapfile -t resolvers < <(awk '$1 == "nameserver" {print $2}' /etc/resolv.conf 2>/dev/null | sed 's/%.*//')

v4=(); v6=(); r4=(); r6=()
for address in "${own[@]}"; do
  if [[ "$address" == *:* ]]; then v6+=("$address"); else v4+=("$address"); fi
done
for address in "${resolvers[@]}"; do
  if [[ "$address" == *:* ]]; then r6+=("$address"); else r4+=("$address"); fi
done

joined() { local IFS=,; echo "$*"; }
{
  sed "s/\$xray_user/$uid/" "$ruleset"
  ((${#v4[@]})) && echo "add element inet atlas_xray_egress own_v4 { $(joined "${v4[@]}") }"
  ((${#v6[@]})) && echo "add element inet atlas_xray_egress own_v6 { $(joined "${v6[@]}") }"
  ((${#r4[@]})) && echo "add element inet atlas_xray_egress resolvers_v4 { $(joined "${r4[@]}") }"
  ((${#r6[@]})) && echo "add element inet atlas_xray_egress resolvers_v6 { $(joined "${r6[@]}") }"
  true
} >"${TMPDIR:-/tmp}/atlas-xray-egress.$$.nft"
trap 'rm -f "${TMPDIR:-/tmp}/atlas-xray-egress.$$.nft"' EXIT

if $print; then
  cat "${TMPDIR:-/tmp}/atlas-xray-egress.$$.nft"
  exit 0
fi
nft -c -f "${TMPDIR:-/tmp}/atlas-xray-egress.$$.nft"   # check first: a bad file changes nothing
nft -f "${TMPDIR:-/tmp}/atlas-xray-egress.$$.nft"
echo "atlas-xray-egress: loaded for uid $uid; own: ${own[*]:-none}; resolvers: ${resolvers[*]:-none}"
